using System.Buffers.Binary;
using System.Text;

namespace Wirecase.Capture.Writing;

/// <summary>
/// pcapng (little-endian): a Section Header Block naming the application, an Interface Description Block for each
/// input interface frames are written from (link type, snap length, name, description, FCS length, nanosecond
/// resolution), and an Enhanced Packet Block per frame with its comment.
/// </summary>
public sealed class PcapngFileWriter : CaptureWriter
{
    private const uint SectionHeader = 0x0A0D0D0A, InterfaceDescription = 1, EnhancedPacket = 6;
    private const ushort OptEnd = 0, OptComment = 1, OptShbUserApplication = 4, IfName = 2, IfDescription = 3, IfTsResolution = 9, IfFcsLength = 13;
    private readonly Dictionary<(int File, int Interface), uint> _interfaces = [];
    private readonly MemoryStream _block = new();

    public PcapngFileWriter(Stream output, string application) : base(output)
    {
        Begin();
        Span<byte> body = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], -1);   // section length unknown
        _block.Write(body);
        Option(OptShbUserApplication, Encoding.UTF8.GetBytes(application));
        End(SectionHeader, options: true);
    }

    public override void Write(in CaptureFrame frame, int fileIndex, IReadOnlyList<CaptureInterface>? fileInterfaces = null)
    {
        // Indexed reads only: the reader may be adding interfaces it meets further on (they come after this one).
        if (frame.Interface is { } own && fileInterfaces is not null)
            for (int i = 0; i < own.Index && i < fileInterfaces.Count; i++) InterfaceFor(fileInterfaces[i], fileIndex);
        uint id = InterfaceFor(frame.Interface, fileIndex);
        Begin();
        Span<byte> head = stackalloc byte[20];
        long ns = frame.TimestampNs;
        BinaryPrimitives.WriteUInt32LittleEndian(head, id);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (uint)((ulong)ns >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)ns);
        BinaryPrimitives.WriteUInt32LittleEndian(head[12..], (uint)frame.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(head[16..], Math.Max(frame.OriginalLength, (uint)frame.Data.Length));
        _block.Write(head);
        _block.Write(frame.Data);
        Pad(frame.Data.Length);
        bool options = frame.Comment is not null;
        if (frame.Comment is { } comment) Option(OptComment, Encoding.UTF8.GetBytes(comment));
        End(EnhancedPacket, options);
        FramesWritten++;
    }

    private uint InterfaceFor(CaptureInterface? iface, int fileIndex)
    {
        var key = (fileIndex, iface?.Index ?? -1);
        if (_interfaces.TryGetValue(key, out uint id)) return id;
        id = (uint)_interfaces.Count;
        _interfaces.Add(key, id);
        Begin();
        Span<byte> body = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)(iface?.LinkType ?? LinkType.Null));
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], iface?.SnapLength ?? 0);
        _block.Write(body);
        if (iface?.Name is { Length: > 0 } name) Option(IfName, Encoding.UTF8.GetBytes(name));
        if (iface?.Description is { Length: > 0 } description) Option(IfDescription, Encoding.UTF8.GetBytes(description));
        Option(IfTsResolution, [9]);   // nanoseconds
        if (iface?.FcsLength is { } fcs) Option(IfFcsLength, [fcs]);
        End(InterfaceDescription, options: true);
        return id;
    }

    private void Begin()
    {
        _block.SetLength(0);
        _block.Write(stackalloc byte[8]);   // type and length, filled in by End
    }

    private void Option(ushort code, ReadOnlySpan<byte> value)
    {
        Span<byte> h = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(h, code);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], (ushort)Math.Min(value.Length, ushort.MaxValue));
        _block.Write(h);
        _block.Write(value[..Math.Min(value.Length, ushort.MaxValue)]);
        Pad(value.Length);
    }

    private void Pad(int length)
    {
        int pad = (4 - length % 4) % 4;
        if (pad > 0) _block.Write(stackalloc byte[pad]);
    }

    private void End(uint type, bool options)
    {
        if (options) _block.Write(stackalloc byte[4]);   // opt_endofopt
        uint total = (uint)_block.Length + 4;
        var buffer = _block.GetBuffer();
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, type);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), total);
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, total);
        _block.Write(tail);
        Output.Write(buffer, 0, (int)_block.Length);
    }
}
