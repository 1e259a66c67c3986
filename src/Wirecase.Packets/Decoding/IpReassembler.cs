using System.Buffers;

namespace Wirecase.Packets.Decoding;

/// <summary>
/// Reassembles IPv4 and IPv6 fragments (RFC 791, RFC 8200 §4.5) with hard limits: at most
/// <see cref="MaxPendingDatagrams"/> datagrams in progress (each at most 64 KiB), and a datagram not completed within
/// <see cref="TimeoutNs"/> of capture time is dropped — so a flood of fragments cannot exhaust memory. When a limit
/// evicts a datagram the oldest goes first. Coverage is tracked in 8-byte blocks, so overlaps and duplicates are harmless.
/// </summary>
public sealed class IpReassembler
{
    public const int MaxDatagramLength = 65_535;
    /// <summary>64 datagrams of 64 KiB: 4 MiB at most.</summary>
    public const int MaxPendingDatagrams = 64;
    /// <summary>Linux drops incomplete datagrams after 30 s (ipfrag_time); so do we.</summary>
    public const long TimeoutNs = 30_000_000_000L;
    private const int Blocks = (MaxDatagramLength + 7) / 8;

    private readonly List<Pending> _pending = [];
    private readonly byte[] _result = new byte[MaxDatagramLength];

    /// <summary>Datagrams dropped unfinished (timeout or limit).</summary>
    public long Evicted { get; private set; }

    /// <summary>The last completed datagram's payload (after the IP header); valid until the next call.</summary>
    public ReadOnlySpan<byte> Result => _result.AsSpan(0, ResultLength);
    public int ResultLength { get; private set; }

    /// <summary>True when fragments of the last completed datagram overlapped (the first bytes to arrive were kept).
    /// Overlaps are an evasion technique, or a broken sender.</summary>
    public bool ResultOverlapped { get; private set; }

    private sealed class Pending
    {
        public required FragmentKey Key;
        public required byte[] Buffer;
        public readonly ulong[] Covered = new ulong[(Blocks + 63) / 64];
        public int TotalLength = -1;
        public bool Overlapped;
        public int HighestEnd;
        public long FirstSeenNs;
    }

    /// <summary>Identifies a datagram: addresses, identification and protocol.</summary>
    public readonly record struct FragmentKey(IpAddressValue Source, IpAddressValue Destination, uint Id, byte Protocol);

    /// <summary>
    /// Adds one fragment. <paramref name="data"/> is the fragment's payload as captured, <paramref name="length"/> its
    /// length per the IP header. True when the datagram is now complete: its payload is in <see cref="Result"/>.
    /// A fragment whose bytes were cut by the capture cannot complete a datagram.
    /// </summary>
    public bool Add(in FragmentKey key, int offset, bool moreFragments, ReadOnlySpan<byte> data, int length, long timestampNs)
    {
        ExpireOlderThan(timestampNs - TimeoutNs);
        if (offset + length > MaxDatagramLength || length < 0) return false;
        var p = Find(key);
        if (p is null)
        {
            if (_pending.Count >= MaxPendingDatagrams) Evict(0);
            p = new Pending { Key = key, Buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramLength), FirstSeenNs = timestampNs };
            _pending.Add(p);
        }
        int present = Math.Min(data.Length, length);
        // Overlaps: the bytes that arrived first win (as Wireshark and most stacks keep them). Only whole 8-byte blocks
        // that are fully present are marked (the last fragment may end mid-block).
        int end = offset + present;
        for (int b = offset / 8; b * 8 < end; b++)
        {
            ulong bit = 1UL << (b & 63);
            if ((p.Covered[b >> 6] & bit) != 0)
            {
                p.Overlapped = true;
                continue;
            }
            int from = Math.Max(b * 8, offset), to = Math.Min(b * 8 + 8, end);
            data.Slice(from - offset, to - from).CopyTo(p.Buffer.AsSpan(from));
            if (b * 8 + 8 <= end || end == offset + length) p.Covered[b >> 6] |= bit;
        }
        if (!moreFragments) p.TotalLength = offset + length;
        p.HighestEnd = Math.Max(p.HighestEnd, end);
        if (p.TotalLength < 0 || !IsComplete(p)) return false;
        p.Buffer.AsSpan(0, p.TotalLength).CopyTo(_result);
        ResultLength = p.TotalLength;
        ResultOverlapped = p.Overlapped;
        Remove(p);
        return true;
    }

    private static bool IsComplete(Pending p)
    {
        int blocks = (p.TotalLength + 7) / 8;
        for (int b = 0; b < blocks; b++)
            if ((p.Covered[b >> 6] & (1UL << (b & 63))) == 0) return false;
        return true;
    }

    private Pending? Find(in FragmentKey key)
    {
        foreach (var p in _pending)
            if (p.Key == key) return p;
        return null;
    }

    private void ExpireOlderThan(long limitNs)
    {
        for (int i = _pending.Count - 1; i >= 0; i--)
            if (_pending[i].FirstSeenNs < limitNs) Evict(i);
    }

    private void Evict(int index)
    {
        Evicted++;
        ArrayPool<byte>.Shared.Return(_pending[index].Buffer);
        _pending.RemoveAt(index);
    }

    private void Remove(Pending p)
    {
        ArrayPool<byte>.Shared.Return(p.Buffer);
        _pending.Remove(p);
    }

    public int PendingCount => _pending.Count;
}
