using System.Buffers.Binary;

namespace Wirecase.Capture.Writing;

/// <summary>Classic pcap with nanosecond timestamps (magic a1b23c4d, little-endian): one link type per file; frame
/// comments and interface names have no place in it.</summary>
public sealed class PcapFileWriter(Stream output) : CaptureWriter(output)
{
    private const uint NanosecondMagic = 0xA1B23C4D;
    private const uint DefaultSnapLength = 262_144;
    private readonly byte[] _header = new byte[16];
    private LinkType? _linkType;

    public override void Write(in CaptureFrame frame, int fileIndex, IReadOnlyList<CaptureInterface>? fileInterfaces = null)
    {
        var linkType = frame.LinkType;
        if (_linkType is null)
        {
            _linkType = linkType;
            Span<byte> h = stackalloc byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(h, NanosecondMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Math.Max(DefaultSnapLength, frame.Interface?.SnapLength ?? 0));
            BinaryPrimitives.WriteUInt32LittleEndian(h[20..], (uint)linkType);
            Output.Write(h);
        }
        else if (_linkType != linkType)
        {
            throw new CaptureWriteException($"frame {frame.Number} has link type {linkType} but the pcap file holds {_linkType}: a pcap file has one link type (write pcapng with -F pcapng)");
        }
        long ns = frame.TimestampNs;
        long seconds = Math.DivRem(ns, 1_000_000_000, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(_header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), (uint)fraction);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), (uint)frame.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), Math.Max(frame.OriginalLength, (uint)frame.Data.Length));
        Output.Write(_header);
        Output.Write(frame.Data);
        FramesWritten++;
    }
}
