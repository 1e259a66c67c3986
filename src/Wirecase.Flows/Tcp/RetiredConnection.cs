using Wirecase.Packets;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// What the connection table keeps of a retired connection: its 4-tuple, stream number, roles, handshake, history and
/// each side's sequence origin, edges and window. From it a late packet resumes the connection with the same stream
/// number, relative sequence numbers and state; a SYN with another initial sequence number is a reuse of the ports.
/// Plain bytes (no references), so that <see cref="RememberedConnections"/> can keep it in a file.
/// </summary>
internal readonly struct RetiredConnection
{
    private readonly DirectionState _originator;
    private readonly DirectionState _responder;
    private readonly Flags _flags;
    private readonly HistoryText _history;

    public RetiredConnection(TcpConnection c, FlowKey key, long forgetAfterNs)
    {
        Key = key;
        Stream = c.Stream;
        LastNs = c.EndNs;
        ForgetAfterNs = forgetAfterNs;
        InitialRttNs = c.InitialRttNs;
        MostRecentSynNs = c.MostRecentSynNs;
        SynAckFrame = c.SynAckFrame;
        _history = new HistoryText(c.HistorySpan);
        Handshake = c.Handshake;
        _originator = new DirectionState(c.Originator);
        _responder = new DirectionState(c.Responder);
        _flags = (key.IsForward(c.OriginatorAddress, c.OriginatorPort) ? Flags.OriginatorIsA : 0)
            | (c.FirstPacketFromOriginator ? Flags.FirstPacketFromOriginator : 0)
            | (c.MidStream ? Flags.MidStream : 0)
            | (c.RolesFromSynAck ? Flags.RolesFromSynAck : 0)
            | (c.ReusedPorts ? Flags.ReusedPorts : 0)
            | (c.SynCount > 0 ? Flags.SynSeen : 0);
    }

    public FlowKey Key { get; }
    public int Stream { get; }
    /// <summary>Time of the connection's last packet.</summary>
    public long LastNs { get; }
    /// <summary>Capture time after which the record is dropped (retired at + <see cref="TcpRetirementPolicy.RememberFor"/>).</summary>
    public long ForgetAfterNs { get; }
    public long InitialRttNs { get; }
    /// <summary>For the handshake RTT of a connection let go of between its SYN and the handshake's last ACK.</summary>
    public long MostRecentSynNs { get; }
    public long SynAckFrame { get; }
    public HandshakeResult Handshake { get; }

    public bool Closed => _originator.SawRst || _responder.SawRst || _originator.SawFin && _responder.SawFin;

    /// <summary>One side's initial sequence number and whether it is known.</summary>
    public uint BaseSeq(bool originator, out bool known)
    {
        var d = originator ? _originator : _responder;
        known = d.BaseSeqSet;
        return d.BaseSeq;
    }

    /// <summary>The originator is the key's A side.</summary>
    public bool OriginatorIsA => (_flags & Flags.OriginatorIsA) != 0;

    /// <summary>Makes <paramref name="c"/> (new, with this stream and roles) take up where the retired connection
    /// stopped: same handshake, history and sequence state; counters from zero.</summary>
    public void SeedInto(TcpConnection c)
    {
        c.Resumed = true;
        c.FirstPacketFromOriginator = (_flags & Flags.FirstPacketFromOriginator) != 0;
        c.MidStream = (_flags & Flags.MidStream) != 0;
        c.RolesFromSynAck = (_flags & Flags.RolesFromSynAck) != 0;
        c.ReusedPorts = (_flags & Flags.ReusedPorts) != 0;
        c.Handshake = Handshake;
        c.InitialRttNs = InitialRttNs;
        c.MostRecentSynNs = MostRecentSynNs;
        c.SynAckFrame = SynAckFrame;
        c.SynCount = (_flags & Flags.SynSeen) != 0 ? 1 : 0;
        Span<char> history = stackalloc char[TcpConnection.MaxHistoryLength];
        c.SeedHistory(history[.._history.CopyTo(history)]);
        _originator.SeedInto(c.Originator, LastNs);
        _responder.SeedInto(c.Responder, LastNs);
    }

    [Flags]
    private enum Flags : byte
    {
        OriginatorIsA = 1,
        FirstPacketFromOriginator = 2,
        MidStream = 4,
        RolesFromSynAck = 8,
        ReusedPorts = 16,
        SynSeen = 32,
    }

    /// <summary>One side's sequence origin and edges: enough to judge a late retransmission or acknowledgment.</summary>
    private readonly struct DirectionState
    {
        public readonly uint BaseSeq, NextSeq, LastAck, Window;
        private readonly sbyte _windowScale;
        private readonly Bits _bits;

        public DirectionState(TcpDirection d)
        {
            BaseSeq = d.BaseSeq;
            NextSeq = d.NextSeq;
            LastAck = d.LastAck;
            Window = d.Window;
            _windowScale = (sbyte)d.WindowScale;
            _bits = (d.BaseSeqSet ? Bits.BaseSeqSet : 0) | (d.SawSyn ? Bits.SawSyn : 0) | (d.SawFin ? Bits.SawFin : 0)
                | (d.SawRst ? Bits.SawRst : 0) | (d.HasNextSeq ? Bits.HasNextSeq : 0) | (d.HasLastAck ? Bits.HasLastAck : 0)
                | (d.SackPermitted ? Bits.SackPermitted : 0) | (d.Timestamps ? Bits.Timestamps : 0)
                | (d.HasWindow ? Bits.HasWindow : 0) | (d.WindowFromSyn ? Bits.WindowFromSyn : 0);
        }

        public bool BaseSeqSet => (_bits & Bits.BaseSeqSet) != 0;
        public bool SawFin => (_bits & Bits.SawFin) != 0;
        public bool SawRst => (_bits & Bits.SawRst) != 0;

        public void SeedInto(TcpDirection d, long lastNs)
        {
            d.BaseSeqSet = BaseSeqSet;
            d.BaseSeq = BaseSeq;
            d.SawSyn = (_bits & Bits.SawSyn) != 0;
            d.SawFin = SawFin;
            d.SawRst = SawRst;
            d.HasNextSeq = (_bits & Bits.HasNextSeq) != 0;
            d.NextSeq = NextSeq;
            d.NextSeqTimeNs = lastNs;
            d.HasResumeSeq = d.HasNextSeq;
            d.ResumeSeq = NextSeq;
            d.HasMaxSeqToBeAcked = d.HasNextSeq;
            d.MaxSeqToBeAcked = NextSeq;
            d.HasLastAck = (_bits & Bits.HasLastAck) != 0;
            d.LastAck = LastAck;
            d.LastAckTimeNs = lastNs;
            d.WindowScale = _windowScale;
            d.HasWindow = (_bits & Bits.HasWindow) != 0;
            d.Window = Window;
            d.WindowFromSyn = (_bits & Bits.WindowFromSyn) != 0;
            d.SackPermitted = (_bits & Bits.SackPermitted) != 0;
            d.Timestamps = (_bits & Bits.Timestamps) != 0;
        }

        [Flags]
        private enum Bits : ushort
        {
            BaseSeqSet = 1, SawSyn = 2, SawFin = 4, SawRst = 8, HasNextSeq = 16, HasLastAck = 32, SackPermitted = 64, Timestamps = 128,
            HasWindow = 256, WindowFromSyn = 512,
        }
    }
}
