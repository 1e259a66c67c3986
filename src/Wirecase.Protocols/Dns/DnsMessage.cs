using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Wirecase.Protocols.Dns;

/// <summary>A DNS message (RFC 1035 §4) as far as Wirecase needs it: header, first question, answer summaries.</summary>
public sealed class DnsMessage
{
    public required ushort Id { get; init; }
    public required bool IsResponse { get; init; }
    public required byte Opcode { get; init; }
    public required byte Rcode { get; init; }
    public bool Truncated { get; init; }
    public string Name { get; init; } = "";
    public ushort Type { get; init; }
    public int Questions { get; init; }
    public int AnswerCount { get; init; }
    /// <summary>"A 192.0.2.1", "CNAME example.org", … for the answer section.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];
    /// <summary>The header parsed but a name or record after it did not (what follows it is not read).</summary>
    public bool Malformed { get; init; }

    public string RcodeName => DnsNames.Rcode(Rcode);

    private const int MaxAnswers = 32;

    /// <summary>Parses a message; null when even the 12-byte header is not there.</summary>
    public static DnsMessage? TryParse(ReadOnlySpan<byte> m)
    {
        if (m.Length < 12) return null;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(m);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(m[2..]);
        int qd = BinaryPrimitives.ReadUInt16BigEndian(m[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(m[6..]);
        int at = 12;
        string name = "";
        ushort type = 0;
        bool malformed = false;
        if (qd > 0)
        {
            if (!TryName(m, ref at, out name) || at + 4 > m.Length) malformed = true;
            else
            {
                type = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
                at += 4;
                for (int i = 1; i < qd && !malformed; i++)
                {
                    if (!TryName(m, ref at, out _) || at + 4 > m.Length) malformed = true;
                    else at += 4;
                }
            }
        }
        var answers = new List<string>();
        for (int i = 0; i < an && answers.Count < MaxAnswers && !malformed; i++)
        {
            if (!TryName(m, ref at, out _) || at + 10 > m.Length) break;
            ushort rtype = BinaryPrimitives.ReadUInt16BigEndian(m[at..]);
            int rdlength = BinaryPrimitives.ReadUInt16BigEndian(m[(at + 8)..]);
            at += 10;
            if (at + rdlength > m.Length) break;
            answers.Add(Answer(m, at, rtype, rdlength));
            at += rdlength;
        }
        return new DnsMessage
        {
            Id = id, IsResponse = (flags & 0x8000) != 0, Opcode = (byte)(flags >> 11 & 0xF), Truncated = (flags & 0x0200) != 0,
            Rcode = (byte)(flags & 0xF), Name = name, Type = type, Questions = qd, AnswerCount = an, Answers = answers, Malformed = malformed,
        };
    }

    private static string Answer(ReadOnlySpan<byte> m, int at, ushort type, int length)
    {
        var rdata = m.Slice(at, length);
        string typeName = DnsNames.Type(type);
        switch (type)
        {
            case 1 when length == 4: return $"A {new IPAddress(rdata)}";
            case 28 when length == 16: return $"AAAA {new IPAddress(rdata)}";
            case 2 or 5 or 12:
            {
                int p = at;
                return TryName(m, ref p, out string target) ? $"{typeName} {target}" : typeName;
            }
            case 15 when length > 2:
            {
                int p = at + 2;
                return TryName(m, ref p, out string exchange) ? $"MX {BinaryPrimitives.ReadUInt16BigEndian(rdata)} {exchange}" : typeName;
            }
            default: return typeName;
        }
    }

    /// <summary>Reads a possibly compressed name (RFC 1035 §4.1.4) with loop and length limits.</summary>
    public static bool TryName(ReadOnlySpan<byte> m, ref int at, out string name)
    {
        var sb = new StringBuilder();
        int p = at, jumps = 0;
        bool jumped = false;
        name = "";
        while (true)
        {
            if (p >= m.Length) return false;
            byte len = m[p];
            if ((len & 0xC0) == 0xC0)
            {
                if (p + 1 >= m.Length || ++jumps > 16) return false;
                if (!jumped) at = p + 2;
                jumped = true;
                p = (len & 0x3F) << 8 | m[p + 1];
                continue;
            }
            if ((len & 0xC0) != 0) return false;
            p++;
            if (len == 0) break;
            if (p + len > m.Length || sb.Length + len > 255) return false;
            if (sb.Length > 0) sb.Append('.');
            foreach (byte b in m.Slice(p, len)) sb.Append(b is > 0x20 and < 0x7F ? (char)b : '?');
            p += len;
        }
        if (!jumped) at = p;
        name = sb.Length == 0 ? "<Root>" : sb.ToString();
        return true;
    }
}

public static class DnsNames
{
    public static string Rcode(byte r) => r switch
    {
        0 => "No error",
        1 => "Format error",
        2 => "Server failure",
        3 => "No such name",
        4 => "Not implemented",
        5 => "Refused",
        _ => $"Rcode {r}",
    };

    public static string Type(ushort t) => t switch
    {
        1 => "A", 2 => "NS", 5 => "CNAME", 6 => "SOA", 12 => "PTR", 15 => "MX", 16 => "TXT", 28 => "AAAA", 33 => "SRV",
        35 => "NAPTR", 41 => "OPT", 43 => "DS", 46 => "RRSIG", 47 => "NSEC", 48 => "DNSKEY", 64 => "SVCB", 65 => "HTTPS",
        252 => "AXFR", 255 => "ANY",
        _ => $"TYPE{t}",
    };
}
