using System.Text.Json;
using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Summary;

namespace Wirecase.Cli.Output;

/// <summary>`wirecase info --json`: one object per file per line, schema "wirecase.info/1" (docs/json.md).</summary>
internal static class InfoJsonWriter
{
    public const string Schema = "wirecase.info/1";

    public static void Write(Stream output, CaptureReader r, CaptureSummary s, PacketDecoder decoder)
    {
        using (var j = new Utf8JsonWriter(output))
        {
            j.WriteStartObject();
            j.WriteString("schema", Schema);
            j.WriteString("file", r.FileName);
            j.WriteString("format", FormatText.Id(r.Format));
            j.WriteString("formatVersion", r.FormatVersion);
            j.WriteString("formatDescription", FormatText.Describe(r));
            j.WriteString("byteOrder", r.IsBigEndian ? "big-endian" : "little-endian");
            j.WriteString("compression", r.Compression.ToString().ToLowerInvariant());
            if (r.FileSize is { } size) j.WriteNumber("fileSize", size);
            j.WriteNumber("sections", r.SectionCount);
            j.WriteNumber("packets", s.Packets);
            j.WriteNumber("frames", s.Frames);
            j.WriteNumber("bytes", s.Bytes);
            j.WriteNumber("capturedBytes", s.CapturedBytes);
            WriteTime(j, "first", s.FirstTimestampNs);
            WriteTime(j, "last", s.LastTimestampNs);
            j.WriteNumber("durationSeconds", s.DurationSeconds);
            j.WriteBoolean("strictTimeOrder", s.StrictTimeOrder);
            if (r.SnapLength != 0) j.WriteNumber("snapLength", r.SnapLength);
            j.WriteNumber("truncatedFrames", s.TruncatedFrames);
            WriteInterfaces(j, r);
            WriteDrops(j, r);
            j.WriteStartArray("comments");
            foreach (var c in r.Comments) j.WriteStringValue(c);
            j.WriteEndArray();
            WriteDecode(j, s, decoder);
            if (r.Damage is { } d)
            {
                j.WriteStartObject("damage");
                j.WriteNumber("offset", d.Offset);
                j.WriteString("problem", d.Problem);
                j.WriteNumber("framesBefore", r.FramesRead);
                j.WriteEndObject();
            }
            else j.WriteNull("damage");
            j.WriteStartArray("warnings");
            foreach (var w in r.Warnings) j.WriteStringValue(w);
            j.WriteEndArray();
            j.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteTime(Utf8JsonWriter j, string name, long? ns)
    {
        if (ns is not { } v)
        {
            j.WriteNull(name);
            return;
        }
        j.WriteStartObject(name);
        j.WriteString("utc", TimeText.Iso(v));
        j.WriteString("epoch", TimeText.Epoch(v));
        j.WriteEndObject();
    }

    private static void WriteInterfaces(Utf8JsonWriter j, CaptureReader r)
    {
        j.WriteStartArray("interfaces");
        foreach (var i in r.Interfaces)
        {
            j.WriteStartObject();
            j.WriteNumber("index", i.Index);
            j.WriteNumber("section", i.Section);
            j.WriteNumber("id", i.IdInSection);
            j.WriteNumber("linkType", (uint)i.LinkType);
            j.WriteString("linkTypeName", LinkTypeNames.ShortName(i.LinkType));
            j.WriteString("linkTypeDescription", LinkTypeNames.Description(i.LinkType));
            j.WriteNumber("snapLength", i.SnapLength);
            if (i.Name is not null) j.WriteString("name", i.Name);
            if (i.Description is not null) j.WriteString("description", i.Description);
            j.WriteNumber("ticksPerSecond", i.TicksPerSecond);
            if (i.TimestampOffsetSeconds != 0) j.WriteNumber("timestampOffsetSeconds", i.TimestampOffsetSeconds);
            j.WriteStartArray("comments");
            foreach (var c in i.Comments) j.WriteStringValue(c);
            j.WriteEndArray();
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }

    private static void WriteDrops(Utf8JsonWriter j, CaptureReader r)
    {
        ulong ifDrops = 0, osDrops = 0, packetDrops = 0;
        bool reported = false;
        j.WriteStartArray("interfaceStatistics");
        foreach (var i in r.Interfaces)
        {
            packetDrops += i.PacketDropCount;
            if (i.Statistics is not { } st) continue;
            reported = true;
            ifDrops += st.InterfaceDrops ?? 0;
            osDrops += st.OsDrops ?? 0;
            j.WriteStartObject();
            j.WriteNumber("interface", i.Index);
            WriteOptional(j, "received", st.Received);
            WriteOptional(j, "interfaceDrops", st.InterfaceDrops);
            WriteOptional(j, "osDrops", st.OsDrops);
            WriteOptional(j, "filterAccepted", st.FilterAccepted);
            WriteOptional(j, "deliveredToUser", st.DeliveredToUser);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartObject("drops");
        j.WriteBoolean("reported", reported || packetDrops > 0);
        j.WriteNumber("interface", ifDrops);
        j.WriteNumber("os", osDrops);
        j.WriteNumber("betweenPackets", packetDrops);
        j.WriteNumber("total", ifDrops + osDrops + packetDrops);
        j.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter j, string name, ulong? v)
    {
        if (v is { } x) j.WriteNumber(name, x);
        else j.WriteNull(name);
    }

    private static void WriteDecode(Utf8JsonWriter j, CaptureSummary s, PacketDecoder decoder)
    {
        j.WriteStartObject("decode");
        j.WriteNumber("ipv4", s.Ipv4);
        j.WriteNumber("ipv6", s.Ipv6);
        j.WriteNumber("arp", s.Arp);
        j.WriteNumber("otherNetwork", s.OtherNetwork);
        j.WriteNumber("tcp", s.Tcp);
        j.WriteNumber("udp", s.Udp);
        j.WriteNumber("icmp", s.Icmp);
        j.WriteNumber("icmpv6", s.Icmpv6);
        j.WriteNumber("vlanTagged", s.Vlan);
        j.WriteNumber("ipFragments", s.Fragments + s.Reassembled);
        j.WriteNumber("reassembled", s.Reassembled);
        j.WriteNumber("incompleteDatagrams", decoder.Reassembler.Evicted + decoder.Reassembler.PendingCount);
        j.WriteNumber("tsoZeroLength", s.TsoZeroLength);
        j.WriteNumber("malformed", s.Malformed);
        j.WriteNumber("truncated", s.DecodeTruncated);
        j.WriteNumber("unsupported", s.Unsupported);
        j.WriteStartObject("problems");
        foreach (var kv in s.Problems.OrderBy(kv => kv.Key, StringComparer.Ordinal)) j.WriteNumber(kv.Key, kv.Value);
        j.WriteEndObject();
        j.WriteStartObject("badChecksums");
        j.WriteNumber("ipv4Header", s.BadIpChecksums);
        j.WriteNumber("transport", s.BadTransportChecksums);
        j.WriteStartArray("bySource");
        foreach (var kv in s.BadChecksumsBySource.OrderByDescending(kv => kv.Value).Take(16))
        {
            j.WriteStartObject();
            j.WriteString("address", kv.Key.ToString());
            j.WriteNumber("count", kv.Value);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.WriteEndObject();
    }
}
