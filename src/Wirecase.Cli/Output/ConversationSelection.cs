namespace Wirecase.Cli.Output;

/// <summary>
/// Which conversation rows `conv` lists and in which order, known before the capture is read so that the rows can be
/// put in order as they are made: the sort (largest first, except start and stream), an optional filter that sees each
/// row with its capture file's name, and an observer that sees each listed row once (what a writer must know before
/// the first row, like column widths).
/// </summary>
internal sealed class ConversationSelection
{
    private enum Order { Frames, Bytes, Start, Duration, Stream, Retransmissions }

    private readonly Order _order;
    private readonly Func<ConversationRow, string?, bool>? _keep;
    private readonly Action<ConversationRow>? _observe;

    /// <param name="sort">One of <see cref="Commands.ConvCommand.SortKeys"/> (anything else: frames).</param>
    public ConversationSelection(string sort, Func<ConversationRow, string?, bool>? keep = null, Action<ConversationRow>? observe = null)
    {
        _order = sort switch
        {
            "bytes" => Order.Bytes,
            "start" => Order.Start,
            "duration" => Order.Duration,
            "stream" => Order.Stream,
            "retransmissions" => Order.Retransmissions,
            _ => Order.Frames,
        };
        _keep = keep;
        _observe = observe;
    }

    /// <summary>The row's sort value: smaller comes first.</summary>
    public long ValueOf(in ConversationRow r) => _order switch
    {
        Order.Bytes => -r.Bytes,
        Order.Start => r.RelativeStartNs,
        Order.Duration => -r.DurationNs,
        Order.Stream => r.Tcp?.Stream ?? 0,
        Order.Retransmissions => -((r.Tcp?.RetransmissionsAToB ?? 0) + (r.Tcp?.RetransmissionsBToA ?? 0)),
        _ => -r.Frames,
    };

    public bool Keeps(in ConversationRow r, string? file) => _keep is null || _keep(r, file);

    public void Observe(in ConversationRow r) => _observe?.Invoke(r);
}
