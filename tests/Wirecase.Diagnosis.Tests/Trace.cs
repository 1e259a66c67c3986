using System.Text;
using Wirecase.Capture;
using Wirecase.Diagnosis.Facts;
using Wirecase.TestKit;

namespace Wirecase.Diagnosis.Tests;

/// <summary>
/// A built capture between a client and a server (documentation addresses): each call adds one TCP segment at a time
/// in seconds, with explicit sequence numbers, so a published trace can be rebuilt frame by frame. <see cref="Diagnose"/>
/// writes it as a pcap file and runs the whole analysis on it, as `wirecase analyze` does.
/// </summary>
public sealed class Trace
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    private readonly PcapWriter _pcap = new();
    private readonly FrameBuilder _client;
    private readonly FrameBuilder _server;
    private readonly FrameBuilder _middlebox;

    public Trace(string client = "192.0.2.1", string server = "198.51.100.99", bool dontFragment = true)
    {
        _client = FrameBuilder.Create().Addresses(client, server).DontFragment(dontFragment);
        _server = FrameBuilder.Create().Addresses(server, client).DontFragment(dontFragment);
        _middlebox = FrameBuilder.Create().Addresses(server, client).DontFragment(dontFragment).Ttl(255);
    }

    public ushort ClientPort { get; set; } = 60464;
    public ushort ServerPort { get; set; } = 25;
    public int Frames { get; private set; }

    public Trace C(double seconds, uint seq, uint ack, byte flags, string? text = null, int length = 0, byte[]? options = null) =>
        Add(seconds, _client.Tcp(ClientPort, ServerPort, seq, ack, flags, 64240, options, Payload(text, length)));

    public Trace S(double seconds, uint seq, uint ack, byte flags, string? text = null, int length = 0, byte[]? options = null) =>
        Add(seconds, _server.Tcp(ServerPort, ClientPort, seq, ack, flags, 64000, options, Payload(text, length)));

    /// <summary>A segment in the server's name sent by a device on the path (its own TTL, 255).</summary>
    public Trace Forged(double seconds, uint seq, uint ack, byte flags) =>
        Add(seconds, _middlebox.Tcp(ServerPort, ClientPort, seq, ack, flags, 65535, null, []));

    /// <summary>The previous frame once more, as a mirror port that copies it twice would capture it.</summary>
    public Trace Again(double seconds)
    {
        _pcap.Add((long)(seconds * 1e9) + 1_700_000_000_000_000_000, _last);
        Frames++;
        return this;
    }

    /// <summary>An echo request from the client with <paramref name="size"/> bytes of data (a ping marker).</summary>
    public Trace Ping(double seconds, int size) => Add(seconds, _client.IcmpEcho(1, (ushort)Frames, new byte[size]));

    private static byte[] Payload(string? text, int length) => text is null ? new byte[length] : Encoding.ASCII.GetBytes(text);

    private byte[] _last = [];

    private Trace Add(double seconds, byte[] frame)
    {
        _last = frame;
        _pcap.Add((long)(seconds * 1e9) + 1_700_000_000_000_000_000, frame);
        Frames++;
        return this;
    }

    public List<Finding> Diagnose((int First, int Second)? markers = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"wirecase-trace-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, _pcap.ToArray());
        try
        {
            MarkerWindow? window = null;
            if (markers is { } m)
            {
                using var scan = CaptureSet.Open([path]);
                window = MarkerWindow.Find(scan, m.First, m.Second, out var error) ?? throw new InvalidOperationException(error);
            }
            using var set = CaptureSet.Open([path]);
            return Diagnoser.Diagnose(CaptureFacts.Collect(set, window: window));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>MSS 1460 (and nothing else) as a SYN option.</summary>
    public static byte[] Mss1460 => [2, 4, 0x05, 0xB4];
}
