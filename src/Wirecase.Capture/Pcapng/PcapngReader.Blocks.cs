using System.Buffers.Binary;
using Wirecase.Capture.Input;

namespace Wirecase.Capture.Pcapng;

internal sealed partial class PcapngReader
{
    private static class IdbOption
    {
        public const ushort Name = 2, Description = 3, Filter = 11, Os = 12, FcsLength = 13, TsResol = 9, TsOffset = 14;
    }

    private static class ShbOption
    {
        public const ushort Hardware = 2, Os = 3, Application = 4;
    }

    private static class PacketOption
    {
        public const ushort EpbDropCount = 4;
    }

    private static class IsbOption
    {
        public const ushort StartTime = 2, EndTime = 3, Received = 4, InterfaceDrops = 5, FilterAccepted = 6;
        public const ushort OsDrops = 7, DeliveredToUser = 8;
    }

    /// <summary>Reads a Section Header Block at the current position. Resets the section's interfaces.</summary>
    private bool ReadSectionHeader(bool first)
    {
        long offset = _in.Position;
        if (!_in.Ensure(12))
            return Stop(offset, $"the file ends in the middle of a section header ({_in.Available} bytes present)");
        var head = _in.Peek(12);
        uint bom = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (bom == ByteOrderMagic) _endian = new Endian(false);
        else if (BinaryPrimitives.ReverseEndianness(bom) == ByteOrderMagic) _endian = new Endian(true);
        else return Stop(offset + 8, $"section header has no valid byte-order magic (0x{bom:X8}): not a pcapng file or damaged");
        uint length = _endian.U32(head, 4);
        if (length < 28 || !CheckBlockLength(offset, BlockTypeSectionHeader, length) ||
            !LoadBlock(offset, (int)length, BlockTypeSectionHeader))
        {
            if (length < 28) Stop(offset, $"section header length {length} is too small (at least 28)");
            return false;
        }
        var block = _in.Peek((int)length);
        ushort major = _endian.U16(block, 12), minor = _endian.U16(block, 14);
        if (!(major == 1 && minor is 0 or 2))
            return Stop(offset + 12, $"pcapng section version {major}.{minor} is not supported (1.0 is the standard)");
        _section++;
        if (first) FormatVersion = $"{major}.{minor}";
        else SectionCount++;
        _sectionInterfaces.Clear();
        Count("SHB");
        var options = new PcapngOptionReader(block[24..^4], _endian);
        while (options.MoveNext())
        {
            switch (options.Code)
            {
                case PcapngOptionReader.Comment: Comments.Add(options.Utf8()); break;
                case ShbOption.Hardware: Hardware ??= options.Utf8(); break;
                case ShbOption.Os: OperatingSystem ??= options.Utf8(); break;
                case ShbOption.Application: Application ??= options.Utf8(); break;
            }
        }
        if (options.Overran)
        {
            if (first)
                return Stop(offset, $"an option of the section header claims {options.OverrunLength} bytes, more than the block holds");
            WarnOverrun(offset, "section header", options);
        }
        _in.Advance((int)length);
        return true;
    }

    private void WarnOverrun(long offset, string block, in PcapngOptionReader options) =>
        Warn(offset, $"an option of a {block} block claims {options.OverrunLength} bytes, more than the block holds; the remaining options were ignored");

    /// <summary>Handles one block that is not a section header. True when it set a frame to deliver.</summary>
    private bool ReadBlock(uint type, ReadOnlySpan<byte> block, long offset)
    {
        switch (type)
        {
            case BlockType.InterfaceDescription: ReadInterfaceDescription(block, offset); return false;
            case BlockType.EnhancedPacket: return ReadEnhancedPacket(block, offset);
            case BlockType.SimplePacket: return ReadSimplePacket(block, offset);
            case BlockType.ObsoletePacket: return ReadObsoletePacket(block, offset);
            case BlockType.NameResolution: ReadNameResolution(block, offset); return false;
            case BlockType.InterfaceStatistics: ReadInterfaceStatistics(block, offset); return false;
            case BlockType.Custom or BlockType.CustomNoCopy: return ReadCustom(block, offset);
            case BlockType.SystemdJournalExport: return ReadSystemdJournal(block, offset);
            case BlockType.DecryptionSecrets: Count("DSB"); return false;
            default: Count($"0x{type:X8}"); return false;   // unknown blocks are skipped by design (pcapng §3)
        }
    }

    private void ReadInterfaceDescription(ReadOnlySpan<byte> block, long offset)
    {
        Count("IDB");
        if (block.Length < 20)
        {
            _done = true;
            Stop(offset, $"interface description block is too short ({block.Length} bytes)");
            return;
        }
        var iface = AddInterface((LinkType)_endian.U16(block, 8), _endian.U32(block, 12), _section, _sectionInterfaces.Count);
        var options = new PcapngOptionReader(block[16..^4], _endian);
        while (options.MoveNext())
        {
            var v = options.Value;
            switch (options.Code)
            {
                case PcapngOptionReader.Comment: iface.Comments.Add(options.Utf8()); break;
                case IdbOption.Name: iface.Name = options.Utf8(); break;
                case IdbOption.Description: iface.Description = options.Utf8(); break;
                case IdbOption.Os: iface.OperatingSystem = options.Utf8(); break;
                case IdbOption.Filter when v.Length > 1: iface.Filter = System.Text.Encoding.UTF8.GetString(v[1..]).TrimEnd('\0'); break;
                case IdbOption.TsResol when v.Length >= 1: iface.TimestampResolutionOption = v[0]; break;
                case IdbOption.TsOffset when v.Length >= 8: iface.TimestampOffsetSeconds = (long)_endian.U64(v, 0); break;
                case IdbOption.FcsLength when v.Length >= 1: iface.FcsLength = v[0]; break;
            }
        }
        if (options.Overran) WarnOverrun(offset, "interface description", options);
        iface.TicksPerSecond = TimestampScale.TicksPerSecond(iface.TimestampResolutionOption);
        var scale = new TimestampScale(iface.TimestampResolutionOption, iface.TimestampOffsetSeconds);
        _sectionInterfaces.Add(new InterfaceState(iface, scale));
    }

    private InterfaceState? InterfaceFor(uint id, long offset, string block)
    {
        if (id < (uint)_sectionInterfaces.Count) return _sectionInterfaces[(int)id];
        _done = true;
        Stop(offset, $"{block} refers to interface {id}, but the section declares only {_sectionInterfaces.Count} interface(s)");
        return null;
    }

    private bool ReadEnhancedPacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < PacketDataStart + 4) return StopShort(offset, "enhanced packet block", block.Length);
        var state = InterfaceFor(_endian.U32(block, 8), offset, "an enhanced packet block");
        return state is not null && DeliverTimedPacket(block, offset, state, "enhanced packet", "EPB", state.Interface);
    }

    private bool ReadObsoletePacket(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < PacketDataStart + 4) return StopShort(offset, "packet block", block.Length);
        var state = InterfaceFor(_endian.U16(block, 8), offset, "a packet block");
        if (state is null) return false;
        ushort drops = _endian.U16(block, 10);
        if (drops != 0xFFFF) state.Interface.PacketDropCount += drops;
        return DeliverTimedPacket(block, offset, state, "packet", "PB", dropCountTarget: null);
    }

    /// <summary>Where packet data starts in an EPB and in an obsolete PB (both: timestamp at 12, lengths at 20 and 24).</summary>
    private const int PacketDataStart = 28;

    private bool DeliverTimedPacket(ReadOnlySpan<byte> block, long offset, InterfaceState state, string kind, string count,
        CaptureInterface? dropCountTarget)
    {
        ulong ticks = _endian.U32Pair(block, 12);
        uint captured = _endian.U32(block, 20), original = _endian.U32(block, 24);
        int room = block.Length - PacketDataStart - 4;
        if (captured > (uint)room)
        {
            _done = true;
            return Stop(offset, $"{kind} block claims {captured} captured bytes but holds only {room}");
        }
        int optionsStart = PacketDataStart + (((int)captured + 3) & ~3);
        string? comment = ReadPacketOptions(block, Math.Min(optionsStart, block.Length - 4), offset, dropCountTarget, kind);
        Count(count);
        SetCurrent(FrameKind.Packet, true, Timestamp(state, ticks, offset), state.Interface, original,
            _in.Buffer, _in.Index + PacketDataStart, (int)captured, comment, offset);
        return true;
    }

    private bool ReadSimplePacket(ReadOnlySpan<byte> block, long offset)
    {
        const int dataStart = 12;
        if (block.Length < dataStart + 4)
            return StopShort(offset, "simple packet block", block.Length);
        var state = InterfaceFor(0, offset, "a simple packet block");
        if (state is null) return false;
        uint original = _endian.U32(block, 8);
        // The captured length is not stored: it is the original length, cut by the snaplen and by the block size.
        long captured = Math.Min(original, block.Length - dataStart - 4);
        if (state.Interface.SnapLength != 0) captured = Math.Min(captured, state.Interface.SnapLength);
        Count("SPB");
        SetCurrent(FrameKind.Packet, false, 0, state.Interface, original, _in.Buffer, _in.Index + dataStart,
            (int)captured, null, offset);
        return true;
    }

    private bool ReadCustom(ReadOnlySpan<byte> block, long offset)
    {
        Count("CB");
        if (block.Length < 16) return false;
        // Wireshark shows a custom block as a frame of its own: the bytes after the Private Enterprise Number.
        SetCurrent(FrameKind.CustomBlock, false, 0, null, (uint)(block.Length - 16), _in.Buffer, _in.Index + 12,
            block.Length - 16, null, offset);
        return true;
    }

    private bool ReadSystemdJournal(ReadOnlySpan<byte> block, long offset)
    {
        Count("SJE");
        int length = block.Length - 12;
        var entry = block.Slice(8, length);
        int nul = entry.LastIndexOfAnyExcept((byte)0);
        length = nul + 1;
        SetCurrent(FrameKind.SystemdJournal, false, 0, null, (uint)length, _in.Buffer, _in.Index + 8, length, null, offset);
        return true;
    }

    private string? ReadPacketOptions(ReadOnlySpan<byte> block, int optionsStart, long offset, CaptureInterface? iface, string kind)
    {
        string? comment = null;
        var options = new PcapngOptionReader(block[optionsStart..^4], _endian);
        while (options.MoveNext())
        {
            switch (options.Code)
            {
                case PcapngOptionReader.Comment:
                    comment = comment is null ? options.Utf8() : comment + "\n" + options.Utf8();
                    break;
                case PacketOption.EpbDropCount when iface is not null && options.Value.Length >= 8:
                    iface.PacketDropCount += options.U64();
                    break;
            }
        }
        if (options.Overran) WarnOverrun(offset, kind, options);
        return comment;
    }

    private void ReadNameResolution(ReadOnlySpan<byte> block, long offset)
    {
        Count("NRB");
        int p = 8, end = block.Length - 4;
        while (p + 4 <= end)
        {
            ushort type = _endian.U16(block, p);
            int length = _endian.U16(block, p + 2);
            if (type == 0) break;
            if (p + 4 + length > end)
            {
                Warn(offset, $"a name resolution record claims {length} bytes, more than the block holds; the rest of the block was ignored");
                return;
            }
            var value = block.Slice(p + 4, length);
            int addressLength = type switch { 1 => 4, 2 => 16, _ => 0 };
            if (addressLength > 0 && value.Length > addressLength && NameResolution.Count < MaxNameEntries)
            {
                byte[] address = value[..addressLength].ToArray();
                foreach (var name in System.Text.Encoding.UTF8.GetString(value[addressLength..]).Split('\0'))
                    if (name.Length > 0 && NameResolution.Count < MaxNameEntries) NameResolution.Add(new NameResolutionEntry(address, name));
            }
            p += 4 + ((length + 3) & ~3);
        }
    }

    private void ReadInterfaceStatistics(ReadOnlySpan<byte> block, long offset)
    {
        Count("ISB");
        if (block.Length < 24) return;
        var state = InterfaceFor(_endian.U32(block, 8), offset, "an interface statistics block");
        if (state is null) return;
        long ts = state.Scale.ToNanoseconds(_endian.U32Pair(block, 12));
        ulong? received = null, ifDrops = null, filterAccepted = null, osDrops = null, delivered = null;
        var comments = new List<string>();
        var options = new PcapngOptionReader(block[20..^4], _endian);
        while (options.MoveNext())
        {
            bool has8 = options.Value.Length >= 8;
            switch (options.Code)
            {
                case PcapngOptionReader.Comment: comments.Add(options.Utf8()); break;
                case IsbOption.Received when has8: received = options.U64(); break;
                case IsbOption.InterfaceDrops when has8: ifDrops = options.U64(); break;
                case IsbOption.FilterAccepted when has8: filterAccepted = options.U64(); break;
                case IsbOption.OsDrops when has8: osDrops = options.U64(); break;
                case IsbOption.DeliveredToUser when has8: delivered = options.U64(); break;
            }
        }
        if (options.Overran) WarnOverrun(offset, "interface statistics", options);
        state.Interface.Statistics = new InterfaceStatistics(ts, received, ifDrops, osDrops, filterAccepted, delivered, comments);
    }

    private long Timestamp(InterfaceState state, ulong ticks, long offset)
    {
        long ns = state.Scale.ToNanoseconds(ticks, out bool saturated);
        if (saturated)
            Warn(offset, $"record {FramesRead + 1}: timestamp {ticks} ticks lies after the year 2262 and was clamped");
        return ns;
    }

    private bool StopShort(long offset, string block, int length)
    {
        _done = true;
        return Stop(offset, $"{block} is too short ({length} bytes)");
    }
}
