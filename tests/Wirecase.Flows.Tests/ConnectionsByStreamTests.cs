using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Flows.Tests;

/// <summary>The connections held by stream number, in chunks that are dropped once empty, against a plain list.</summary>
public sealed class ConnectionsByStreamTests
{
    private static readonly IpAddressValue Client = IpAddressValue.V4([198, 18, 0, 1]);
    private static readonly IpAddressValue Server = IpAddressValue.V4([203, 0, 113, 7]);

    private static TcpConnection Connection(int stream)
    {
        ushort port = (ushort)(1024 + stream % 60_000);
        var key = FlowKey.For(Client, port, Server, 443, 6, out _);
        return new TcpConnection(stream, key, Client, port, Server, 443, firstFrame: stream + 1, firstTimeNs: 0);
    }

    [Fact]
    public void Reads_what_was_set_like_a_list_while_streams_are_numbered_let_go_of_and_resumed()
    {
        var streams = new ConnectionsByStream();
        var model = new List<TcpConnection?>();
        var random = new Random(20261130);
        for (int step = 0; step < 60_000; step++)
        {
            int op = random.Next(10);
            if (op < 4 || model.Count == 0)
            {
                var c = Connection(model.Count);
                streams.Add(c);
                model.Add(c);
            }
            else
            {
                // Mostly the recent streams, sometimes any (a late packet resuming an old stream).
                int stream = op == 9 ? random.Next(model.Count) : Math.Max(0, model.Count - 1 - random.Next(3000));
                var value = op < 8 ? null : Connection(stream);
                streams[stream] = value;
                model[stream] = value;
            }
            Assert.Equal(model.Count, streams.Count);
            int probe = random.Next(model.Count);
            Assert.Same(model[probe], streams[probe]);
        }
        Assert.Equal(model, streams);
    }

    [Fact]
    public void Memory_follows_the_streams_held_not_the_streams_numbered()
    {
        var streams = new ConnectionsByStream();
        const int total = ConnectionsByStream.ChunkLength * 20;
        for (int stream = 0; stream < total; stream++)
        {
            streams.Add(Connection(stream));
            // Each connection is let go of 100 streams later, except every 5 000th, which stays.
            if (stream >= 100 && (stream - 100) % 5000 != 0) streams[stream - 100] = null;
        }
        int kept = (total - 100 + 4999) / 5000;
        Assert.InRange(streams.ChunksInMemory, 1, kept + 2);
        Assert.Equal(kept + 100, streams.Count(c => c is not null));

        // A stream in a dropped chunk comes back (resumed by a late packet), then goes again.
        int resumed = ConnectionsByStream.ChunkLength + 3;
        Assert.Null(streams[resumed]);
        var again = Connection(resumed);
        streams[resumed] = again;
        Assert.Same(again, streams[resumed]);
        Assert.Null(streams[resumed + 1]);
        int before = streams.ChunksInMemory;
        streams[resumed] = null;
        Assert.Equal(before - 1, streams.ChunksInMemory);
    }

    [Fact]
    public void A_chunk_that_empties_while_it_is_the_last_is_dropped_when_the_next_one_starts()
    {
        var streams = new ConnectionsByStream();
        for (int stream = 0; stream < ConnectionsByStream.ChunkLength * 3; stream++)
        {
            streams.Add(Connection(stream));
            streams[stream] = null;   // let go of at once
        }
        streams.Add(Connection(streams.Count));
        Assert.Equal(1, streams.ChunksInMemory);
    }

    [Fact]
    public void Streams_not_numbered_yet_are_out_of_range()
    {
        var streams = new ConnectionsByStream();
        streams.Add(Connection(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => streams[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => streams[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => streams[1] = null);
    }
}
