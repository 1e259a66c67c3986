namespace Wirecase.Reports.Model;

/// <summary>How much a report holds, so that a report of a multi-gigabyte capture stays a usable size.</summary>
public sealed record ReportOptions
{
    /// <summary>Connections drawn (ladder, graphs, packet list), in the order the findings cite them.</summary>
    public int MaxConnectionViews { get; init; } = 12;
    /// <summary>Segments kept per drawn connection (the first ones; the count of the rest is shown).</summary>
    public int MaxSegmentsPerConnection { get; init; } = 2000;
    /// <summary>Rows of the conversations table (the busiest first; the count of the rest is shown).</summary>
    public int MaxConversations { get; init; } = 2000;
}
