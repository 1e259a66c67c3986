namespace Wirecase.Flows.Reassembly;

/// <summary>Memory bounds for reassembly: beyond them data is skipped with a gap notice, never buffered without end.</summary>
public sealed record ReassemblyLimits
{
    /// <summary>Out-of-order bytes held per direction of a connection.</summary>
    public int MaxBufferedPerDirection { get; init; } = 1 << 20;
    /// <summary>Out-of-order bytes held across all connections.</summary>
    public long MaxBufferedTotal { get; init; } = 16L << 20;
    /// <summary>Out-of-order segments held per direction.</summary>
    public int MaxSegmentsPerDirection { get; init; } = 1024;
}

/// <summary>Shared accounting of buffered bytes across all reassemblers of a capture.</summary>
public sealed class ReassemblyBudget(ReassemblyLimits limits)
{
    public ReassemblyLimits Limits { get; } = limits;
    public long Buffered { get; internal set; }
    public long PeakBuffered { get; internal set; }
    internal SegmentBufferPool Buffers { get; } = new(limits.MaxBufferedTotal);
}
