using Wirecase.Flows;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols.Lpd;

/// <summary>An LPD command or subcommand (RFC 1179 §5, §6) and the one-byte acknowledgement that answered it.</summary>
public sealed class LpdCommand
{
    /// <summary>"print-waiting", "receive-job", "queue-short", "queue-long", "remove-jobs"; inside a job "abort",
    /// "control-file", "data-file"; "file-end" for the zero byte that ends a file.</summary>
    public required string Name { get; init; }
    public required byte Code { get; init; }
    /// <summary>The queue, or the file name for control/data files.</summary>
    public required string Operand { get; init; }
    public long? FileBytes { get; init; }
    public required FrameTime At { get; init; }
    public required int SegmentBytes { get; init; }
    /// <summary>The acknowledgement byte (0 = accepted), when it came.</summary>
    public byte? Ack { get; internal set; }
    public FrameTime? AckAt { get; internal set; }
    public bool ExpectsAck { get; init; } = true;
    public override string ToString() => $"{Name} {Operand}".Trim();
}

public sealed class LpdSession(TcpConnection connection) : ApplicationSession(connection)
{
    public List<LpdCommand> Commands { get; } = [];
    /// <summary>Text the server sent for a queue-state request.</summary>
    public long QueueStateBytes { get; internal set; }
    public IEnumerable<LpdCommand> Unacknowledged => Commands.Where(c => c.ExpectsAck && c.Ack is null);
}
