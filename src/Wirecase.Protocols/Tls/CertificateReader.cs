using System.Globalization;
using System.Text;

namespace Wirecase.Protocols.Tls;

/// <summary>
/// The subject, issuer and validity of an X.509 certificate (RFC 5280 §4.1) read straight from its DER encoding:
/// Certificate → tbsCertificate → [version] serialNumber signature issuer validity subject. Names are written like
/// .NET's X500DistinguishedName ("CN=…, O=…, C=…", most specific first). Anything unexpected gives null.
/// </summary>
internal static class CertificateReader
{
    private const byte Sequence = 0x30, Set = 0x31, Oid = 0x06, UtcTime = 0x17, GeneralizedTime = 0x18, ContextVersion = 0xA0;

    public static TlsCertificate? Read(ReadOnlySpan<byte> der)
    {
        if (!TryElement(ref der, Sequence, out var certificate)) return null;
        if (!TryElement(ref certificate, Sequence, out var tbs)) return null;
        if (tbs.Length > 0 && tbs[0] == ContextVersion && !TrySkip(ref tbs)) return null;
        if (!TrySkip(ref tbs) || !TrySkip(ref tbs)) return null;   // serialNumber, signature
        if (!TryElement(ref tbs, Sequence, out var issuer) || !TryElement(ref tbs, Sequence, out var validity) ||
            !TryElement(ref tbs, Sequence, out var subject)) return null;
        if (!TryTime(ref validity, out var notBefore) || !TryTime(ref validity, out var notAfter)) return null;
        string? s = Name(subject), i = Name(issuer);
        return s is null || i is null ? null : new TlsCertificate(s, i, notBefore, notAfter);
    }

    private static string? Name(ReadOnlySpan<byte> rdnSequence)
    {
        var parts = new List<string>();
        while (!rdnSequence.IsEmpty)
        {
            if (!TryElement(ref rdnSequence, Set, out var rdn)) return null;
            while (!rdn.IsEmpty)
            {
                if (!TryElement(ref rdn, Sequence, out var attribute) || !TryElement(ref attribute, Oid, out var oid) ||
                    !TryAny(ref attribute, out byte tag, out var value)) return null;
                parts.Add($"{AttributeName(oid)}={Text(tag, value)}");
            }
        }
        parts.Reverse();
        return string.Join(", ", parts);
    }

    private static string AttributeName(ReadOnlySpan<byte> oid)
    {
        // 2.5.4.N is encoded 55 04 N.
        if (oid.Length == 3 && oid[0] == 0x55 && oid[1] == 0x04)
        {
            return oid[2] switch
            {
                3 => "CN", 4 => "SN", 5 => "SERIALNUMBER", 6 => "C", 7 => "L", 8 => "S", 9 => "STREET", 10 => "O", 11 => "OU",
                12 => "T", 42 => "G", 43 => "I", _ => "OID.2.5.4." + oid[2].ToString(CultureInfo.InvariantCulture),
            };
        }
        if (oid.SequenceEqual(new byte[] { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01 })) return "E";
        if (oid.SequenceEqual(new byte[] { 0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19 })) return "DC";
        return "OID." + Convert.ToHexString(oid);
    }

    private static string Text(byte tag, ReadOnlySpan<byte> value) => tag switch
    {
        0x1E => Encoding.BigEndianUnicode.GetString(value),   // BMPString
        _ => Encoding.UTF8.GetString(value),                   // UTF8String, PrintableString, IA5String, T61String
    };

    private static bool TryTime(ref ReadOnlySpan<byte> data, out DateTime time)
    {
        time = default;
        if (!TryAny(ref data, out byte tag, out var value)) return false;
        string text = Encoding.ASCII.GetString(value);
        string format = tag == UtcTime ? "yyMMddHHmmss'Z'" : tag == GeneralizedTime ? "yyyyMMddHHmmss'Z'" : "";
        return format.Length > 0 && DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out time);
    }

    private static bool TryElement(ref ReadOnlySpan<byte> data, byte expectedTag, out ReadOnlySpan<byte> value) =>
        TryAny(ref data, out byte tag, out value) && tag == expectedTag;

    private static bool TrySkip(ref ReadOnlySpan<byte> data) => TryAny(ref data, out _, out _);

    /// <summary>One DER element (single-byte tag, definite length).</summary>
    private static bool TryAny(ref ReadOnlySpan<byte> data, out byte tag, out ReadOnlySpan<byte> value)
    {
        tag = 0;
        value = default;
        if (data.Length < 2) return false;
        tag = data[0];
        int length = data[1], at = 2;
        if ((length & 0x80) != 0)
        {
            int bytes = length & 0x7F;
            if (bytes is 0 or > 3 || data.Length < 2 + bytes) return false;
            length = 0;
            for (int i = 0; i < bytes; i++) length = length << 8 | data[2 + i];
            at += bytes;
        }
        if (data.Length - at < length) return false;
        value = data.Slice(at, length);
        data = data[(at + length)..];
        return true;
    }
}
