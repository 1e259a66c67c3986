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
    /// <summary>Every state <see cref="Of"/> gives.</summary>
    public static IReadOnlyList<string> Names { get; } = ["S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"];

    public static string Of(TcpConnection c)
    {
        var o = c.Originator;
        var r = c.Responder;
        bool origSyn = o.SawSyn, respSynAck = r.SawSyn;
        bool established = origSyn && respSynAck || c.MidStream && c.SeenBothWays;
        if (!origSyn && !respSynAck) return "OTH";
        if (origSyn && !respSynAck)
        {
            if (r.SawRst) return "REJ";
            if (o.SawRst) return "RSTOS0";
            if (o.SawFin) return "SH";
            return "S0";
        }
        if (!origSyn)
        {
            if (r.SawRst) return "RSTRH";
            if (r.SawFin) return "SHR";
            return "OTH";
        }
        if (!established) return "OTH";
        if (o.SawRst) return "RSTO";
        if (r.SawRst) return "RSTR";
        if (o.SawFin && r.SawFin) return "SF";
        if (o.SawFin) return "S2";
        if (r.SawFin) return "S3";
        return "S1";
    }
}
