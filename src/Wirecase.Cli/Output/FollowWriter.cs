using System.Globalization;
using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output;

/// <summary>Writes a followed stream as it is reassembled: a header line whenever the direction changes, the bytes as
/// text (non-printable as '.') or a hex dump, and a line for every gap.</summary>
internal sealed class FollowWriter(TextWriter w, bool hex) : IStreamSink
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private string _originator = "", _responder = "";
    private bool? _lastDirection;
    private bool _atLineStart = true;

    public void Begin(TcpConnection c)
    {
        _originator = Endpoint(c.OriginatorAddress.ToString(), c.OriginatorPort);
        _responder = Endpoint(c.ResponderAddress.ToString(), c.ResponderPort);
        w.WriteLine($"Follow TCP stream {c.Stream}: {_originator} (originator) <-> {_responder} (responder)");
    }

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        Header(fromOriginator, frame.Frame, streamOffset);
        if (hex) HexDump(streamOffset, data);
        else Text(data);
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        _lastDirection = null;
        if (!_atLineStart) w.WriteLine();
        string why = reason switch
        {
            GapReason.AckedButNotCaptured => "acknowledged by the peer but not in the capture",
            GapReason.Truncated => "cut by the capture's snaplen",
            GapReason.BufferLimit => "skipped: out-of-order data beyond the reassembly memory limit",
            _ => "never captured before the end",
        };
        w.WriteLine($"[gap: {length.ToString(Inv)} bytes missing from {(fromOriginator ? _originator : _responder)} at stream offset {streamOffset.ToString(Inv)} (frame {frame.Frame.ToString(Inv)}): {why}]");
        _atLineStart = true;
    }

    public void End(TcpConnection c, TcpStreamReassembler? r)
    {
        if (!_atLineStart) w.WriteLine();
        long sentO = r?.DeliveredBytes(true) ?? 0, sentR = r?.DeliveredBytes(false) ?? 0;
        w.WriteLine($"End of stream {c.Stream}: {_originator} sent {sentO.ToString(Inv)} bytes (gaps {(r?.GapBytes(true) ?? 0).ToString(Inv)}), " +
                    $"{_responder} sent {sentR.ToString(Inv)} bytes (gaps {(r?.GapBytes(false) ?? 0).ToString(Inv)}); state {c.State}, history {c.History}");
    }

    private void Header(bool fromOriginator, long frame, long offset)
    {
        if (_lastDirection == fromOriginator) return;
        if (!_atLineStart) w.WriteLine();
        _lastDirection = fromOriginator;
        string from = fromOriginator ? _originator : _responder, to = fromOriginator ? _responder : _originator;
        w.WriteLine($"==== {from} -> {to} (frame {frame.ToString(Inv)}, offset {offset.ToString(Inv)})");
        _atLineStart = true;
    }

    private void Text(ReadOnlySpan<byte> data)
    {
        Span<char> chars = stackalloc char[Math.Min(data.Length, 4096)];
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, chars.Length);
            for (int i = 0; i < n; i++)
            {
                byte b = data[i];
                chars[i] = b is (>= 0x20 and < 0x7F) or (byte)'\n' or (byte)'\r' or (byte)'\t' ? (char)b : '.';
            }
            w.Write(chars[..n]);
            _atLineStart = data[n - 1] == '\n';
            data = data[n..];
        }
    }

    private void HexDump(long offset, ReadOnlySpan<byte> data)
    {
        for (int line = 0; line < data.Length; line += 16)
        {
            var chunk = data.Slice(line, Math.Min(16, data.Length - line));
            w.Write((offset + line).ToString("X8", Inv));
            w.Write("  ");
            for (int i = 0; i < 16; i++) w.Write(i < chunk.Length ? chunk[i].ToString("x2", Inv) + " " : "   ");
            w.Write(' ');
            foreach (byte b in chunk) w.Write(b is >= 0x20 and < 0x7F ? (char)b : '.');
            w.WriteLine();
        }
        _atLineStart = true;
    }

    private static string Endpoint(string address, ushort port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
