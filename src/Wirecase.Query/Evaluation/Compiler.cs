using System.Text;
using System.Text.RegularExpressions;
using Wirecase.Query.Fields;
using Wirecase.Query.Syntax;

namespace Wirecase.Query.Evaluation;

internal delegate bool FrameTest(in FrameView f);

internal delegate bool ValueTest(in FrameView f, in FieldValue v);

/// <summary>
/// Turns the parsed filter into one predicate, with Wireshark's meanings: a comparison holds when any occurrence of
/// the field satisfies it (<c>ip.addr == a</c> is the source or the destination); <c>!=</c> holds when every
/// occurrence differs (and there is one), <c>~=</c> when any does, <c>===</c> when all are equal; <c>matches</c> is a
/// case-insensitive regular expression unless it says <c>(?-i)</c>. Literals are read once, as the field's type.
/// </summary>
internal sealed class Compiler
{
    private const int MaxOccurrences = 8;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public FieldNeeds Needs { get; private set; }
    public HashSet<string> FieldsUsed { get; } = new(StringComparer.Ordinal);

    public FrameTest Compile(FilterNode node) => node switch
    {
        OrNode o => Or(Compile(o.Left), Compile(o.Right)),
        AndNode a => And(Compile(a.Left), Compile(a.Right)),
        NotNode n => Not(Compile(n.Inner)),
        ExistsNode e => Exists(e),
        CompareNode c => Compare(c),
        InNode i => In(i),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static FrameTest Or(FrameTest a, FrameTest b) => (in FrameView f) => a(f) || b(f);
    private static FrameTest And(FrameTest a, FrameTest b) => (in FrameView f) => a(f) && b(f);
    private static FrameTest Not(FrameTest a) => (in FrameView f) => !a(f);

    private FieldDefinition Field(Operand o)
    {
        if (o.Quoted) throw new FilterException($"a quoted string (\"{o.Text}\") cannot be tested on its own: compare a field with it", o.Position, o.Length);
        if (FieldCatalog.Find(o.Text) is { } d)
        {
            Needs |= d.Needs;
            FieldsUsed.Add(d.Name);
            return d;
        }
        if (Literal.TryNumber(o.Text, out _) || char.IsAsciiDigit(o.Text[0]))
            throw new FilterException($"'{o.Text}' is a value, not a field: compare a field with it (for example tcp.port == {o.Text})", o.Position, o.Length);
        throw new FilterException($"\"{o.Text}\" is not a field Wirecase knows", o.Position, o.Length, FieldCatalog.Closest(o.Text));
    }

    private FrameTest Exists(ExistsNode e)
    {
        var d = Field(e.Field);
        var buffer = new FieldValue[MaxOccurrences];
        var extract = d.Extract;
        return (in FrameView f) => extract(f, buffer) > 0;
    }

    private FrameTest Compare(CompareNode c)
    {
        var d = Field(c.Field);
        var buffer = new FieldValue[MaxOccurrences];
        var extract = d.Extract;
        var slice = c.Field.Slice;
        var type = slice is null ? d.Type : FieldType.Bytes;
        if (slice is not null && d.Type is FieldType.Number or FieldType.Boolean or FieldType.Seconds or FieldType.Label)
            throw new FilterException($"{d.Name} is a number: it has no bytes to take a range of", c.Field.Position, c.Field.Length);

        // The other side is a field when it names one (ip.src == ip.dst); otherwise a literal of this field's type.
        if (!c.Value.Quoted && c.Value.Slice is null && FieldCatalog.Find(c.Value.Text) is { } otherField && !LooksLiteral(c.Value.Text, d.Type))
            return FieldAgainstField(c, d, otherField);

        bool bytesLiteral = slice is not null || (c.Relation is "contains" or "matches" && d.Type is FieldType.Protocol or FieldType.Bytes);
        if (c.Relation == "matches")
        {
            if (d.Type is not (FieldType.Text or FieldType.Protocol or FieldType.Bytes) && slice is null)
                throw new FilterException($"'matches' works on text and bytes; {d.Name} is {Describe(d.Type)}", c.RelationAt, 7);
            Regex regex;
            try
            {
                regex = new Regex(c.Value.Text, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new FilterException($"not a valid regular expression: {e.Message}", c.Value.Position, c.Value.Length);
            }
            ValueTest matches = (in FrameView f, in FieldValue v) =>
            {
                string s = type == FieldType.Text ? v.Text! : Encoding.Latin1.GetString(BytesOf(f, v, d.Type, slice, new byte[64]));
                try { return regex.IsMatch(s); }
                catch (RegexMatchTimeoutException) { return false; }
            };
            return Any(extract, buffer, matches);
        }
        if (c.Relation == "contains" && d.Type is not (FieldType.Text or FieldType.Protocol or FieldType.Bytes or FieldType.Ether or FieldType.Address) && slice is null)
            throw new FilterException($"'contains' works on text and bytes; {d.Name} is {Describe(d.Type)}", c.RelationAt, 8);
        if (d.Type == FieldType.Protocol && slice is null && c.Relation is not "contains")
            throw new FilterException($"{d.Name} is a protocol: test it alone, or with 'contains', 'matches' or a byte range such as {d.Name}[0:2]", c.RelationAt, c.Relation.Length);

        var literal = Literal.Read(c.Value, type, d.Name, bytesLiteral || (c.Relation == "contains" && d.Type is FieldType.Ether or FieldType.Address));
        if (c.Relation == "contains") bytesLiteral = d.Type is not FieldType.Text;
        var equal = Equal(d.Type, slice, literal, bytesLiteral);
        return c.Relation switch
        {
            "==" => Any(extract, buffer, equal),
            "!=" => All(extract, buffer, (in FrameView f, in FieldValue v) => !equal(f, v)),
            "~=" => Any(extract, buffer, (in FrameView f, in FieldValue v) => !equal(f, v)),
            "===" => All(extract, buffer, equal),
            "contains" => Any(extract, buffer, Contains(d.Type, slice, literal)),
            _ => Any(extract, buffer, Ordered(d.Type, slice, literal, c.Relation, c)),
        };
    }

    private FrameTest In(InNode node)
    {
        var d = Field(node.Field);
        var buffer = new FieldValue[MaxOccurrences];
        var slice = node.Field.Slice;
        var type = slice is null ? d.Type : FieldType.Bytes;
        var tests = new List<ValueTest>();
        foreach (var (low, high) in node.Items)
        {
            var lo = Literal.Read(low, type, d.Name, slice is not null);
            if (high is null)
            {
                tests.Add(Equal(d.Type, slice, lo, slice is not null));
                continue;
            }
            var hi = Literal.Read(high, type, d.Name, slice is not null);
            var atLeast = Ordered(d.Type, slice, lo, ">=", null);
            var atMost = Ordered(d.Type, slice, hi, "<=", null);
            tests.Add((in FrameView f, in FieldValue v) => atLeast(f, v) && atMost(f, v));
        }
        var all = tests.ToArray();
        return Any(d.Extract, buffer, (in FrameView f, in FieldValue v) =>
        {
            foreach (var t in all)
                if (t(f, v)) return true;
            return false;
        });
    }

    private FrameTest FieldAgainstField(CompareNode c, FieldDefinition a, FieldDefinition b)
    {
        Needs |= b.Needs;
        FieldsUsed.Add(b.Name);
        if (a.Type != b.Type || a.Type is FieldType.Protocol or FieldType.Label || c.Relation is "contains" or "matches")
            throw new FilterException($"{a.Name} ({Describe(a.Type)}) and {b.Name} ({Describe(b.Type)}) cannot be compared with '{c.Relation}'", c.RelationAt, c.Relation.Length);
        var left = new FieldValue[MaxOccurrences];
        var right = new FieldValue[MaxOccurrences];
        var type = a.Type;
        string relation = c.Relation;
        var ea = a.Extract;
        var eb = b.Extract;
        return (in FrameView f) =>
        {
            int n = ea(f, left), m = eb(f, right);
            if (n == 0 || m == 0) return false;
            bool any = false, all = true;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    int cmp = CompareValues(type, left[i], right[j]);
                    bool holds = relation switch
                    {
                        "==" or "===" => cmp == 0,
                        "!=" or "~=" => cmp != 0,
                        ">" => cmp > 0,
                        "<" => cmp < 0,
                        ">=" => cmp >= 0,
                        _ => cmp <= 0,
                    };
                    any |= holds;
                    all &= holds;
                }
            return relation is "!=" or "===" ? all : any;
        };
    }

    private static int CompareValues(FieldType type, in FieldValue a, in FieldValue b) => type switch
    {
        FieldType.Seconds => a.Real.CompareTo(b.Real),
        FieldType.Address => a.Address.CompareTo(b.Address),
        FieldType.Text => string.CompareOrdinal(a.Text, b.Text),
        _ => a.Number.CompareTo(b.Number),
    };

    private static bool LooksLiteral(string text, FieldType type) =>
        type is FieldType.Number or FieldType.Boolean or FieldType.Seconds && Literal.TryNumber(text, out _);

    private static FrameTest Any(FieldExtractor extract, FieldValue[] buffer, ValueTest test) => (in FrameView f) =>
    {
        int n = extract(f, buffer);
        for (int i = 0; i < n; i++)
            if (test(f, buffer[i])) return true;
        return false;
    };

    private static FrameTest All(FieldExtractor extract, FieldValue[] buffer, ValueTest test) => (in FrameView f) =>
    {
        int n = extract(f, buffer);
        if (n == 0) return false;
        for (int i = 0; i < n; i++)
            if (!test(f, buffer[i])) return false;
        return true;
    };

    private static ValueTest Equal(FieldType type, Slice? slice, Literal l, bool asBytes)
    {
        if (asBytes || slice is not null || type is FieldType.Bytes or FieldType.Protocol)
        {
            byte[] want = l.Bytes;
            var scratch = new byte[64];
            return (in FrameView f, in FieldValue v) => BytesOf(f, v, type, slice, scratch).SequenceEqual(want);
        }
        return type switch
        {
            FieldType.Number or FieldType.Boolean or FieldType.Ether => (in FrameView f, in FieldValue v) => v.Number == l.Number,
            FieldType.Seconds => (in FrameView f, in FieldValue v) => v.Real == l.Real,
            FieldType.Address => (in FrameView f, in FieldValue v) => InPrefix(v.Address, l.Address, l.PrefixBits),
            FieldType.Text => (in FrameView f, in FieldValue v) => string.Equals(v.Text, l.Text, StringComparison.Ordinal),
            _ => (in FrameView f, in FieldValue v) => false,
        };
    }

    private static ValueTest Contains(FieldType type, Slice? slice, Literal l)
    {
        if (type == FieldType.Text && slice is null)
            return (in FrameView f, in FieldValue v) => v.Text!.Contains(l.Text, StringComparison.Ordinal);
        byte[] want = l.Bytes;
        var scratch = new byte[64];
        return (in FrameView f, in FieldValue v) => BytesOf(f, v, type, slice, scratch).IndexOf(want) >= 0;
    }

    private static ValueTest Ordered(FieldType type, Slice? slice, Literal l, string relation, CompareNode? at)
    {
        Func<int, bool> holds = relation switch
        {
            ">" => c => c > 0,
            "<" => c => c < 0,
            ">=" => c => c >= 0,
            "<=" => c => c <= 0,
            _ => throw new InvalidOperationException(relation),
        };
        if (slice is not null || type is FieldType.Bytes)
        {
            byte[] want = l.Bytes;
            var scratch = new byte[64];
            return (in FrameView f, in FieldValue v) => holds(BytesOf(f, v, type, slice, scratch).SequenceCompareTo(want));
        }
        return type switch
        {
            FieldType.Number or FieldType.Boolean or FieldType.Ether => (in FrameView f, in FieldValue v) => holds(v.Number.CompareTo(l.Number)),
            FieldType.Seconds => (in FrameView f, in FieldValue v) => holds(v.Real.CompareTo(l.Real)),
            FieldType.Address => (in FrameView f, in FieldValue v) => v.Address.Version == l.Address.Version && holds(v.Address.CompareTo(l.Address)),
            FieldType.Text => (in FrameView f, in FieldValue v) => holds(string.CompareOrdinal(v.Text, l.Text)),
            _ => throw new FilterException($"'{relation}' cannot order {Describe(type)}", at?.RelationAt ?? 0, relation.Length),
        };
    }

    private static bool InPrefix(Packets.IpAddressValue value, Packets.IpAddressValue network, int bits)
    {
        if (value.Version != network.Version) return false;
        if (bits >= value.ByteLength * 8) return value.Equals(network);
        Span<byte> a = stackalloc byte[16], b = stackalloc byte[16];
        value.CopyTo(a);
        network.CopyTo(b);
        int whole = bits / 8;
        if (!a[..whole].SequenceEqual(b[..whole])) return false;
        int rest = bits % 8;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[whole] & mask) == (b[whole] & mask);
    }

    /// <summary>A value's bytes (a frame range, a MAC or address in network order, text as UTF-8), then the slice.</summary>
    private static ReadOnlySpan<byte> BytesOf(in FrameView f, in FieldValue v, FieldType type, Slice? slice, byte[] scratch)
    {
        ReadOnlySpan<byte> bytes;
        switch (type)
        {
            case FieldType.Ether:
                for (int i = 0; i < 6; i++) scratch[i] = (byte)(v.Number >> (40 - 8 * i));
                bytes = scratch.AsSpan(0, 6);
                break;
            case FieldType.Address:
                v.Address.CopyTo(scratch);
                bytes = scratch.AsSpan(0, v.Address.ByteLength);
                break;
            case FieldType.Text:
                bytes = Encoding.UTF8.GetBytes(v.Text ?? "");
                break;
            default:
                int offset = Math.Clamp(v.Offset, 0, f.Data.Length);
                bytes = f.Data.Slice(offset, Math.Clamp(v.Length, 0, f.Data.Length - offset));
                break;
        }
        if (slice is null) return bytes;
        int start = slice.Start < 0 ? bytes.Length + slice.Start : slice.Start;
        if (start < 0 || start > bytes.Length) return default;
        int length = slice.Length ?? bytes.Length - start;
        if (start + length > bytes.Length) return default;
        return bytes.Slice(start, length);
    }

    private static string Describe(FieldType t) => t switch
    {
        FieldType.Protocol => "a protocol",
        FieldType.Number => "a number",
        FieldType.Boolean => "a flag (1/0)",
        FieldType.Seconds => "a time in seconds",
        FieldType.Address => "an IP address",
        FieldType.Ether => "a MAC address",
        FieldType.Bytes => "bytes",
        FieldType.Text => "text",
        _ => "a flag without a value",
    };
}
