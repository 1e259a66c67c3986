using Wirecase.Packets;

namespace Wirecase.Flows.Reassembly;

/// <summary>
/// Rebuilds one direction's byte stream from segments in capture order. In-order data goes straight to the sink (no
/// copy); out-of-order data is copied into pooled buffers until the hole fills. Data already delivered is skipped (the
/// first copy wins) and a retransmission carrying different bytes is counted as a conflict. Holes are given up — and
/// reported as gaps — when the peer acknowledges past them, when the limits are reached, or at the end.
/// </summary>
/// <remarks>A mutable struct held inside <see cref="TcpStreamReassembler"/> (one object per connection instead of
/// three): call it through the field, never through a copy.</remarks>
internal struct DirectionReassembler(bool fromOriginator, ReassemblyBudget budget)
{
    private readonly bool _fromOriginator = fromOriginator;
    private readonly ReassemblyBudget _budget = budget;

    private struct Pending
    {
        public long Offset;       // stream offset of the first byte
        public byte[] Buffer;     // pooled
        public int Length;
        public FrameTime Frame;
    }

    private List<Pending>? _pending;   // allocated only when data arrives out of order
    private bool _started;
    private uint _isn;            // sequence number of stream offset 0
    private long _next;           // next stream offset to deliver
    private int _bufferedBytes;

    public long Delivered { readonly get; private set; }
    public long GapBytes { readonly get; private set; }
    public int Gaps { readonly get; private set; }
    public long OverlapBytes { readonly get; private set; }
    /// <summary>Overlapping bytes whose content differed from the copy already held (an evasion attempt, a middlebox
    /// rewriting data, or corruption). The first copy is the one delivered.</summary>
    public long ConflictBytes { readonly get; private set; }

    /// <summary>Sets the stream's origin: the first data byte has sequence <paramref name="firstDataSeq"/>.</summary>
    public void Start(uint firstDataSeq)
    {
        if (_started) return;
        _started = true;
        _isn = firstDataSeq;
    }

    public readonly bool Started => _started;

    private readonly long OffsetOf(uint seq) => _next + new SeqNumber(_isn).Add(_next).DistanceTo(new SeqNumber(seq));

    public void OnSegment(uint seq, ReadOnlySpan<byte> payload, int declaredLength, FrameTime frame, IStreamSink sink)
    {
        if (declaredLength <= 0) return;
        if (!_started) Start(seq);
        long offset = OffsetOf(seq);
        long end = offset + declaredLength;
        if (end <= _next)
        {
            OverlapBytes += declaredLength;   // all already delivered: a retransmission
            return;
        }
        if (offset < _next)
        {
            int skip = (int)(_next - offset);
            OverlapBytes += skip;
            offset = _next;
            payload = skip < payload.Length ? payload[skip..] : default;
            declaredLength -= skip;
        }
        if (payload.Length < declaredLength)
        {
            // Snaplen cut: deliver what is there, then a gap for the rest.
            if (offset == _next)
            {
                Deliver(frame, payload, sink);
                Gap(frame, declaredLength - payload.Length, GapReason.Truncated, sink);
                Drain(sink);
                return;
            }
        }
        if (offset == _next)
        {
            Deliver(frame, payload[..Math.Min(payload.Length, declaredLength)], sink);
            Drain(sink);
            return;
        }
        Buffer(offset, payload[..Math.Min(payload.Length, declaredLength)], frame, sink);
    }

    /// <summary>The peer acknowledged up to <paramref name="ack"/>: data before it will not come again.</summary>
    public void OnPeerAck(uint ack, FrameTime frame, IStreamSink sink)
    {
        // Nothing buffered: the data may still come (the ACK can be captured before the data it acknowledges).
        if (!_started || _pending is not { Count: > 0 }) return;
        long acked = OffsetOf(ack);
        if (acked <= _next) return;
        long firstBuffered = _pending[0].Offset;
        if (acked >= firstBuffered) SkipTo(firstBuffered, frame, GapReason.AckedButNotCaptured, sink);
    }

    /// <summary>The connection ended: deliver what is buffered, with gaps for the holes.</summary>
    public void Finish(FrameTime frame, IStreamSink sink)
    {
        while (_pending is { Count: > 0 })
        {
            SkipTo(_pending[0].Offset, frame, GapReason.EndOfStream, sink);
        }
    }

    private void SkipTo(long offset, FrameTime frame, GapReason reason, IStreamSink sink)
    {
        if (offset > _next) Gap(frame, offset - _next, reason, sink);
        Drain(sink);
    }

    private void Gap(FrameTime frame, long length, GapReason reason, IStreamSink sink)
    {
        sink.OnGap(_fromOriginator, frame, _next, length, reason);
        _next += length;
        GapBytes += length;
        Gaps++;
    }

    private void Deliver(FrameTime frame, ReadOnlySpan<byte> data, IStreamSink sink)
    {
        if (data.IsEmpty) return;
        sink.OnData(_fromOriginator, frame, _next, data);
        _next += data.Length;
        Delivered += data.Length;
    }

    /// <summary>Delivers buffered segments that now continue the stream.</summary>
    private void Drain(IStreamSink sink)
    {
        while (_pending is { Count: > 0 } && _pending[0].Offset <= _next)
        {
            var p = _pending[0];
            _pending.RemoveAt(0);
            Release(p);
            long skip = _next - p.Offset;
            if (skip < p.Length)
            {
                OverlapBytes += skip;
                Deliver(p.Frame, p.Buffer.AsSpan((int)skip, p.Length - (int)skip), sink);
            }
            else OverlapBytes += p.Length;
            _budget.Buffers.Return(p.Buffer);
        }
    }

    private void Buffer(long offset, ReadOnlySpan<byte> data, FrameTime frame, IStreamSink sink)
    {
        var limits = _budget.Limits;
        _pending ??= [];
        if (_pending.Count >= limits.MaxSegmentsPerDirection || _bufferedBytes + data.Length > limits.MaxBufferedPerDirection ||
            _budget.Buffered + data.Length > limits.MaxBufferedTotal)
        {
            // Over a limit: give up the oldest hole rather than hold more.
            if (_pending.Count > 0) SkipTo(_pending[0].Offset, frame, GapReason.BufferLimit, sink);
            if (offset > _next) Gap(frame, offset - _next, GapReason.BufferLimit, sink);
            if (offset >= _next)
            {
                Deliver(frame, data, sink);
                Drain(sink);
                return;
            }
        }
        NoteConflicts(offset, data);
        var buffer = _budget.Buffers.Rent(data.Length);
        data.CopyTo(buffer);
        var item = new Pending { Offset = offset, Buffer = buffer, Length = data.Length, Frame = frame };
        int i = _pending.Count;
        while (i > 0 && _pending[i - 1].Offset > offset) i--;
        _pending.Insert(i, item);
        _bufferedBytes += data.Length;
        _budget.Buffered += data.Length;
        if (_budget.Buffered > _budget.PeakBuffered) _budget.PeakBuffered = _budget.Buffered;
    }

    /// <summary>Compares new out-of-order data with the buffered copies it overlaps.</summary>
    private void NoteConflicts(long offset, ReadOnlySpan<byte> data)
    {
        long end = offset + data.Length;
        foreach (var p in _pending!)
        {
            long from = Math.Max(offset, p.Offset), to = Math.Min(end, p.Offset + p.Length);
            if (from >= to) continue;
            var held = p.Buffer.AsSpan((int)(from - p.Offset), (int)(to - from));
            var fresh = data.Slice((int)(from - offset), (int)(to - from));
            if (!held.SequenceEqual(fresh)) ConflictBytes += CountDifferent(held, fresh);
        }
    }

    private static int CountDifferent(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = 0;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    private void Release(Pending p)
    {
        _bufferedBytes -= p.Length;
        _budget.Buffered -= p.Length;
    }
}
