using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.Packets.Tests;

public static class Decode
{
    public static DecodedPacket One(byte[] frame, LinkType link = LinkType.Ethernet, uint? originalLength = null)
    {
        var p = new DecodedPacket();
        new PacketDecoder().Decode(link, frame, originalLength ?? (uint)frame.Length, 0, ref p);
        return p;
    }
}
