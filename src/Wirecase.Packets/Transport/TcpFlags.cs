namespace Wirecase.Packets.Transport;

/// <summary>TCP control bits (RFC 9293, RFC 3168 ECE/CWR, RFC 3540 NS), as in the 9 low bits of offset/flags.</summary>
[Flags]
public enum TcpFlags : ushort
{
    None = 0,
    Fin = 0x001,
    Syn = 0x002,
    Rst = 0x004,
    Psh = 0x008,
    Ack = 0x010,
    Urg = 0x020,
    Ece = 0x040,
    Cwr = 0x080,
    /// <summary>ECN nonce sum (RFC 3540, historic); Wireshark calls it AE in newer versions.</summary>
    Ns = 0x100,
}

public static class TcpFlagsText
{
    /// <summary>Wireshark's bracketed list, e.g. "SYN, ACK".</summary>
    public static string ToWiresharkList(TcpFlags f)
    {
        Span<char> buf = stackalloc char[64];
        int n = 0;
        void Add(Span<char> b, ref int n, string s)
        {
            if (n > 0) { b[n++] = ','; b[n++] = ' '; }
            s.AsSpan().CopyTo(b[n..]);
            n += s.Length;
        }
        if ((f & TcpFlags.Fin) != 0) Add(buf, ref n, "FIN");
        if ((f & TcpFlags.Syn) != 0) Add(buf, ref n, "SYN");
        if ((f & TcpFlags.Rst) != 0) Add(buf, ref n, "RST");
        if ((f & TcpFlags.Psh) != 0) Add(buf, ref n, "PSH");
        if ((f & TcpFlags.Ack) != 0) Add(buf, ref n, "ACK");
        if ((f & TcpFlags.Urg) != 0) Add(buf, ref n, "URG");
        if ((f & TcpFlags.Ece) != 0) Add(buf, ref n, "ECE");
        if ((f & TcpFlags.Cwr) != 0) Add(buf, ref n, "CWR");
        if ((f & TcpFlags.Ns) != 0) Add(buf, ref n, "NS");
        return n == 0 ? "<None>" : new string(buf[..n]);
    }
}
