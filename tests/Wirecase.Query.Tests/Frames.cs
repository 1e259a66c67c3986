using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.Query.Evaluation;
using Wirecase.TestKit;

namespace Wirecase.Query.Tests;

/// <summary>Built frames, decoded, tested against a filter (without TCP analysis: only header fields).</summary>
internal static class Frames
{
    public static byte[] Tcp(string src, string dst, ushort sport, ushort dport, byte flags = 0x18, string payload = "", byte ttl = 64) =>
        FrameBuilder.Create().Addresses(src, dst).Ttl(ttl).Tcp(sport, dport, 1000, 2000, flags, payload: System.Text.Encoding.ASCII.GetBytes(payload));

    public static byte[] Udp(string src, string dst, ushort sport, ushort dport, string payload = "") =>
        FrameBuilder.Create().Addresses(src, dst).Udp(sport, dport, System.Text.Encoding.ASCII.GetBytes(payload));

    public static byte[] Ping(string src, string dst, int size) =>
        FrameBuilder.Create().Addresses(src, dst).IcmpEcho(1, 1, new byte[size]);

    public static bool Matches(string filter, byte[] frame, long number = 1)
    {
        var f = DisplayFilter.Compile(filter);
        var decoder = new PacketDecoder();
        var packet = new DecodedPacket();
        decoder.Decode(LinkType.Ethernet, frame, (uint)frame.Length, 0, ref packet);
        var analysis = default(Wirecase.Flows.Tcp.TcpSegmentAnalysis);
        scoped var view = new FrameView { Data = frame, Number = number, HasTimestamp = true, OriginalLength = (uint)frame.Length, QuotedTcpStream = -1 };
        view.Packet = ref packet;
        view.Tcp = ref analysis;
        return f.Matches(view);
    }
}
