using Wirecase.Capture;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.TestKit;

namespace Wirecase.Flows.Tests;

/// <summary>
/// Scripts a TCP conversation between a client and a server and feeds it, frame by frame, to a <see cref="FlowTracker"/>.
/// Each call sends one segment at a given time (ms) and returns its analysis.
/// </summary>
public sealed class Script
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    private readonly FrameBuilder _client;
    private readonly FrameBuilder _server;
    private readonly FlowTracker _tracker;
    private long _frame;

    public Script(string client = "192.0.2.10", string server = "203.0.113.5", Func<TcpConnection, IStreamSink?>? sinks = null,
        TcpRetirementPolicy? retirement = null, Action<TcpConnection>? retired = null)
    {
        _client = FrameBuilder.Create().Addresses(client, server);
        _server = FrameBuilder.Create().Addresses(server, client);
        _tracker = new FlowTracker(sinks, new ReassemblyLimits { MaxBufferedPerDirection = 4096, MaxSegmentsPerDirection = 8 },
            retirement: retirement, retired: retired);
    }

    public FlowTracker Tracker => _tracker;
    public ushort ClientPort { get; set; } = 40000;
    public ushort ServerPort { get; set; } = 25;
    public long LastFrame => _frame;

    public TcpSegmentAnalysis Client(double ms, uint seq, uint ack, byte flags, int len = 0, ushort window = 65535, byte[]? options = null, byte[]? payload = null) =>
        Send(_client.Tcp(ClientPort, ServerPort, seq, ack, flags, window, options, payload ?? new byte[len]), ms);

    public TcpSegmentAnalysis Server(double ms, uint seq, uint ack, byte flags, int len = 0, ushort window = 65535, byte[]? options = null, byte[]? payload = null) =>
        Send(_server.Tcp(ServerPort, ClientPort, seq, ack, flags, window, options, payload ?? new byte[len]), ms);

    public TcpSegmentAnalysis Send(byte[] frame, double ms)
    {
        var writer = new PcapWriter().Add((long)(ms * 1_000_000) + 1_000_000_000_000, frame);
        using var reader = CaptureFile.Open("script", new MemoryStream(writer.ToArray()), null);
        reader.MoveNext();
        var p = new DecodedPacket();
        var f = reader.Current;
        _frame++;
        var numbered = new CaptureFrame(_frame, f.Kind, f.HasTimestamp, f.TimestampNs, f.Interface, f.OriginalLength, f.Data, null, 0);
        Assert.True(_tracker.Process(numbered, ref p, out var a));
        return a;
    }

    /// <summary>A complete handshake at t=0,10,20 ms: client ISN 1000, server ISN 5000 (both sides offer window scaling).</summary>
    public void Handshake(byte[]? clientOptions = null, byte[]? serverOptions = null)
    {
        Client(0, 1000, 0, Syn, options: clientOptions);
        Server(10, 5000, 1001, Syn | Ack, options: serverOptions);
        Client(20, 1001, 5001, Ack);
    }

    /// <summary><see cref="Handshake"/>, 10 bytes from the client acknowledged, then FIN both ways and the last ACK
    /// (t = 0 … 70 ms).</summary>
    public void OpenAndClose()
    {
        Handshake();
        Client(30, 1001, 5001, Psh | Ack, 10);
        Server(40, 5001, 1011, Ack);
        Client(50, 1011, 5001, Fin | Ack);
        Server(60, 5001, 1012, Fin | Ack);
        Client(70, 1012, 5002, Ack);
    }

    public TcpConnection Connection(int stream = 0) => _tracker.Tcp.Connections[stream];
}
