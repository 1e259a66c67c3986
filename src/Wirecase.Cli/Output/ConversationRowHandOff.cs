using System.Runtime.ExceptionServices;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output;

/// <summary>
/// The rows of the connections the TCP engine lets go of: made on the tracking thread (the connection object is reused
/// right after), put into their <see cref="ConversationRowStore"/> on a thread of their own. Finding a stream's earlier
/// row, sorting the runs and writing them to the temporary file is then not done by the thread every segment waits on.
/// Rows travel in chunks; when <see cref="ChunksWaiting"/> chunks wait, the tracking thread waits too, so rows never
/// pile up in memory.
/// </summary>
internal sealed class ConversationRowHandOff : IDisposable
{
    // 256 rows of ~270 bytes: under the large-object size.
    private const int ChunkRows = 256;
    private const int ChunksWaiting = 8;

    private readonly int _fileIndex;
    private readonly Action<ConversationRow, int> _store;
    private readonly HandOffQueue<Chunk> _waiting = new(ChunksWaiting);
    // The one being filled, the ones waiting and the one being stored: a free chunk is always there when one is sent.
    private readonly HandOffQueue<Chunk> _free = new(ChunksWaiting + 2);
    private readonly Thread _thread;
    private Chunk _filling;
    private ExceptionDispatchInfo? _failure;
    private bool _stopped;

    public ConversationRowHandOff(ConversationRowStore store) : this(store.FileIndex, store.Add) { }

    /// <param name="store">Called on the hand-off's thread with each row and its stream, in the order handed over.</param>
    internal ConversationRowHandOff(int fileIndex, Action<ConversationRow, int> store)
    {
        _fileIndex = fileIndex;
        _store = store;
        for (int i = 0; i < ChunksWaiting + 2; i++) _free.Add(new Chunk());
        _filling = _free.Take()!;
        _thread = new Thread(StoreChunks) { Name = "wirecase-rows", IsBackground = true };
        _thread.Start();
    }

    /// <summary>For the TCP engine's retirement callback: the connection's row, under its stream number.</summary>
    public void AddTcp(TcpConnection c)
    {
        if (c.OnlyInIcmpQuote) return;
        Slot(c.Stream) = ConversationRows.FromTcp(c, _fileIndex);   // made where it will wait: one copy less
    }

    /// <summary>A row made elsewhere, under its stream number (-1: none).</summary>
    internal void Add(in ConversationRow row, int stream) => Slot(stream) = row;

    /// <summary>Waits until every row handed over is in the store, then rethrows what storing one threw (a
    /// <see cref="Wirecase.Flows.Storage.SpillFileException"/>).</summary>
    public void Complete()
    {
        if (_stopped) return;
        if (_filling.Count > 0) Send();
        Stop();
        _failure?.Throw();
    }

    public void Dispose()
    {
        if (!_stopped) Stop();
    }

    private ref ConversationRow Slot(int stream)
    {
        if (_filling.Count == ChunkRows) Send();
        var chunk = _filling;
        chunk.Streams[chunk.Count] = stream;
        return ref chunk.Rows[chunk.Count++];
    }

    private void Send()
    {
        _waiting.Add(_filling);
        _filling = _free.Take()!;   // never null: the queue of free chunks is not cancelled
    }

    private void Stop()
    {
        _stopped = true;
        _waiting.Complete();
        _thread.Join();
    }

    private void StoreChunks()
    {
        while (_waiting.Take() is { } chunk)
        {
            // After a failure the rest is passed over (the run ends with the error), but chunks still come back.
            if (_failure is null)
            {
                try
                {
                    for (int i = 0; i < chunk.Count; i++) _store(chunk.Rows[i], chunk.Streams[i]);
                }
                catch (Exception e)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                }
            }
            chunk.Count = 0;
            _free.Add(chunk);
        }
    }

    private sealed class Chunk
    {
        public readonly ConversationRow[] Rows = new ConversationRow[ChunkRows];
        public readonly int[] Streams = new int[ChunkRows];
        public int Count;
    }
}
