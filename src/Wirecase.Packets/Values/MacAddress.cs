using System.Buffers.Binary;

namespace Wirecase.Packets;

/// <summary>A 48-bit MAC address as a value.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public static MacAddress Read(ReadOnlySpan<byte> six) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(six) << 32) | BinaryPrimitives.ReadUInt32BigEndian(six[2..]));

    public override string ToString() => string.Create(17, Value, static (s, v) =>
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(v >> (40 - 8 * i));
            s[i * 3] = hex[b >> 4];
            s[i * 3 + 1] = hex[b & 0xF];
            if (i < 5) s[i * 3 + 2] = ':';
        }
    });
}
