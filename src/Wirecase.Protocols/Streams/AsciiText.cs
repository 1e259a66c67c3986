using System.Text;

namespace Wirecase.Protocols.Streams;

/// <summary>Protocol text (commands, headers, names) to strings, with anything non-printable shown as '.'.</summary>
internal static class AsciiText
{
    public static string Of(ReadOnlySpan<byte> bytes, int max = 512)
    {
        if (bytes.Length > max) bytes = bytes[..max];
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, b) =>
        {
            for (int i = 0; i < b.Length; i++) chars[i] = b[i] is >= 0x20 and < 0x7F ? (char)b[i] : '.';
        });
    }

    /// <summary>True when the bytes are printable text (with tabs), as a protocol line should be.</summary>
    public static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            if (b is < 0x20 and not (byte)'\t' || b == 0x7F) return false;
        return true;
    }

    public static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, string prefix)
    {
        if (text.Length < prefix.Length) return false;
        for (int i = 0; i < prefix.Length; i++)
        {
            byte b = text[i];
            if (b is >= (byte)'a' and <= (byte)'z') b -= 32;
            char c = prefix[i];
            if (c is >= 'a' and <= 'z') c = (char)(c - 32);
            if (b != c) return false;
        }
        return true;
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
