using FsCheck;
using FsCheck.Xunit;
using Wirecase.TestKit;

namespace Wirecase.Packets.Tests;

public sealed class ValueTests
{
    [Property(MaxTest = 500)]
    public bool The_fast_checksum_equals_the_textbook_one(byte[] data) =>
        InternetChecksum.Compute(data) == FrameBuilder.Checksum(0, data);

    [Property(MaxTest = 300)]
    public bool The_checksum_adds_up_across_even_splits(byte[] data, PositiveInt split)
    {
        int at = Math.Min(data.Length, split.Get * 2) & ~1;
        ulong sum = InternetChecksum.Add(InternetChecksum.Add(0, data.AsSpan(0, at)), data.AsSpan(at));
        return InternetChecksum.Finish(sum) == InternetChecksum.Compute(data);
    }

    [Theory]
    [InlineData(0xFFFFFFF0u, 0x00000010u, 32)]
    [InlineData(100u, 50u, -50)]
    [InlineData(0u, 0x80000000u, int.MinValue)]
    public void Sequence_numbers_compare_modulo_two_to_the_32(uint a, uint b, int distance)
    {
        Assert.Equal(distance, new SeqNumber(a).DistanceTo(new SeqNumber(b)));
        if (distance > 0) Assert.True(new SeqNumber(a) < new SeqNumber(b));
    }

    [Fact]
    public void Sequence_addition_wraps()
    {
        Assert.Equal(5u, new SeqNumber(0xFFFFFFFE).Add(7).Value);
    }

    [Fact]
    public void Addresses_print_like_wireshark()
    {
        Assert.Equal("198.51.100.7", IpAddressValue.V4([198, 51, 100, 7]).ToString());
        var v6 = new byte[16];
        v6[0] = 0x20; v6[1] = 0x01; v6[2] = 0x0d; v6[3] = 0xb8; v6[15] = 1;
        Assert.Equal("2001:db8::1", IpAddressValue.V6(v6).ToString());
        Assert.Equal("00:11:22:aa:bb:cc", MacAddress.Read([0x00, 0x11, 0x22, 0xAA, 0xBB, 0xCC]).ToString());
    }
}

/// <summary>The checksum's vector path (spans of 64 bytes and more, as full-size payloads are) against the textbook
/// word sum, at every length around the vector widths and at sizes up to several folds of the vector lanes.</summary>
public sealed class InternetChecksumVectorTests
{
    [Fact]
    public void Every_length_and_even_split_gives_the_textbook_checksum()
    {
        var random = new Random(1071);
        int[] lengths = [.. Enumerable.Range(0, 400), 1499, 1500, 9000, 65_535, 70_001, 131_072 + 17, 300_000];
        foreach (int length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);
            if (length % 3 == 0) Array.Fill(data, (byte)0xFF);   // the largest words: every lane near overflow
            Assert.True(InternetChecksum.Compute(data) == FrameBuilder.Checksum(0, data), $"length {length}");
            int split = length / 2 & ~1;
            ulong sum = InternetChecksum.Add(InternetChecksum.Add(0, data.AsSpan(0, split)), data.AsSpan(split));
            Assert.True(InternetChecksum.Finish(sum) == InternetChecksum.Compute(data), $"length {length} split at {split}");
        }
    }

    /// <summary>The 16-byte blocks on their own, the remainder summed after them: what they consume and what they
    /// add.</summary>
    [Fact]
    public void The_16_byte_path_gives_the_textbook_checksum()
    {
        var random = new Random(793);
        int[] lengths = [.. Enumerable.Range(0, 200), 1500, 65_535, 65_536 + 48, 131_072 + 17, 300_000];
        foreach (int length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);
            if (length % 3 == 0) Array.Fill(data, (byte)0xFF);
            ulong sum = InternetChecksum.AddBlocks128(0, data, out int consumed);
            Assert.Equal(length / 16 * 16, consumed);
            sum = InternetChecksum.Add(sum, data.AsSpan(consumed));
            Assert.True(InternetChecksum.Finish(sum) == FrameBuilder.Checksum(0, data), $"length {length}");
        }
    }
}
