using Wirecase.Packets;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

/// <summary>
/// Every field a filter can name, with Wireshark's names and meanings (frame, eth, vlan, arp, ip, ipv6, icmp, icmpv6,
/// tcp with tcp.analysis.*, udp, dns, http, tls, smtp, and Wirecase's own). Built once; lookups by exact name, and
/// near names for "did you mean".
/// </summary>
public static partial class FieldCatalog
{
    private static readonly Dictionary<string, FieldDefinition> ByName = new(StringComparer.Ordinal);

    static FieldCatalog()
    {
        AddLinkFields();
        AddNetworkFields();
        AddTransportFields();
        AddAnalysisFields();
        AddApplicationFields();
        AddMessageFields();
    }

    public static IReadOnlyCollection<FieldDefinition> All => ByName.Values;

    public static FieldDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The known field closest to a misspelt name, when one is close enough to be a likely meaning.</summary>
    public static string? Closest(string name)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in ByName.Keys)
        {
            if (Math.Abs(candidate.Length - name.Length) > 3) continue;
            int d = Distance(name, candidate);
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = d;
            }
        }
        // A prefix of a real field ("tcp.prot") is also a likely typo.
        if (bestDistance > 2)
        {
            var prefixed = ByName.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (prefixed is not null) return prefixed;
        }
        return bestDistance <= Math.Max(2, name.Length / 4) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    // ---------------------------------------------------------------- builders

    private delegate bool Present(in FrameView f);
    private delegate long NumberOf(in FrameView f);
    private delegate double SecondsOf(in FrameView f);
    private delegate IpAddressValue AddressOf(in FrameView f);
    private delegate int OffsetOf(in FrameView f);
    private delegate string? TextOf(in FrameView f);

    private static void Add(FieldDefinition d) => ByName.Add(d.Name, d);

    private static void Protocol(string name, string description, Present has, OffsetOf start, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Protocol, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            int offset = Math.Clamp(start(f), 0, f.Data.Length);
            into[0].Offset = offset;
            into[0].Length = f.Data.Length - offset;
            return 1;
        }, needs));

    private static void Number(string name, string description, Present has, NumberOf value, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Number, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Number = value(f);
            return 1;
        }, needs));

    private static void Numbers(string name, string description, Present has, NumberOf first, NumberOf second, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Number, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Number = first(f);
            into[1].Number = second(f);
            return 2;
        }, needs));

    private static void Flag(string name, string description, Present has, Present value, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Boolean, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Number = value(f) ? 1 : 0;
            return 1;
        }, needs));

    private static void Seconds(string name, string description, Present has, SecondsOf value, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Seconds, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Real = value(f);
            return 1;
        }, needs));

    private static void Label(string name, string description, Present has, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Label, description, (in FrameView f, FieldValue[] into) => has(f) ? 1 : 0, needs));

    private static void Text(string name, string description, TextOf value, FieldNeeds needs = FieldNeeds.None) =>
        Add(new(name, FieldType.Text, description, (in FrameView f, FieldValue[] into) =>
        {
            if (value(f) is not { } text) return 0;
            into[0].Text = text;
            return 1;
        }, needs));

    private static void Address(string name, string description, Present has, AddressOf value) =>
        Add(new(name, FieldType.Address, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Address = value(f);
            return 1;
        }));

    private static void Ether(string name, string description, Present has, NumberOf value) =>
        Add(new(name, FieldType.Ether, description, (in FrameView f, FieldValue[] into) =>
        {
            if (!has(f)) return 0;
            into[0].Number = value(f);
            return 1;
        }));
}
