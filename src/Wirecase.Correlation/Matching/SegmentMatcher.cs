using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Correlation.Matching;

/// <summary>
/// Matches the TCP segments of several capture points as they stream by in (clock-corrected) time order: first the
/// connection (same addresses; else the SYN's initial sequence number, which NAT keeps; else the first payload bytes,
/// for middleboxes that rewrite sequence numbers or proxy the connection), then each segment within it (direction, kind,
/// relative sequence and acknowledgment numbers, length; IP ID and TCP timestamp tell a copy from a retransmission).
/// A segment stays open until every point of its conversation saw it or the window passed; then it is closed and handed
/// to <see cref="SegmentOutcomes"/>. Memory holds only the open segments and the connections.
/// </summary>
internal sealed class SegmentMatcher
{
    private const int MaxChain = 64;
    private const int DataPrefix = 16;

    private readonly int _points;
    private readonly long _windowNs;
    private readonly long[] _shiftNs;
    private readonly SegmentOutcomes _outcomes;
    private readonly Dictionary<(int Point, int Stream), PointConnection> _connections = [];
    private readonly ConversationIndex<uint> _bySynIsn;
    private readonly ConversationIndex<(IpAddressValue, ushort, IpAddressValue, ushort)> _byTuple;
    private readonly ConversationIndex<(bool FromClient, ulong Hash)> _byFirstData;
    private readonly Stack<List<SegmentGroup>> _spareLists = new();
    private readonly OpenSegmentList _open = new();
    private readonly HashSet<IpAddressValue>[] _addressesSeen;
    private readonly long[] _firstNs;
    private readonly long[] _lastNs;
    private long _nowNs = long.MinValue;
    private int _nextConversation;
    private List<Conversation> _active = [];
    private long _nextIdleSweepNs = long.MinValue;

    public SegmentMatcher(int points, long windowNs, long[] shiftNs, SegmentOutcomes outcomes)
    {
        _points = points;
        _windowNs = windowNs;
        _shiftNs = shiftNs;
        _outcomes = outcomes;
        _bySynIsn = new(4 * windowNs);
        _byTuple = new(4 * windowNs);
        _byFirstData = new(4 * windowNs);
        _addressesSeen = new HashSet<IpAddressValue>[points];
        _firstNs = new long[points];
        _lastNs = new long[points];
        for (int p = 0; p < points; p++)
        {
            _addressesSeen[p] = [];
            _firstNs[p] = long.MaxValue;
            _lastNs[p] = long.MinValue;
        }
    }

    public int OpenSegments => _open.Count;

    /// <summary>The first and last frame times of a point, on its own clock.</summary>
    public (long First, long Last) RawSpan(int point) => _firstNs[point] == long.MaxValue
        ? (long.MaxValue, long.MinValue)
        : (_firstNs[point] + _shiftNs[point], _lastNs[point] + _shiftNs[point]);
    public IEnumerable<PointConnection> Connections => _connections.Values;

    /// <summary>Any frame of a point: its time bounds the point's capture, its addresses say what the point can see.</summary>
    public void NoteFrame(int point, long rawNs, in DecodedPacket packet)
    {
        long t = rawNs - _shiftNs[point];
        if (t < _firstNs[point]) _firstNs[point] = t;
        if (t > _lastNs[point]) _lastNs[point] = t;
        if (packet.IsIp)
        {
            _addressesSeen[point].Add(packet.Source);
            _addressesSeen[point].Add(packet.Destination);
        }
        if (t > _nowNs)
        {
            _nowNs = t;
            Expire(false);
            if (t >= _nextIdleSweepNs) ReleaseIdle();
        }
    }

    /// <summary>Once per two windows of stream time: conversations idle for longer than two windows have no open
    /// segment left; their matching state goes.</summary>
    private void ReleaseIdle()
    {
        _nextIdleSweepNs = _nowNs + 2 * _windowNs;
        var still = new List<Conversation>(_active.Count);
        foreach (var c in _active)
        {
            if (_nowNs - Math.Max(c.LastNs, c.FirstNs) > 2 * _windowNs) c.ReleaseMatchingState();
            else still.Add(c);
        }
        _active = still;
    }

    public void AddSegment(in DecodedFrame frame, ReadOnlySpan<byte> payload, in TcpSegmentAnalysis analysis, TcpConnection connection)
    {
        int point = frame.Point;
        ref readonly var p = ref frame.Packet;
        var pc = Connection(point, analysis.Stream, connection, frame.TimestampNs - _shiftNs[point]);
        pc.Segments++;
        var record = new SegmentRecord
        {
            Point = point,
            FrameId = frame.FrameId,
            TimeNs = frame.TimestampNs,
            Stream = analysis.Stream,
            FromClient = analysis.FromOriginator,
            RawSeq = p.Sequence.Value,
            RawAck = p.Acknowledgment.Value,
            Length = p.PayloadLength,
            Flags = p.TcpFlags,
            PayloadHash = PayloadHash.Of(payload),
            PayloadComplete = payload.Length == p.PayloadLength,
            Ttl = p.Ttl,
            IpId = p.IpId,
            Window = p.Window,
            Mss = p.TcpOptions.HasMss ? p.TcpOptions.Mss : (ushort)0,
            TsVal = p.TcpOptions.HasTimestamps ? p.TcpOptions.TsVal : 0,
            Analysis = analysis.Flags,
        };
        if (record.IsSyn && !record.HasAck && record.FromClient)
        {
            pc.ClientIsn = record.RawSeq;
            pc.SynIpId = record.IpId;
        }
        else if (record.IsSyn && record.HasAck && !record.FromClient)
        {
            pc.ServerIsn = record.RawSeq;
        }

        var conversation = pc.Conversation ?? Attach(pc, record);
        if (record.IsSyn && !record.HasAck) conversation.ClientIsn ??= record.RawSeq;
        if (record.IsSyn && record.HasAck) conversation.ServerIsn ??= record.RawSeq;
        if (record.Length > 0 && record.PayloadComplete) conversation = MatchByFirstData(pc, conversation, record, payload);
        conversation.LastNs = Math.Max(conversation.LastNs, frame.TimestampNs - _shiftNs[point]);
        if (conversation.Idle)
        {
            conversation.Wake();
            _active.Add(conversation);
        }
        if (record.FromClient && conversation.OriginatorTtl[point] < 0) conversation.OriginatorTtl[point] = record.Ttl;
        Place(conversation, pc, ref record);
    }

    /// <summary>End of input: every open segment is closed.</summary>
    public void Finish() => Expire(true);

    public bool PointCovers(int point, long correctedNs) =>
        correctedNs >= _firstNs[point] - _windowNs / 4 && correctedNs <= _lastNs[point] + _windowNs / 4;

    public bool PointSaw(int point, IpAddressValue address) => _addressesSeen[point].Contains(address);

    private PointConnection Connection(int point, int stream, TcpConnection c, long nowNs)
    {
        if (_connections.TryGetValue((point, stream), out var pc)) return pc;
        pc = new PointConnection(point, stream, c.OriginatorAddress, c.OriginatorPort, c.ResponderAddress, c.ResponderPort, nowNs);
        _connections.Add((point, stream), pc);
        return pc;
    }

    private Conversation Attach(PointConnection pc, in SegmentRecord first)
    {
        Conversation? found = null;
        var method = MatchMethod.First;
        long now = pc.FirstNs;
        if (pc.ClientIsn is { } isn && _bySynIsn.TryGet(isn, out var byIsn))
        {
            found = Closest(byIsn, pc, now, preferTuple: true);
            if (found is not null)
                method = found.At.Any(a => a is not null && a.Tuple == pc.Tuple) ? MatchMethod.SameAddresses : MatchMethod.InitialSequence;
        }
        if (found is null && _byTuple.TryGet(pc.Tuple, out var byTuple))
        {
            found = Closest(byTuple, pc, now, preferTuple: false);
            // Same addresses but another handshake: port reuse, not the same connection.
            if (found is not null && pc.ClientIsn is { } mine && found.ClientIsn is { } theirs && mine != theirs) found = null;
            if (found is not null) method = MatchMethod.SameAddresses;
        }
        if (found is null)
        {
            found = new Conversation(_nextConversation++, _points, now);
            _active.Add(found);
        }
        Join(found, pc, method);
        return found;
    }

    private Conversation? Closest(List<Conversation> candidates, PointConnection pc, long now, bool preferTuple)
    {
        Conversation? best = null;
        long bestScore = long.MaxValue;
        for (int i = candidates.Count - 1; i >= 0; i--)
        {
            var c = candidates[i];
            if (now - c.LastNs > 4 * _windowNs && now - c.FirstNs > 4 * _windowNs) continue;
            if (c.Has(pc.Point) || c.Merged) continue;
            long score = Math.Abs(now - c.FirstNs);
            if (preferTuple && c.At.Any(a => a is not null && a.Tuple == pc.Tuple)) score -= _windowNs;
            if (score < bestScore)
            {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    private void Join(Conversation c, PointConnection pc, MatchMethod method)
    {
        c.At[pc.Point] = pc;
        c.Any ??= pc;
        c.PresentMask |= 1 << pc.Point;
        pc.Conversation = c;
        pc.Method = method;
        if (pc.ClientIsn is { } isn) _bySynIsn.Add(isn, c, pc.FirstNs);
        _byTuple.Add(pc.Tuple, c, pc.FirstNs);
    }

    /// <summary>The first payload bytes of each direction find a connection that addresses and ISNs could not: a
    /// middlebox that rewrites sequence numbers, or a proxy that opens its own connection to the server.</summary>
    private Conversation MatchByFirstData(PointConnection pc, Conversation c, in SegmentRecord r, ReadOnlySpan<byte> payload)
    {
        bool fromClient = r.FromClient;
        if (fromClient ? pc.ClientDataHashed : pc.ServerDataHashed) return c;
        if (fromClient) pc.ClientDataHashed = true;
        else pc.ServerDataHashed = true;
        uint? isn = fromClient ? pc.ClientIsn : pc.ServerIsn;
        if (isn is not { } i || r.RawSeq != i + 1) return c; // not the stream's first byte
        ulong hash = PayloadHash.Of(payload[..Math.Min(DataPrefix, payload.Length)]) ^ (ulong)Math.Min(DataPrefix, payload.Length);
        var key = (fromClient, hash);
        if (BitCount(c.PresentMask) == 1 && _byFirstData.TryGet(key, out var list))
        {
            var other = Closest(list, pc, pc.FirstNs, preferTuple: false);
            if (other is not null && other != c && (other.PresentMask & c.PresentMask) == 0)
            {
                MergeInto(other, c);
                return other;
            }
        }
        // Seen at every point already: nothing left to find by its data.
        if (c.PresentMask != (1 << _points) - 1) _byFirstData.Add(key, c, r.TimeNs - _shiftNs[r.Point]);
        return c;
    }

    private void MergeInto(Conversation target, Conversation source)
    {
        source.Merged = true;
        var pcs = source.At.Where(a => a is not null).Cast<PointConnection>().ToList();
        var targetPc = target.Any!;
        foreach (var pc in pcs)
        {
            // Same SYN (IP ID kept) with another ISN: a middlebox rewrote sequence numbers; else it is a proxy.
            bool sameSyn = pc.SynIpId != 0 && pc.SynIpId == targetPc.SynIpId;
            if (sameSyn) target.SequenceRewritten = true;
            else target.Proxied = true;
            Join(target, pc, MatchMethod.Payload);
        }
        // Through a proxy each side's handshake and ACKs are its own: the target's open ones go away silently.
        if (target.Proxied)
            foreach (var g in target.Open.SelectMany(d => d.Values).SelectMany(l => l).Where(g => g.Length == 0).ToList())
            {
                g.Closed = true;
                _open.Remove(g);
                Remove(target, g);
            }
        // Re-match the source's open segments against the target; the source's groups go away silently.
        var open = source.Open.SelectMany(d => d.Values).SelectMany(l => l).Where(g => !g.Closed).OrderBy(g => g.CreatedNs).ToList();
        foreach (var g in open)
        {
            g.Closed = true;
            _open.Remove(g);
            for (int p = 0; p < _points; p++)
            {
                if (!g.SeenAt(p)) continue;
                var copy = g.Copies[p];
                Place(target, target.At[p]!, ref copy);
            }
        }
    }

    private static int BitCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    /// <summary>Puts a segment into its conversation: joins the open segment it is a copy of, or opens a new one.</summary>
    private void Place(Conversation c, PointConnection pc, ref SegmentRecord r)
    {
        if (c.Proxied && r.Length == 0) return; // a proxy's handshakes and ACKs are its own
        int dir = r.FromClient ? 0 : 1;
        uint? own = r.FromClient ? pc.ClientIsn : pc.ServerIsn;
        uint? other = r.FromClient ? pc.ServerIsn : pc.ClientIsn;
        uint seqBase = own ?? (r.FromClient ? c.ClientIsn : c.ServerIsn) ?? 0;
        uint ackBase = other ?? (r.FromClient ? c.ServerIsn : c.ClientIsn) ?? 0;
        r.Seq = r.RawSeq - seqBase;
        r.Ack = r.HasAck ? r.RawAck - ackBase : 0;
        long arrival = c.ArrivalCount(r.Point, dir)++;

        var key = SegmentKey.Of(r);
        int q = r.Point;
        c.Open[dir].TryGetValue(key, out var list);

        // A further part of a segment split at this point (TSO/GRO at the other point, or resegmentation).
        if (r.Length > 0 && c.Continuations[dir].Remove(r.Seq, out var whole) && !whole.Closed && whole.SeenAt(q)
            && whole.Start + (uint)whole.Copies[q].Covered == r.Seq && whole.Copies[q].Covered + r.Length <= whole.Length)
        {
            whole.Copies[q].Covered += r.Length;
            if (whole.Copies[q].Covered < whole.Length) c.Continuations[dir][r.Seq + (uint)r.Length] = whole;
            CloseIfComplete(whole);
            return;
        }

        SegmentGroup? match = null;
        var difference = SegmentDifference.None;
        if (list is not null)
        {
            match = Best(list, r, q, sameLength: true);
            if (match is null && r.Length > 0 && TryCoalesce(c, dir, list, r, out var coalesced))
            {
                match = coalesced;
                difference |= SegmentDifference.Resegmented;
            }
            if (match is null && r.Length > 0)
            {
                var larger = Best(list, r, q, sameLength: false, longerThan: r.Length);
                if (larger is not null && larger.Length > r.Length)
                {
                    match = larger;
                    larger.ResegmentedMask |= 1 << q;
                    c.Continuations[dir][r.Seq + (uint)r.Length] = larger;
                }
            }
            match ??= Best(list, r, q, sameLength: false);
        }
        if (match is null && r.IpId != 0 && c.ByIpId[dir].TryGetValue(r.IpId, out var byId) && !byId.Closed && !byId.SeenAt(q)
            && byId.Kind == r.Kind)
        {
            match = byId;
        }
        if (match is null && list is not null && IsDuplicate(list, r, q, out var original))
        {
            original.DuplicateMask |= 1 << q;
            return;
        }
        if (match is null && IsDuplicate(c.RecentlyClosed[dir], r, q, out var closed) && closed.Key == key)
        {
            _outcomes.AddDuplicate(closed, q);
            return;
        }
        if (match is null)
        {
            match = new SegmentGroup(c, _points, r, r.TimeNs - _shiftNs[q]);
            if (list is null) c.Open[dir][key] = list = _spareLists.TryPop(out var spare) ? spare : [];
            list.Add(match);
            if (r.IpId != 0) c.ByIpId[dir][r.IpId] = match;
            _open.Add(match);
        }
        if (difference != SegmentDifference.None) match.ResegmentedMask |= 1 << q;
        r.Arrival = arrival;
        r.Covered = Math.Min(r.Length, match.Length);
        if ((match.ResegmentedMask & (1 << q)) != 0 && r.Length >= match.Length) r.Covered = match.Length;
        match.Copies[q] = r;
        match.SeenMask |= 1 << q;
        NoteOrder(c, dir, match, q);
        CloseIfComplete(match);
    }

    /// <summary>The open segment lacking point <paramref name="q"/> that this record is most likely a copy of: the one
    /// with the same IP ID and TCP timestamp (a retransmission differs in both), else the oldest.</summary>
    private static SegmentGroup? Best(List<SegmentGroup> list, in SegmentRecord r, int q, bool sameLength, int longerThan = -1)
    {
        SegmentGroup? best = null;
        int bestScore = -1;
        foreach (var g in list)
        {
            if (g.Closed || g.SeenAt(q)) continue;
            if (sameLength && g.Length != r.Length) continue;
            if (longerThan >= 0 && g.Length <= longerThan) continue;
            int score = 0;
            foreach (var copy in g.Copies)
            {
                if (copy.FrameId == 0) continue;
                if (r.IpId != 0 && copy.IpId == r.IpId) score += 2;
                if (r.TsVal != 0 && copy.TsVal == r.TsVal) score += 2;
                if (copy.Ack == r.Ack) score += 1;
                break;
            }
            if (score > bestScore)
            {
                best = g;
                bestScore = score;
            }
        }
        // A copy whose IP ID and timestamp both differ is another transmission, unless nothing else is open.
        return best;
    }

    /// <summary>One segment here that is several consecutive open segments at another point (TSO/GRO or resegmenting).</summary>
    private bool TryCoalesce(Conversation c, int dir, List<SegmentGroup> first, in SegmentRecord r, out SegmentGroup merged)
    {
        merged = null!;
        int q = r.Point;
        var chain = new List<SegmentGroup>();
        uint at = r.Seq;
        uint end = r.Seq + (uint)r.Length;
        var list = first;
        for (int i = 0; i < MaxChain && at != end; i++)
        {
            SegmentGroup? part = null;
            if (list is not null)
                foreach (var g in list)
                    if (!g.Closed && !g.SeenAt(q) && g.Length > 0 && (int)(end - at) >= g.Length) { part = g; break; }
            if (part is null) return false;
            chain.Add(part);
            at += (uint)part.Length;
            if (at != end && !c.Open[dir].TryGetValue(new SegmentKey(SegmentKind.Data, at, 0), out list)) return false;
        }
        if (at != end || chain.Count < 2) return false;
        merged = chain[0];
        for (int i = 1; i < chain.Count; i++)
        {
            var g = chain[i];
            g.Closed = true;
            _open.Remove(g);
            for (int p = 0; p < _points; p++)
            {
                if (!g.SeenAt(p)) continue;
                if (merged.SeenAt(p))
                {
                    merged.Copies[p].Covered += g.Copies[p].Covered;
                    continue;
                }
                merged.Copies[p] = g.Copies[p];
                merged.SeenMask |= 1 << p;
            }
            Remove(c, g);
        }
        merged.Length = r.Length;
        for (int p = 0; p < _points; p++)
            if (merged.SeenAt(p) && p != q) merged.ResegmentedMask |= 1 << p;
        return true;
    }

    private static bool IsDuplicate(IEnumerable<SegmentGroup> list, in SegmentRecord r, int q, out SegmentGroup original)
    {
        foreach (var g in list)
        {
            if (!g.SeenAt(q)) continue;
            var copy = g.Copies[q];
            if (copy.IpId == r.IpId && copy.TsVal == r.TsVal && copy.PayloadHash == r.PayloadHash && copy.Length == r.Length
                && copy.RawAck == r.RawAck && (r.IpId != 0 || r.TsVal != 0))
            {
                original = g;
                return true;
            }
        }
        original = null!;
        return false;
    }

    /// <summary>Reordering between two points: this segment reached <paramref name="q"/> after one that came later at
    /// another point.</summary>
    private static void NoteOrder(Conversation c, int dir, SegmentGroup g, int q)
    {
        for (int p = 0; p < g.Copies.Length; p++)
        {
            if (p == q || !g.SeenAt(p)) continue;
            long atP = g.Copies[p].Arrival;
            ref long seenAtQ = ref c.MaxMatchedArrival(dir, q, p);
            if (atP < seenAtQ) g.ReorderedMask |= 1 << q;
            else seenAtQ = atP;
            long atQ = g.Copies[q].Arrival;
            ref long seenAtP = ref c.MaxMatchedArrival(dir, p, q);
            if (atQ > seenAtP) seenAtP = atQ;
        }
    }

    private void CloseIfComplete(SegmentGroup g)
    {
        var c = g.Conversation;
        // Seen everywhere; or everywhere the conversation is, once the other points had a window to show it.
        bool everywhere = g.SeenMask == (1 << _points) - 1;
        if (!everywhere && ((g.SeenMask & c.PresentMask) != c.PresentMask || BitCount(c.PresentMask) < 2
            || g.CreatedNs - c.FirstNs <= _windowNs)) return;
        for (int p = 0; p < _points; p++)
            if (g.SeenAt(p) && g.Copies[p].Covered < g.Length) return;
        Close(g);
    }

    private void Close(SegmentGroup g)
    {
        _open.Remove(g);
        if (g.Closed) return;
        g.Closed = true;
        Remove(g.Conversation, g);
        if (g.Conversation.Merged) return;
        var recent = g.Conversation.RecentlyClosed[g.FromClient ? 0 : 1];
        recent.Enqueue(g);
        if (recent.Count > Conversation.RecentLimit) recent.Dequeue();
        int expected = g.Conversation.PresentMask;
        var any = g.Conversation.Any!;
        for (int p = 0; p < _points; p++)
        {
            if ((expected & (1 << p)) != 0) continue;
            // A point that did not see this conversation at all should have if it was capturing then and sees its hosts.
            if (PointCovers(p, g.CreatedNs) && (PointSaw(p, any.ServerAddress) || PointSaw(p, any.ClientAddress))) expected |= 1 << p;
        }
        // A point that saw the conversation keeps being expected to see it after its last frame: in a capture without
        // an end marker, silence after a loss looks the same as a stopped capture (the verdicts say when it was).
        for (int p = 0; p < _points; p++)
            if ((expected & (1 << p)) != 0 && !g.SeenAt(p) && g.CreatedNs < _firstNs[p] - _windowNs / 4) expected &= ~(1 << p);
        _outcomes.Add(g, expected);
    }

    private void Remove(Conversation c, SegmentGroup g)
    {
        int dir = g.FromClient ? 0 : 1;
        if (c.Open[dir].TryGetValue(g.Key, out var list) && list.Remove(g) && list.Count == 0)
        {
            c.Open[dir].Remove(g.Key);
            if (_spareLists.Count < 4096) _spareLists.Push(list);
        }
        for (int p = 0; p < g.Copies.Length; p++)
        {
            if (!g.SeenAt(p)) continue;
            uint id = g.Copies[p].IpId;
            if (id != 0 && c.ByIpId[dir].TryGetValue(id, out var h) && h == g) c.ByIpId[dir].Remove(id);
        }
    }

    private void Expire(bool all)
    {
        while (_open.Oldest is { } g && (all || g.CreatedNs + _windowNs <= _nowNs)) Close(g);
    }
}
