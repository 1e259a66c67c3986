using Wirecase.Flows.Conversations;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Cli.Output;

/// <summary>
/// One row of `wirecase conv`: Wireshark's conversation columns plus, for TCP, what the engine found. Plain bytes (no
/// references), so the engine can let go of a connection as soon as its row is made and the row can wait in a file.
/// </summary>
internal readonly struct ConversationRow
{
    /// <summary>Which of the capture files given (see <see cref="ConversationRowList.FileOf"/>).</summary>
    public int FileIndex { get; init; }
    public IpAddressValue AddressA { get; init; }
    public ushort PortA { get; init; }
    public IpAddressValue AddressB { get; init; }
    public ushort PortB { get; init; }
    public long FramesAToB { get; init; }
    public long BytesAToB { get; init; }
    public long FramesBToA { get; init; }
    public long BytesBToA { get; init; }
    public long Frames => FramesAToB + FramesBToA;
    public long Bytes => BytesAToB + BytesBToA;
    /// <summary>Nanoseconds from the first frame of the capture.</summary>
    public long RelativeStartNs { get; init; }
    public long DurationNs { get; init; }
    /// <summary>Seconds from the first frame of the capture.</summary>
    public double RelativeStart => RelativeStartNs / 1e9;
    public double Duration => DurationNs / 1e9;
    public double BitsPerSecondAToB => Duration > 0 ? BytesAToB * 8 / Duration : 0;
    public double BitsPerSecondBToA => Duration > 0 ? BytesBToA * 8 / Duration : 0;
    /// <summary>What the TCP engine found (TCP rows only).</summary>
    public TcpFacts? Tcp { get; init; }

    /// <summary>One stream's row from the parts before and after the engine let go of it for idleness and a late
    /// packet resumed it: counts add up, the time span covers both, state and history are the later part's (it carried
    /// them on).</summary>
    public static ConversationRow Merge(in ConversationRow earlier, in ConversationRow later) => earlier with
    {
        FramesAToB = earlier.FramesAToB + later.FramesAToB,
        BytesAToB = earlier.BytesAToB + later.BytesAToB,
        FramesBToA = earlier.FramesBToA + later.FramesBToA,
        BytesBToA = earlier.BytesBToA + later.BytesBToA,
        DurationNs = Math.Max(earlier.RelativeStartNs + earlier.DurationNs, later.RelativeStartNs + later.DurationNs) - earlier.RelativeStartNs,
        Tcp = earlier.Tcp is { } e && later.Tcp is { } l ? TcpFacts.Merge(e, l) : later.Tcp ?? earlier.Tcp,
    };
}

/// <summary>What the TCP engine knows about a connection, seen from the row's A and B sides.</summary>
internal readonly struct TcpFacts
{
    [Flags]
    private enum Bits : ushort
    {
        AIsOriginator = 1, MidStream = 2, ReusedPorts = 4,
        OriginatorFin = 8, OriginatorRst = 16, ResponderFin = 32, ResponderRst = 64,
    }

    private readonly Bits _bits;
    private readonly byte _state;
    private readonly HandshakeResult _handshake;
    private readonly long _initialRttNs;
    private readonly long _rttSumANs, _rttSumBNs, _rttSamplesA, _rttSamplesB;
    private readonly long _zeroWindowNs;
    private readonly HistoryText _history;

    public TcpFacts(TcpConnection c)
    {
        bool aIsOriginator = c.FirstPacketFromOriginator;
        var a = c.Direction(aIsOriginator);
        var b = c.Direction(!aIsOriginator);
        var r = c.Reassembler;
        Stream = c.Stream;
        _state = (byte)ZeekState.IndexOf(c);
        _history = new HistoryText(c.HistorySpan);
        _handshake = c.Handshake;
        _initialRttNs = c.InitialRttNs;
        RetransmissionsAToB = a.Retransmissions;
        RetransmissionsBToA = b.Retransmissions;
        _rttSumANs = a.RttSumNs;
        _rttSamplesA = a.RttSamples;
        _rttSumBNs = b.RttSumNs;
        _rttSamplesB = b.RttSamples;
        GapBytesAToB = r?.GapBytes(aIsOriginator) ?? 0;
        GapBytesBToA = r?.GapBytes(!aIsOriginator) ?? 0;
        ConflictBytes = (r?.ConflictBytes(true) ?? 0) + (r?.ConflictBytes(false) ?? 0);
        MaxBytesInFlightAToB = a.MaxBytesInFlight;
        MaxBytesInFlightBToA = b.MaxBytesInFlight;
        _zeroWindowNs = c.Originator.ZeroWindowTimeNs + c.Responder.ZeroWindowTimeNs;
        _bits = (aIsOriginator ? Bits.AIsOriginator : 0) | (c.MidStream ? Bits.MidStream : 0) | (c.ReusedPorts ? Bits.ReusedPorts : 0)
            | (c.Originator.SawFin ? Bits.OriginatorFin : 0) | (c.Originator.SawRst ? Bits.OriginatorRst : 0)
            | (c.Responder.SawFin ? Bits.ResponderFin : 0) | (c.Responder.SawRst ? Bits.ResponderRst : 0);
    }

    private TcpFacts(in TcpFacts earlier, in TcpFacts later)
    {
        this = later;
        _bits = later._bits | (earlier._bits & (Bits.MidStream | Bits.ReusedPorts));
        _initialRttNs = earlier._initialRttNs > 0 ? earlier._initialRttNs : later._initialRttNs;
        RetransmissionsAToB = earlier.RetransmissionsAToB + later.RetransmissionsAToB;
        RetransmissionsBToA = earlier.RetransmissionsBToA + later.RetransmissionsBToA;
        _rttSumANs = earlier._rttSumANs + later._rttSumANs;
        _rttSamplesA = earlier._rttSamplesA + later._rttSamplesA;
        _rttSumBNs = earlier._rttSumBNs + later._rttSumBNs;
        _rttSamplesB = earlier._rttSamplesB + later._rttSamplesB;
        GapBytesAToB = earlier.GapBytesAToB + later.GapBytesAToB;
        GapBytesBToA = earlier.GapBytesBToA + later.GapBytesBToA;
        ConflictBytes = earlier.ConflictBytes + later.ConflictBytes;
        MaxBytesInFlightAToB = Math.Max(earlier.MaxBytesInFlightAToB, later.MaxBytesInFlightAToB);
        MaxBytesInFlightBToA = Math.Max(earlier.MaxBytesInFlightBToA, later.MaxBytesInFlightBToA);
        _zeroWindowNs = earlier._zeroWindowNs + later._zeroWindowNs;
    }

    /// <summary>The facts of one stream seen in two parts (see <see cref="ConversationRow.Merge"/>).</summary>
    public static TcpFacts Merge(in TcpFacts earlier, in TcpFacts later) => new(earlier, later);

    public bool AIsOriginator => (_bits & Bits.AIsOriginator) != 0;
    public int Stream { get; }
    public string State => ZeekState.Names[_state];
    public string History => _history.ToString();

    /// <summary>Writes the history into <paramref name="destination"/> (64 characters are enough); returns its length.</summary>
    public int CopyHistory(Span<char> destination) => _history.CopyTo(destination);
    public string Handshake => _handshake switch
    {
        HandshakeResult.NotSeen => "NotSeen",
        HandshakeResult.Unanswered => "Unanswered",
        HandshakeResult.Refused => "Refused",
        HandshakeResult.SynAckSeen => "SynAckSeen",
        _ => "Completed",
    };
    public long RetransmissionsAToB { get; }
    public long RetransmissionsBToA { get; }
    public long InitialRttNs => _initialRttNs;
    public double? InitialRtt => _initialRttNs > 0 ? _initialRttNs / 1e9 : null;
    public double? RttAToB => _rttSamplesA > 0 ? _rttSumANs / 1e9 / _rttSamplesA : null;
    public double? RttBToA => _rttSamplesB > 0 ? _rttSumBNs / 1e9 / _rttSamplesB : null;
    public long GapBytesAToB { get; }
    public long GapBytesBToA { get; }
    public long ConflictBytes { get; }
    public uint MaxBytesInFlightAToB { get; }
    public uint MaxBytesInFlightBToA { get; }
    public double ZeroWindowSeconds => _zeroWindowNs / 1e9;
    public bool MidStream => (_bits & Bits.MidStream) != 0;
    public bool ReusedPorts => (_bits & Bits.ReusedPorts) != 0;

    /// <summary>How the connection ended, in words: FIN each way, RST by whom, or still open at the end of the capture.</summary>
    public string Ended
    {
        get
        {
            bool oRst = (_bits & Bits.OriginatorRst) != 0, rRst = (_bits & Bits.ResponderRst) != 0;
            bool oFin = (_bits & Bits.OriginatorFin) != 0, rFin = (_bits & Bits.ResponderFin) != 0;
            if (oRst && rRst) return "reset by both";
            if (oRst) return "reset by originator";
            if (rRst) return "reset by responder";
            if (oFin && rFin) return "closed (FIN both ways)";
            if (oFin) return "half-closed by originator";
            if (rFin) return "half-closed by responder";
            return "open at end of capture";
        }
    }
}

internal static class ConversationRows
{
    /// <summary>A TCP connection's row; its start is absolute until <see cref="ConversationRowStore.ShiftStarts"/>.</summary>
    public static ConversationRow FromTcp(TcpConnection c, int fileIndex)
    {
        bool aIsOrig = c.FirstPacketFromOriginator;
        var a = c.Direction(aIsOrig);
        var b = c.Direction(!aIsOrig);
        return new ConversationRow
        {
            FileIndex = fileIndex,
            AddressA = aIsOrig ? c.OriginatorAddress : c.ResponderAddress,
            PortA = aIsOrig ? c.OriginatorPort : c.ResponderPort,
            AddressB = aIsOrig ? c.ResponderAddress : c.OriginatorAddress,
            PortB = aIsOrig ? c.ResponderPort : c.OriginatorPort,
            FramesAToB = a.Packets, BytesAToB = a.Bytes, FramesBToA = b.Packets, BytesBToA = b.Bytes,
            RelativeStartNs = c.StartNs, DurationNs = c.EndNs - c.StartNs, Tcp = new TcpFacts(c),
        };
    }

    /// <summary>A UDP or IP conversation's row; its start is absolute until <see cref="ConversationRowStore.ShiftStarts"/>.</summary>
    public static ConversationRow FromConversation(Conversation c, int fileIndex) => new()
    {
        FileIndex = fileIndex, AddressA = c.AddressA, PortA = c.PortA, AddressB = c.AddressB, PortB = c.PortB,
        FramesAToB = c.FramesAToB, BytesAToB = c.BytesAToB, FramesBToA = c.FramesBToA, BytesBToA = c.BytesBToA,
        RelativeStartNs = c.StartNs, DurationNs = c.EndNs - c.StartNs,
    };
}
