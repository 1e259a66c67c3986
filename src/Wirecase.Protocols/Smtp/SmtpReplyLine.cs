namespace Wirecase.Protocols.Smtp;

/// <summary>One line of a server reply: "250-PIPELINING" (more lines follow) or "250 2.1.0 Ok" (the last).</summary>
internal readonly ref struct SmtpReplyLine
{
    public int Code { get; }
    public bool More { get; }
    public ReadOnlySpan<byte> Text { get; }

    private SmtpReplyLine(int code, bool more, ReadOnlySpan<byte> text)
    {
        Code = code;
        More = more;
        Text = text;
    }

    /// <summary>RFC 5321 §4.2: three digits, then a space, a hyphen or the end of the line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out SmtpReplyLine reply)
    {
        reply = default;
        if (line.Length < 3 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2])) return false;
        if (line[0] < (byte)'2' || line[0] > (byte)'5') return false;
        int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (line.Length == 3)
        {
            reply = new SmtpReplyLine(code, false, default);
            return true;
        }
        if (line[3] != (byte)' ' && line[3] != (byte)'-') return false;
        reply = new SmtpReplyLine(code, line[3] == (byte)'-', line[4..]);
        return true;
    }

    /// <summary>RFC 3463: class.subject.detail at the start of the text, the class matching the reply's first digit.</summary>
    public static string? EnhancedCode(int code, string text)
    {
        int i = 0;
        if (text.Length < 5 || text[0] - '0' != code / 100 || code / 100 is not (2 or 4 or 5) || text[1] != '.') return null;
        i = 2;
        int subject = Digits(text, ref i, 3);
        if (subject == 0 || i >= text.Length || text[i] != '.') return null;
        i++;
        int detail = Digits(text, ref i, 3);
        if (detail == 0 || i < text.Length && text[i] != ' ') return null;
        return text[..i];
    }

    private static int Digits(string s, ref int i, int max)
    {
        int n = 0;
        while (i < s.Length && n < max && char.IsAsciiDigit(s[i]))
        {
            i++;
            n++;
        }
        return n;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
