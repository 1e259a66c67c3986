using Wirecase.Packets;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// What memory keeps of a retired connection's 4-tuple (20 bytes): where its full <see cref="RetiredConnection"/> record
/// is, a second check of the 4-tuple, and what a new SYN on it needs — each side's initial sequence number and whether
/// the connection was closed — so that a reuse of the ports, the common case, is decided without reading the record.
/// </summary>
internal readonly struct RememberedTuple
{
    private readonly uint _originatorBaseSeq;
    private readonly uint _responderBaseSeq;
    private readonly Bits _bits;

    public RememberedTuple(in RetiredConnection r, int record)
    {
        Record = record;
        Check = CheckOf(r.Key);
        _originatorBaseSeq = r.BaseSeq(originator: true, out bool o);
        _responderBaseSeq = r.BaseSeq(originator: false, out bool s);
        _bits = (r.OriginatorIsA ? Bits.OriginatorIsA : 0) | (o ? Bits.OriginatorBaseSeqSet : 0)
            | (s ? Bits.ResponderBaseSeqSet : 0) | (r.Closed ? Bits.Closed : 0);
    }

    /// <summary>A tuple from its parts (as <see cref="RememberedIndex"/> keeps them).</summary>
    internal RememberedTuple(int record, int check, uint originatorBaseSeq, uint responderBaseSeq, byte flags)
    {
        Record = record;
        Check = check;
        _originatorBaseSeq = originatorBaseSeq;
        _responderBaseSeq = responderBaseSeq;
        _bits = (Bits)flags;
    }

    /// <summary>Its flags as a number below 16 (see the constructor from parts).</summary>
    internal byte Flags => (byte)_bits;
    internal uint OriginatorBaseSeq => _originatorBaseSeq;
    internal uint ResponderBaseSeq => _responderBaseSeq;

    /// <summary>The record's number in the file.</summary>
    public int Record { get; }

    /// <summary>A second hash of the 4-tuple, independent of the 64-bit one the index is keyed by.</summary>
    public int Check { get; }

    public bool Closed => (_bits & Bits.Closed) != 0;

    public static int CheckOf(FlowKey key) => key.GetHashCode();

    /// <summary>The initial sequence number of the side sending from <paramref name="source"/>, if known.</summary>
    public bool TryGetBaseSeq(FlowKey key, in IpAddressValue source, ushort sourcePort, out uint baseSeq)
    {
        bool fromOriginator = key.IsForward(source, sourcePort) == ((_bits & Bits.OriginatorIsA) != 0);
        baseSeq = fromOriginator ? _originatorBaseSeq : _responderBaseSeq;
        return (_bits & (fromOriginator ? Bits.OriginatorBaseSeqSet : Bits.ResponderBaseSeqSet)) != 0;
    }

    [Flags]
    private enum Bits : byte
    {
        OriginatorIsA = 1,
        OriginatorBaseSeqSet = 2,
        ResponderBaseSeqSet = 4,
        Closed = 8,
    }
}
