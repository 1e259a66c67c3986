namespace Wirecase.Flows.Tcp;

/// <summary>
/// Zeek's conn_state, a pure function of what each side did (Zeek's base/protocols/conn/main.zeek documents the
/// states): S0 attempt unanswered, REJ rejected, S1 established, SF established and closed by FIN both ways, S2/S3
/// established with only the originator's/responder's FIN, RSTO/RSTR established then reset by originator/responder,
/// RSTOS0 originator SYN then RST without SYN-ACK, RSTRH responder SYN-ACK then RST without SYN, SH originator SYN then
/// FIN without SYN-ACK, SHR responder SYN-ACK then FIN without SYN, OTH no SYN seen.
/// </summary>
public static class ZeekState
{
    /// <summary>Every state <see cref="Of"/> gives, in the order of <see cref="IndexOf"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"];

    private const int S0 = 0, S1 = 1, SF = 2, REJ = 3, S2 = 4, S3 = 5, RSTO = 6, RSTR = 7, RSTOS0 = 8, RSTRH = 9, SH = 10,
        SHR = 11, OTH = 12;

    public static string Of(TcpConnection c) => Names[IndexOf(c)];

    /// <summary>The state as its place in <see cref="Names"/> (for records that keep one byte, not a string).</summary>
    public static int IndexOf(TcpConnection c)
    {
        var o = c.Originator;
        var r = c.Responder;
        bool origSyn = o.SawSyn, respSynAck = r.SawSyn;
        bool established = origSyn && respSynAck || c.MidStream && c.SeenBothWays;
        if (!origSyn && !respSynAck) return OTH;
        if (origSyn && !respSynAck)
        {
            if (r.SawRst) return REJ;
            if (o.SawRst) return RSTOS0;
            if (o.SawFin) return SH;
            return S0;
        }
        if (!origSyn)
        {
            if (r.SawRst) return RSTRH;
            if (r.SawFin) return SHR;
            return OTH;
        }
        if (!established) return OTH;
        if (o.SawRst) return RSTO;
        if (r.SawRst) return RSTR;
        if (o.SawFin && r.SawFin) return SF;
        if (o.SawFin) return S2;
        if (r.SawFin) return S3;
        return S1;
    }
}
