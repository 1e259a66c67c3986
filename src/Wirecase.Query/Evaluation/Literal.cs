using System.Globalization;
using System.Net;
using System.Text;
using Wirecase.Packets;
using Wirecase.Query.Fields;
using Wirecase.Query.Syntax;

namespace Wirecase.Query.Evaluation;

/// <summary>A value written in the filter, read as the type of the field it is compared with.</summary>
internal sealed class Literal
{
    public long Number;
    public double Real;
    public IpAddressValue Address;
    /// <summary>Bits of <see cref="Address"/> that must match (a CIDR prefix; the whole address without one).</summary>
    public int PrefixBits;
    public byte[] Bytes = [];
    public string Text = "";

    public static Literal Read(Operand o, FieldType type, string field, bool asBytes)
    {
        string s = o.Text;
        var l = new Literal();
        if (asBytes)
        {
            l.Bytes = o.Quoted ? Encoding.UTF8.GetBytes(s) : ParseBytes(s) ?? throw Bad(o, $"a byte string such as 00:1a:2b (for {field})");
            return l;
        }
        switch (type)
        {
            case FieldType.Number:
                if (!TryNumber(s, out l.Number)) throw Bad(o, $"a number (for {field})");
                break;
            case FieldType.Boolean:
                if (s is "1" or "True" or "true" or "TRUE") l.Number = 1;
                else if (s is "0" or "False" or "false" or "FALSE") l.Number = 0;
                else if (TryNumber(s, out long n)) l.Number = n == 0 ? 0 : 1;
                else throw Bad(o, $"1/0 or True/False (for {field})");
                break;
            case FieldType.Seconds:
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out l.Real)) throw Bad(o, $"a number of seconds (for {field})");
                break;
            case FieldType.Address:
            {
                string text = s;
                int slash = s.IndexOf('/');
                int bits = -1;
                if (slash >= 0)
                {
                    text = s[..slash];
                    if (!int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out bits)) throw Bad(o, $"an address or network such as 198.18.0.0/15 (for {field})");
                }
                if (o.Quoted || !IPAddress.TryParse(text, out var ip) || (!text.Contains('.') && !text.Contains(':')))
                    throw Bad(o, $"an IP address (host names are not looked up) (for {field})");
                Span<byte> b = stackalloc byte[16];
                ip.TryWriteBytes(b, out int written);
                l.Address = written == 4 ? IpAddressValue.V4(b[..4]) : IpAddressValue.V6(b[..16]);
                int max = written * 8;
                if (bits > max) throw Bad(o, $"a prefix of at most {max} bits");
                l.PrefixBits = bits < 0 ? max : bits;
                bool v6Field = field.StartsWith("ipv6", StringComparison.Ordinal);
                bool v4Field = field.StartsWith("ip.", StringComparison.Ordinal) || field.StartsWith("arp.", StringComparison.Ordinal);
                if ((v6Field && written == 4) || (v4Field && written == 16))
                    throw new FilterException($"{field} holds {(v6Field ? "IPv6" : "IPv4")} addresses; '{s}' is {(written == 4 ? "IPv4" : "IPv6")}", o.Position, o.Length,
                        v6Field ? field.Replace("ipv6", "ip", StringComparison.Ordinal) : field.Replace("ip.", "ipv6.", StringComparison.Ordinal));
                break;
            }
            case FieldType.Ether:
                if (ParseMac(s) is not { } mac) throw Bad(o, $"a MAC address such as 00:1a:2b:3c:4d:5e (for {field})");
                l.Number = mac;
                break;
            case FieldType.Bytes:
            case FieldType.Protocol:
                l.Bytes = o.Quoted ? Encoding.UTF8.GetBytes(s) : ParseBytes(s) ?? throw Bad(o, $"a byte string such as 00:1a:2b or a quoted string (for {field})");
                break;
            case FieldType.Text:
                l.Text = s;
                break;
            case FieldType.Label:
                throw new FilterException($"{field} is a flag without a value: test it alone (for example 'not {field}')", o.Position, o.Length);
        }
        return l;
    }

    private static FilterException Bad(Operand o, string expected) =>
        new($"'{o.Text}' is not {expected}", o.Position, o.Length);

    public static bool TryNumber(string s, out long value)
    {
        bool negative = s.StartsWith('-');
        string body = negative ? s[1..] : s;
        bool ok;
        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = long.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else if (body.Length > 1 && body[0] == '0' && body.All(char.IsAsciiDigit))
        {
            value = 0;
            ok = body.All(c => c <= '7');
            if (ok) foreach (char c in body) value = value * 8 + (c - '0');
        }
        else
            ok = long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (negative) value = -value;
        return ok;
    }

    /// <summary>00:1a:2b, 00-1a-2b, 00.1a.2b, a single byte "0a", or 001a2b (an even run of hex digits).</summary>
    public static byte[]? ParseBytes(string s)
    {
        string[] parts = s.Split(':', '-', '.');
        if (parts.Length == 1)
        {
            if (s.Length == 0 || s.Length % 2 != 0 || !s.All(char.IsAsciiHexDigit)) return null;
            return Convert.FromHexString(s);
        }
        var bytes = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is < 1 or > 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i])) return null;
        }
        return bytes;
    }

    public static long? ParseMac(string s)
    {
        byte[]? b = null;
        if (s.Length == 14 && s[4] == '.' && s[9] == '.') b = ParseBytes(s.Replace(".", "", StringComparison.Ordinal));
        else b = ParseBytes(s);
        if (b is not { Length: 6 }) return null;
        long v = 0;
        foreach (byte x in b) v = (v << 8) | x;
        return v;
    }
}
