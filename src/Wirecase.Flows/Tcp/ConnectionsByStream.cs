using System.Collections;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// The connections held, by stream number (Wireshark's tcp.stream: 0, 1, 2 … in order of appearance), null for a
/// stream let go of. Kept in chunks of <see cref="ChunkLength"/> streams, and a chunk none of whose streams is held any
/// more is dropped: with retirement its memory follows the streams in progress, not every stream the capture numbered
/// (a list grown by doubling leaves the arrays it outgrew behind as well).
/// </summary>
internal sealed class ConnectionsByStream : IReadOnlyList<TcpConnection?>
{
    private const int ChunkBits = 10;
    public const int ChunkLength = 1 << ChunkBits;

    private struct Chunk
    {
        public TcpConnection?[]? Items;   // null once dropped
        public int Held;                  // non-null items
    }

    private Chunk[] _chunks = new Chunk[16];
    private int _chunkCount;
    private TcpConnection?[]? _spare;   // the last chunk dropped, for the next one needed

    /// <summary>Streams numbered so far.</summary>
    public int Count { get; private set; }

    /// <summary>Chunks in memory (for tests: the memory follows the streams held).</summary>
    internal int ChunksInMemory
    {
        get
        {
            int n = 0;
            for (int i = 0; i < _chunkCount; i++) if (_chunks[i].Items is not null) n++;
            return n;
        }
    }

    public TcpConnection? this[int stream]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)stream, (uint)Count, nameof(stream));
            var items = _chunks[stream >> ChunkBits].Items;
            return items is null ? null : items[stream & (ChunkLength - 1)];
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)stream, (uint)Count, nameof(stream));
            Set(stream, value);
        }
    }

    /// <summary>Numbers a new stream (<see cref="Count"/> before the call) and holds <paramref name="connection"/> on it.</summary>
    public void Add(TcpConnection connection)
    {
        if ((Count & (ChunkLength - 1)) == 0)
        {
            // The chunk being left may have emptied while it was still filling.
            if (_chunkCount > 0 && _chunks[_chunkCount - 1].Held == 0) Drop(ref _chunks[_chunkCount - 1]);
            if (_chunkCount == _chunks.Length) Array.Resize(ref _chunks, _chunkCount * 2);
            _chunks[_chunkCount++] = new Chunk { Items = TakeArray() };
        }
        Count++;
        Set(Count - 1, connection);
    }

    private void Set(int stream, TcpConnection? value)
    {
        ref var chunk = ref _chunks[stream >> ChunkBits];
        if (chunk.Items is null)
        {
            if (value is null) return;
            chunk.Items = TakeArray();
        }
        ref var item = ref chunk.Items[stream & (ChunkLength - 1)];
        chunk.Held += (value is null ? 0 : 1) - (item is null ? 0 : 1);
        item = value;
        // A chunk empties for good only once every stream in it is numbered (the last chunk is still filling).
        if (chunk.Held == 0 && (stream >> ChunkBits) < (Count - 1) >> ChunkBits) Drop(ref chunk);
    }

    private void Drop(ref Chunk chunk)
    {
        _spare = chunk.Items;
        chunk.Items = null;
    }

    private TcpConnection?[] TakeArray()
    {
        if (_spare is not { } spare) return new TcpConnection?[ChunkLength];
        _spare = null;
        return spare;   // all null: it was dropped empty
    }

    public IEnumerator<TcpConnection?> GetEnumerator()
    {
        for (int stream = 0; stream < Count; stream++) yield return this[stream];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
