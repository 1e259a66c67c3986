using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.Flows.Pipeline;

/// <summary>
/// Reads and decodes a capture set on a second thread while the caller tracks flows on its own: the two halves of the
/// work overlap on two cores. Frames arrive in capture order, in batches whose bytes are copies (the readers' buffers
/// move on). At most <see cref="BatchesInFlight"/> batches exist, so memory stays bounded. Errors on the decoding
/// thread are rethrown to the caller.
/// </summary>
public sealed class DecodingPipeline : IDisposable
{
    /// <summary>8 192 frames in flight: the decoding thread shares its core with the pool's file writes and the jit,
    /// and the tracking thread must not run dry while it waits for the core. Measured on 5 M small frames (timed build,
    /// time spent waiting in <see cref="Next"/>): 85–213 ms per run with 8 batches of 512, 33–97 ms with 16; 16
    /// batches of 512 frames take about as much memory as the 4 of 2 048 before them (the frames are the same number).</summary>
    public const int BatchesInFlight = 16;

    private readonly CaptureSet _set;
    private readonly HandOffQueue<DecodedFrameBatch> _full = new(BatchesInFlight);
    private readonly HandOffQueue<DecodedFrameBatch> _free = new(BatchesInFlight);
    private readonly Thread _thread;
    private Exception? _error;

    private readonly bool _verifyChecksums;

    private readonly bool _tcpKeys;

    /// <param name="onFrame">Called on the decoding thread for every frame (progress counting, say); may be null.</param>
    /// <param name="verifyChecksums">Check IP and transport checksums (off for work that reports nothing about them:
    /// summing every byte is a good part of decoding large frames).</param>
    /// <param name="tcpKeys">Set <see cref="DecodedFrame.TcpKeyHash"/> and <see cref="DecodedFrame.TcpSynRememberedHash"/>
    /// (the tracking thread then neither computes them nor waits for the lookups they start: see
    /// <see cref="Tcp.TcpConnectionTable.Prefetch"/>).</param>
    public DecodingPipeline(CaptureSet set, Action? onFrame = null, bool verifyChecksums = true, bool tcpKeys = false)
    {
        _set = set;
        _verifyChecksums = verifyChecksums;
        _tcpKeys = tcpKeys;
        for (int i = 0; i < BatchesInFlight; i++) _free.Add(new DecodedFrameBatch());
        _thread = new Thread(() => Produce(onFrame)) { IsBackground = true, Name = "wirecase-decode" };
        _thread.Start();
    }

    /// <summary>The next batch, or null at the end. Give it back with <see cref="Return"/> when done with it.</summary>
    public DecodedFrameBatch? Next()
    {
        var batch = _full.Take();
        if (batch is null && _error is not null) throw new InvalidOperationException("decoding failed: " + _error.Message, _error);
        return batch;
    }

    public void Return(DecodedFrameBatch batch)
    {
        batch.Clear();
        _free.Add(batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private void Produce(Action? onFrame)
    {
        DecodedFrameBatch? batch = null;
        try
        {
            var decoders = _set.Readers.Select(_ => new PacketDecoder(_verifyChecksums)).ToArray();
            // A null batch: the pipeline is being disposed of.
            batch = _free.Take();
            if (batch is null) return;
            while (_set.MoveNext())
            {
                var frame = _set.Current;
                int fileIndex = _set.CurrentFileIndex;
                var decoder = decoders[fileIndex];
                if (!batch.HasRoom(frame.CapturedLength + 2 * 65_536))
                {
                    var full = batch;
                    batch = null;
                    if (!_full.Add(full) || (batch = _free.Take()) is null) return;
                }
                ref var f = ref batch.Frames[batch.Count];
                decoder.Decode(frame, ref f.Packet);
                bool tcpKey = _tcpKeys && frame.Kind == FrameKind.Packet && f.Packet.IsTcp && f.Packet.TransportHeaderComplete;
                f.TcpSynRememberedHash = 0;
                f.TcpKeyHash = tcpKey ? Tcp.TcpConnectionTable.KeyHashes(f.Packet, out f.TcpSynRememberedHash) : 0;
                f.FileIndex = fileIndex;
                f.Number = frame.Number;
                f.Point = _set.CurrentPoint;
                f.FrameId = _set.CurrentFrameId;
                f.TimestampNs = frame.TimestampNs;
                f.HasTimestamp = frame.HasTimestamp;
                f.Kind = frame.Kind;
                f.Interface = frame.Interface;
                f.OriginalLength = frame.OriginalLength;
                f.Comment = frame.Comment;
                f.DataOffset = batch.Append(frame.Data);
                f.DataLength = frame.CapturedLength;
                var payload = decoder.Payload(frame.Data, f.Packet);
                if (f.Packet.Has(PacketLayers.Reassembled))
                {
                    f.PayloadOffset = batch.Append(payload);   // the reassembled datagram lives in the decoder
                    f.PayloadLength = payload.Length;
                }
                else
                {
                    f.PayloadOffset = payload.IsEmpty ? f.DataOffset : f.DataOffset + (f.Packet.PayloadOffset);
                    f.PayloadLength = payload.Length;
                }
                batch.Count++;
                onFrame?.Invoke();
            }
        }
        catch (Exception e)
        {
            _error = e;
        }
        finally
        {
            // The frames decoded before the end (or before a failure) go on; the failure comes after them.
            if (batch is { Count: > 0 }) _full.Add(batch);
            _full.Complete();
        }
    }

    public void Dispose()
    {
        _full.Cancel();
        _free.Cancel();
        _thread.Join();
    }
}
