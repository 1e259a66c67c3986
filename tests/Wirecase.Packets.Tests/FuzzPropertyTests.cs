using FsCheck;
using FsCheck.Xunit;
using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.TestKit;

namespace Wirecase.Packets.Tests;

/// <summary>Arbitrary bytes never make the decoder throw, whatever the link type, and never make it allocate.</summary>
public sealed class FuzzPropertyTests
{
    private static readonly LinkType[] LinkTypes =
    [
        LinkType.Ethernet, LinkType.Null, LinkType.Loop, LinkType.Raw, LinkType.Ipv4, LinkType.Ipv6, LinkType.LinuxSll,
        LinkType.LinuxSll2, LinkType.Ppp, LinkType.NfLog, (LinkType)9999,
    ];

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_throw(byte[] bytes, uint originalLength)
    {
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        foreach (var link in LinkTypes)
            decoder.Decode(link, bytes, originalLength, 0, ref p);
    }

    /// <summary>Real headers with random damage reach deeper into the decoder than pure noise.</summary>
    [Property(MaxTest = 3000)]
    public void Mutated_real_frames_never_throw(PositiveInt position, byte value, NonNegativeInt cut)
    {
        byte[][] seeds =
        [
            FrameBuilder.Create().Tcp(1, 2, 3, 4, 0x12, options: [2, 4, 5, 0xB4, 1, 3, 3, 7, 4, 2, 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2]),
            FrameBuilder.Create().Vlan(5).Addresses("2001:db8::1", "2001:db8::2").Udp(53, 53, new byte[30]),
            FrameBuilder.Create().DontFragment(false).IcmpEcho(1, 2, new byte[40]),
        ];
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        foreach (var seed in seeds)
        {
            var frame = (byte[])seed.Clone();
            frame[position.Get % frame.Length] = value;
            var data = frame.AsSpan(0, Math.Max(0, frame.Length - cut.Get % (frame.Length + 1)));
            decoder.Decode(LinkType.Ethernet, data, (uint)frame.Length, 0, ref p);
            Assert.True(p.PayloadCaptured <= data.Length);
        }
    }
}
