using System.Text;
using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Packets.Decoding;
using Wirecase.TestKit;

namespace Wirecase.Protocols.Tests;

/// <summary>
/// Scripts an application conversation over one TCP connection (sequence numbers kept automatically, 10 ms between
/// frames) and runs it through the flow stage and the application layer, as a capture would be.
/// </summary>
public sealed class Conversation
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    private readonly FrameBuilder _client;
    private readonly FrameBuilder _server;
    private readonly ushort _clientPort, _serverPort;
    private uint _clientSeq = 1001, _serverSeq = 5001;
    private long _frame;
    private double _ms;

    public Conversation(ushort serverPort, ushort clientPort = 40000, string client = "192.0.2.10", string server = "203.0.113.5")
    {
        _client = FrameBuilder.Create().Addresses(client, server);
        _server = FrameBuilder.Create().Addresses(server, client);
        _clientPort = clientPort;
        _serverPort = serverPort;
        Summaries = new Collector();
        App = new ApplicationLayer(Summaries);
        Tracker = new FlowTracker(App.SinkFor);
    }

    public ApplicationLayer App { get; }
    public FlowTracker Tracker { get; }
    public Collector Summaries { get; }
    public long LastFrame => _frame;
    public double Now => _ms;

    public sealed class Collector : IFrameSummaries
    {
        public List<(long Frame, ProtocolKind Protocol, string Text)> All { get; } = [];
        public void Add(long frame, ProtocolKind protocol, string summary) => All.Add((frame, protocol, summary));
        public IEnumerable<string> Of(long frame) => All.Where(a => a.Frame == frame).Select(a => a.Text);
    }

    /// <summary>SYN, SYN-ACK, ACK.</summary>
    public Conversation Open()
    {
        Send(_client.Tcp(_clientPort, _serverPort, 1000, 0, Syn, 65535, null, []));
        Send(_server.Tcp(_serverPort, _clientPort, 5000, 1001, Syn | Ack, 65535, null, []));
        Send(_client.Tcp(_clientPort, _serverPort, 1001, 5001, Ack, 65535, null, []));
        return this;
    }

    public Conversation Wait(double ms)
    {
        _ms += ms;
        return this;
    }

    public Conversation C(string text) => C(Encoding.ASCII.GetBytes(text));
    public Conversation S(string text) => S(Encoding.ASCII.GetBytes(text));

    public Conversation C(byte[] data)
    {
        Send(_client.Tcp(_clientPort, _serverPort, _clientSeq, _serverSeq, Psh | Ack, 65535, null, data));
        _clientSeq += (uint)data.Length;
        return this;
    }

    public Conversation S(byte[] data)
    {
        Send(_server.Tcp(_serverPort, _clientPort, _serverSeq, _clientSeq, Psh | Ack, 65535, null, data));
        _serverSeq += (uint)data.Length;
        return this;
    }

    /// <summary>The client's next <paramref name="bytes"/> bytes are lost (never captured); the server acknowledges them.</summary>
    public Conversation ClientLoses(int bytes)
    {
        _clientSeq += (uint)bytes;
        return this;
    }

    public Conversation ServerAck()
    {
        Send(_server.Tcp(_serverPort, _clientPort, _serverSeq, _clientSeq, Ack, 65535, null, []));
        return this;
    }

    public Conversation ClientFin()
    {
        Send(_client.Tcp(_clientPort, _serverPort, _clientSeq, _serverSeq, Fin | Ack, 65535, null, []));
        _clientSeq++;
        return this;
    }

    public Conversation ServerFin()
    {
        Send(_server.Tcp(_serverPort, _clientPort, _serverSeq, _clientSeq, Fin | Ack, 65535, null, []));
        _serverSeq++;
        return this;
    }

    /// <summary>End of capture.</summary>
    public ApplicationLayer End()
    {
        var end = new FrameTime(_frame, Nanoseconds(_ms));
        Tracker.Finish(end.Frame, end.TimestampNs);
        App.Finish(end);
        return App;
    }

    public static long Nanoseconds(double ms) => (long)(ms * 1_000_000) + 1_000_000_000_000;

    /// <summary>Any other frame (UDP, ICMP) in the same timeline.</summary>
    public Conversation Raw(byte[] frame)
    {
        Send(frame);
        return this;
    }

    private void Send(byte[] frame)
    {
        _ms += 10;
        var writer = new PcapWriter().Add(Nanoseconds(_ms), frame);
        using var reader = CaptureFile.Open("script", new MemoryStream(writer.ToArray()), null);
        reader.MoveNext();
        var f = reader.Current;
        _frame++;
        var numbered = new CaptureFrame(_frame, f.Kind, f.HasTimestamp, f.TimestampNs, f.Interface, f.OriginalLength, f.Data, null, 0);
        var p = new DecodedPacket();
        Tracker.Process(numbered, ref p, out _);
        App.Packet(p, numbered.Number, numbered.TimestampNs, Tracker.Decoder.Payload(numbered.Data, p), Tracker.Tcp);
    }
}
