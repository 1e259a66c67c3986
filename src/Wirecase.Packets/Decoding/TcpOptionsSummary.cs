using Wirecase.Packets.Transport;

namespace Wirecase.Packets.Decoding;

/// <summary>The TCP options of one segment, copied out of the header (RFC 9293 §3.2, RFC 7323, RFC 2018).</summary>
public struct TcpOptionsSummary
{
    /// <summary>SACK blocks kept per segment; RFC 2018 allows at most 4 in 40 option bytes.</summary>
    public const int MaxSackBlocks = 4;

    public bool HasMss;
    public ushort Mss;
    public bool HasWindowScale;
    /// <summary>The shift count as sent (values above 14 are clamped by receivers, RFC 7323 §2.3).</summary>
    public byte WindowScale;
    public bool SackPermitted;
    public byte SackBlockCount;
    public SackBlocks Sack;
    public bool HasTimestamps;
    public uint TsVal;
    public uint TsEcr;
    /// <summary>Options that are neither of the above (kept as a count; their bytes stay in the frame).</summary>
    public byte OtherCount;
    public bool Malformed;

    [System.Runtime.CompilerServices.InlineArray(MaxSackBlocks * 2)]
    public struct SackBlocks
    {
        private uint _edge;
    }

    public readonly SeqNumber SackLeft(int i) => new(Sack[2 * i]);
    public readonly SeqNumber SackRight(int i) => new(Sack[2 * i + 1]);

    /// <summary>Fills <paramref name="s"/>, which must be zeroed (a fresh DecodedPacket is), in place: no copy of the
    /// summary on the hot path.</summary>
    internal static void Read(ReadOnlySpan<byte> options, ref TcpOptionsSummary s)
    {
        if (options.IsEmpty) return;
        var reader = new TcpOptionReader(options);
        while (reader.MoveNext())
        {
            var v = reader.Value;
            switch (reader.Kind)
            {
                case TcpOptionKinds.Mss when v.Length == 2:
                    s.HasMss = true;
                    s.Mss = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(v);
                    break;
                case TcpOptionKinds.WindowScale when v.Length == 1:
                    s.HasWindowScale = true;
                    s.WindowScale = v[0];
                    break;
                case TcpOptionKinds.SackPermitted when v.Length == 0:
                    s.SackPermitted = true;
                    break;
                case TcpOptionKinds.Sack when v.Length % 8 == 0 && v.Length > 0:
                    for (int i = 0; i < v.Length / 8 && s.SackBlockCount < MaxSackBlocks; i++)
                    {
                        s.Sack[2 * s.SackBlockCount] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(v[(8 * i)..]);
                        s.Sack[2 * s.SackBlockCount + 1] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(v[(8 * i + 4)..]);
                        s.SackBlockCount++;
                    }
                    break;
                case TcpOptionKinds.Timestamps when v.Length == 8:
                    s.HasTimestamps = true;
                    s.TsVal = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(v);
                    s.TsEcr = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(v[4..]);
                    break;
                // RFC 2018: a SACK option holds 8n+2 bytes with n ≥ 1; MSS, window scale, SACK-permitted and timestamps
                // have fixed lengths (RFC 9293, RFC 7323). Other lengths are malformed options.
                case TcpOptionKinds.Sack or TcpOptionKinds.Mss or TcpOptionKinds.WindowScale or TcpOptionKinds.SackPermitted
                    or TcpOptionKinds.Timestamps:
                    s.Malformed = true;
                    break;
                default:
                    s.OtherCount++;
                    break;
            }
        }
        s.Malformed |= reader.Malformed;
    }
}
