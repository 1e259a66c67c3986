using System.Globalization;
using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Protocols.Streams;

namespace Wirecase.Protocols.Lpd;

/// <summary>
/// Follows the Line Printer Daemon protocol (RFC 1179) on one connection: daemon commands, the receive-job
/// subcommands with their control and data files (counted, not kept), and the one-byte acknowledgements, paired in
/// order. A command still waiting for its acknowledgement is what a stuck print job looks like.
/// </summary>
internal sealed class LpdAnalyzer : IStreamAnalyzer
{
    private const int MaxLine = 1024;
    private const int MaxCommands = 100_000;

    private enum ClientMode : byte { Command, Subcommand, File, Lost }

    private readonly LpdSession _s;
    private readonly bool _clientIsOriginator;
    private readonly IFrameSummaries? _summaries;
    private readonly LineReader _lines = new(MaxLine);
    private readonly Queue<LpdCommand> _waiting = new();
    private long _offset;
    private ClientMode _mode;
    private long _fileRemaining;
    private bool _queueState;

    public LpdAnalyzer(LpdSession session, bool clientIsOriginator, IFrameSummaries? summaries)
    {
        _s = session;
        _clientIsOriginator = clientIsOriginator;
        _summaries = summaries;
    }

    public ProtocolKind Kind => ProtocolKind.Lpd;

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        if (fromOriginator == _clientIsOriginator) Client(frame, data);
        else Server(frame, data);
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        bool client = fromOriginator == _clientIsOriginator;
        if (client && _mode == ClientMode.File && length < _fileRemaining)
        {
            _fileRemaining -= length;
            return;
        }
        _s.Note(new ProtocolNote("lpd.gap", fromOriginator, frame, $"{length} bytes missing ({reason}); the rest of this side is not interpreted"));
        if (client) _mode = ClientMode.Lost;
        else _waiting.Clear();
    }

    public void Finish(FrameTime end) => _s.FinishedAt = end;

    private void Client(FrameTime frame, ReadOnlySpan<byte> data)
    {
        int segmentBytes = data.Length;
        while (!data.IsEmpty)
        {
            switch (_mode)
            {
                case ClientMode.Lost:
                    return;
                case ClientMode.File:
                {
                    // The file's bytes, then one zero byte that ends it (RFC 1179 §7.2, §7.3).
                    int take = (int)Math.Min(_fileRemaining, data.Length);
                    _fileRemaining -= take;
                    data = data[take..];
                    _offset += take;
                    if (_fileRemaining == 0)
                    {
                        _mode = ClientMode.Subcommand;
                        Add(new LpdCommand { Name = "file-end", Code = 0, Operand = "", At = frame, SegmentBytes = segmentBytes });
                    }
                    continue;
                }
            }
            if (!_lines.TryRead(ref data, frame, segmentBytes, ref _offset, out var line, out var start)) return;
            if (line.IsEmpty) continue;
            if (_mode == ClientMode.Command) Command(line, start);
            else Subcommand(line, start);
        }
    }

    private void Command(ReadOnlySpan<byte> line, LineStart start)
    {
        string name = line[0] switch
        {
            1 => "print-waiting",
            2 => "receive-job",
            3 => "queue-short",
            4 => "queue-long",
            5 => "remove-jobs",
            _ => "",
        };
        if (name.Length == 0)
        {
            _s.Note(new ProtocolNote("lpd.unparsable", _clientIsOriginator, start.At, $"unknown daemon command byte 0x{line[0]:x2}"));
            _mode = ClientMode.Lost;
            return;
        }
        string operand = AsciiText.Of(line[1..]).Trim();
        bool queueState = line[0] is 3 or 4;
        Add(new LpdCommand { Name = name, Code = line[0], Operand = operand, At = start.At, SegmentBytes = start.SegmentBytes, ExpectsAck = !queueState });
        _queueState = queueState;
        if (line[0] == 2) _mode = ClientMode.Subcommand;
    }

    private void Subcommand(ReadOnlySpan<byte> line, LineStart start)
    {
        switch (line[0])
        {
            case 1:
                Add(new LpdCommand { Name = "abort", Code = 1, Operand = "", At = start.At, SegmentBytes = start.SegmentBytes });
                return;
            case 2:
            case 3:
            {
                string text = AsciiText.Of(line[1..]);
                int sp = text.IndexOf(' ', StringComparison.Ordinal);
                if (sp <= 0 || !long.TryParse(text[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                {
                    _s.Note(new ProtocolNote("lpd.unparsable", _clientIsOriginator, start.At, $"file subcommand without a byte count: '{text}'"));
                    _mode = ClientMode.Lost;
                    return;
                }
                Add(new LpdCommand
                {
                    Name = line[0] == 2 ? "control-file" : "data-file", Code = line[0], Operand = text[(sp + 1)..].Trim(), FileBytes = count,
                    At = start.At, SegmentBytes = start.SegmentBytes,
                });
                _fileRemaining = count + 1;   // the file and its terminating zero byte
                _mode = ClientMode.File;
                return;
            }
            default:
                _s.Note(new ProtocolNote("lpd.unparsable", _clientIsOriginator, start.At, $"unknown receive-job subcommand byte 0x{line[0]:x2}"));
                _mode = ClientMode.Lost;
                return;
        }
    }

    private void Add(LpdCommand command)
    {
        if (_s.Commands.Count < MaxCommands) _s.Commands.Add(command);
        if (command.ExpectsAck) _waiting.Enqueue(command);
        _summaries?.Add(command.At.Frame, ProtocolKind.Lpd, command.Name == "file-end" ? "end of file" : command.ToString());
    }

    private void Server(FrameTime frame, ReadOnlySpan<byte> data)
    {
        if (_queueState && _waiting.Count == 0)
        {
            _s.QueueStateBytes += data.Length;
            return;
        }
        foreach (byte b in data)
        {
            if (!_waiting.TryDequeue(out var command))
            {
                _s.QueueStateBytes++;
                continue;
            }
            command.Ack = b;
            command.AckAt = frame;
            _summaries?.Add(frame.Frame, ProtocolKind.Lpd, b == 0 ? "ACK" : $"NACK 0x{b:x2}");
        }
    }
}
