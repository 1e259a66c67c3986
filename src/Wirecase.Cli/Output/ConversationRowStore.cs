using Wirecase.Flows.Storage;
using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output;

/// <summary>
/// The conversation rows of one capture file, written to a temporary file as they are made, so a capture with millions
/// of connections does not keep millions of rows in memory. A TCP row is found again by its stream number (a stream
/// that comes back after the engine let go of it is merged: the merged row is written again and the index points at
/// it); UDP and IP rows follow one another.
/// </summary>
internal sealed class ConversationRowStore(string? file, int fileIndex) : IDisposable
{
    private const int ChunkBits = 12;
    private readonly SpillFile<ConversationRow> _rows = new();
    // Per TCP stream, in chunks: 1 + the number of its latest row (0: no row yet).
    private readonly List<int[]> _latest = [];
    private long _firstNs;

    /// <summary>The capture file's name when several were given, else null.</summary>
    public string? File { get; } = file;

    public int FileIndex { get; } = fileIndex;

    /// <summary>Why rows went to memory instead of the temporary file, or null.</summary>
    public string? SpillProblem => _rows.Problem;

    /// <summary>Rows written, including the earlier parts of merged streams.</summary>
    public long RecordCount => _rows.Count;

    /// <summary>For the TCP engine's retirement callback: the connection's row, under its stream number.</summary>
    public void AddTcp(TcpConnection c)
    {
        if (c.OnlyInIcmpQuote) return;
        var row = ConversationRows.FromTcp(c, FileIndex);
        ref int latest = ref Latest(c.Stream);
        if (latest != 0) row = ConversationRow.Merge(_rows.Read(latest - 1), row);
        latest = checked((int)_rows.Append(row) + 1);
    }

    public void Add(in ConversationRow row) => _rows.Append(row);

    /// <summary>Rows read from here on have their start relative to <paramref name="firstNs"/> (the first frame of the
    /// whole run).</summary>
    public void ShiftStarts(long firstNs) => _firstNs = firstNs;

    /// <summary>Reads the rows from number <paramref name="start"/> on into <paramref name="into"/>; returns how many.</summary>
    public int Read(long start, Span<ConversationRow> into)
    {
        int n = _rows.Read(start, into);
        if (_firstNs != 0)
            for (int i = 0; i < n; i++) into[i] = into[i] with { RelativeStartNs = into[i].RelativeStartNs - _firstNs };
        return n;
    }

    /// <summary>False for the earlier part of a TCP stream that was merged into a later row.</summary>
    public bool IsShown(long number, in ConversationRow row) =>
        row.Tcp is not { } t || Latest(t.Stream) == number + 1;

    /// <summary>Where the row stands in appearance order: its stream (TCP) or its number (UDP, IP).</summary>
    public static int PositionOf(long number, in ConversationRow row) => row.Tcp?.Stream ?? checked((int)number);

    public void Dispose() => _rows.Dispose();

    private ref int Latest(int stream)
    {
        int chunk = stream >> ChunkBits;
        while (_latest.Count <= chunk) _latest.Add(new int[1 << ChunkBits]);
        return ref _latest[chunk][stream & ((1 << ChunkBits) - 1)];
    }
}
