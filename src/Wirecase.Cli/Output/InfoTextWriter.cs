using System.Globalization;
using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Summary;

namespace Wirecase.Cli.Output;

/// <summary>The text of `wirecase info`: a capinfos-like block per file, then what decoding found.</summary>
internal static class InfoTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, CaptureReader r, CaptureSummary s, PacketDecoder decoder, bool first)
    {
        if (!first) w.WriteLine();
        foreach (var (label, value) in Lines(r, s, decoder))
        {
            w.Write(label);
            w.Write(':');
            w.Write(new string(' ', Math.Max(1, 22 - label.Length)));
            w.WriteLine(value);
        }
    }

    /// <summary>The block of one file as label/value pairs (the terminal lays them out as a table).</summary>
    public static List<(string Label, string Value)> Lines(CaptureReader r, CaptureSummary s, PacketDecoder decoder)
    {
        var w = new List<(string, string)>();
        Line(w, "File name", r.FileName);
        Line(w, "File type", FormatText.Describe(r));
        if (r.FileSize is { } size) Line(w, "File size", $"{size.ToString("N0", Inv)} bytes");
        if (r.Format == CaptureFormat.Pcapng) Line(w, "Sections", r.SectionCount.ToString(Inv));
        if (r.SnapLength != 0) Line(w, "Snapshot length", $"{r.SnapLength.ToString(Inv)} bytes (file header)");
        Line(w, "Packets", s.Packets.ToString("N0", Inv) + (s.Frames != s.Packets
            ? $" (plus {(s.Frames - s.Packets).ToString("N0", Inv)} non-packet frames numbered by Wireshark: custom/journal blocks)" : ""));
        Line(w, "Data size", $"{s.Bytes.ToString("N0", Inv)} bytes on the wire, {s.CapturedBytes.ToString("N0", Inv)} bytes captured");
        if (s.Packets > 0)
        {
            Line(w, "Packet size", $"{s.SmallestFrame}–{s.LargestFrame} bytes, average {(s.Bytes / (double)s.Packets).ToString("0.00", Inv)}");
        }
        if (s.MinTimestampNs is { } min && s.MaxTimestampNs is { } max)
        {
            int digits = Math.Max(6, r.TimestampPrecisionDigits);
            Line(w, "First packet time", TimeText.Utc(s.FirstTimestampNs!.Value, digits));
            Line(w, "Last packet time", TimeText.Utc(s.LastTimestampNs!.Value, digits));
            double duration = (max - min) / 1e9;
            Line(w, "Capture duration", $"{duration.ToString("0.000000", Inv)} seconds");
            if (duration > 0)
            {
                Line(w, "Data byte rate", $"{Rate(s.Bytes / duration)} bytes/s");
                Line(w, "Data bit rate", $"{Rate(s.Bytes * 8 / duration)} bits/s");
                Line(w, "Average packet rate", $"{Rate(s.Packets / duration)} packets/s");
            }
            Line(w, "Strict time order", s.StrictTimeOrder ? "yes" : "no (frames out of time order)");
        }
        Line(w, "Truncated frames", s.TruncatedFrames == 0 ? "none"
            : $"{s.TruncatedFrames.ToString("N0", Inv)} (captured length below the original: snaplen)");
        WriteInterfaces(w, r);
        WriteDrops(w, r);
        foreach (var c in r.Comments) Line(w, "Comment", OneLine(c));
        if (r.Hardware is not null) Line(w, "Capture hardware", r.Hardware);
        if (r.OperatingSystem is not null) Line(w, "Capture OS", r.OperatingSystem);
        if (r.Application is not null) Line(w, "Capture application", r.Application);
        if (r.BlockCounts.Count > 0)
            Line(w, "Blocks", string.Join(", ", r.BlockCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")));
        if (r.NameResolution.Count > 0) Line(w, "Name resolution", $"{r.NameResolution.Count} entries");
        WriteDecode(w, s, decoder);
        if (r.Damage is { } d) Line(w, "Damage", $"{d.Problem} (at byte {d.Offset}); the {r.FramesRead} frame(s) before it were read");
        return w;
    }

    private static void WriteInterfaces(List<(string, string)> w, CaptureReader r)
    {
        foreach (var i in r.Interfaces)
        {
            string id = r.Format == CaptureFormat.Pcapng && r.SectionCount > 1 ? $"#{i.Index} (section {i.Section}, id {i.IdInSection})" : $"#{i.Index}";
            string text = FormatText.LinkType(i.LinkType);
            if (i.SnapLength != 0 && r.Format == CaptureFormat.Pcapng) text += $", snaplen {i.SnapLength}";
            if (i.Name is not null) text += $", name {i.Name}";
            if (i.Description is not null) text += $", \"{i.Description}\"";
            if (i.TimestampResolutionOption is { } res) text += $", timestamp resolution {Resolution(res)}";
            if (i.TimestampOffsetSeconds != 0) text += $", time offset {i.TimestampOffsetSeconds} s";
            if (i.Filter is not null) text += $", filter \"{i.Filter}\"";
            Line(w, $"Interface {id}", text);
            foreach (var c in i.Comments) Line(w, "  comment", OneLine(c));
        }
    }

    /// <summary>Rates with two decimals, or four significant digits when they are tiny (a capture spanning years).</summary>
    private static string Rate(double v) => v >= 1 ? v.ToString("N2", Inv) : v.ToString("G4", Inv);

    private static string Resolution(byte res) => (res & 0x80) != 0 ? $"2^-{res & 0x7F} s" : $"10^-{res} s";

    private static void WriteDrops(List<(string, string)> w, CaptureReader r)
    {
        bool any = false;
        foreach (var i in r.Interfaces)
        {
            if (i.Statistics is { } st)
            {
                any = true;
                string text = $"interface #{i.Index}: dropped by interface {Count(st.InterfaceDrops)}, by OS {Count(st.OsDrops)}";
                if (st.Received is { } rx) text += $", received {rx}";
                if (st.FilterAccepted is { } fa) text += $", accepted by filter {fa}";
                Line(w, "Capture drops", text);
            }
            if (i.PacketDropCount > 0)
            {
                any = true;
                Line(w, "Capture drops", $"interface #{i.Index}: {i.PacketDropCount} lost between packets (packet drop counts)");
            }
        }
        if (!any) Line(w, "Capture drops", "none reported by the file");
    }

    private static string Count(ulong? v) => v is { } x ? x.ToString(Inv) : "not reported";

    private static void WriteDecode(List<(string, string)> w, CaptureSummary s, PacketDecoder decoder)
    {
        Line(w, "Network layer", $"IPv4 {s.Ipv4.ToString("N0", Inv)}, IPv6 {s.Ipv6.ToString("N0", Inv)}, ARP {s.Arp.ToString("N0", Inv)}, other {s.OtherNetwork.ToString("N0", Inv)}" +
            (s.Vlan > 0 ? $", VLAN-tagged {s.Vlan.ToString("N0", Inv)}" : ""));
        Line(w, "Transport layer", $"TCP {s.Tcp.ToString("N0", Inv)}, UDP {s.Udp.ToString("N0", Inv)}, ICMP {s.Icmp.ToString("N0", Inv)}, ICMPv6 {s.Icmpv6.ToString("N0", Inv)}");
        if (s.Fragments > 0 || s.Reassembled > 0)
            Line(w, "IP fragments", $"{s.Fragments + s.Reassembled} fragments, {s.Reassembled} datagrams reassembled" +
                (decoder.Reassembler.Evicted > 0 ? $", {decoder.Reassembler.Evicted} left incomplete" : ""));
        if (s.TsoZeroLength > 0)
            Line(w, "Offload", $"{s.TsoZeroLength} IPv4 packets with total length 0: captured on a host with segmentation offload");
        string problems = s.Malformed + s.DecodeTruncated + s.Unsupported == 0 ? "none" :
            $"{s.Malformed} malformed, {s.DecodeTruncated} cut short, {s.Unsupported} of unsupported link types" +
            (s.Problems.Count > 0 ? " (" + string.Join(", ", s.Problems.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")) + ")" : "");
        Line(w, "Decode problems", problems);
        if (s.BadIpChecksums + s.BadTransportChecksums == 0)
        {
            Line(w, "Bad checksums", "none");
            return;
        }
        string text = $"IPv4 header {s.BadIpChecksums}, TCP/UDP/ICMP {s.BadTransportChecksums}";
        var top = s.BadChecksumsBySource.OrderByDescending(kv => kv.Value).Take(3).ToList();
        text += "; from " + string.Join(", ", top.Select(kv => $"{kv.Key} ({kv.Value})"));
        if (s.BadChecksumsBySource.Count == 1)
            text += " only: likely checksum offload on the capturing host, not corruption";
        Line(w, "Bad checksums", text);
    }

    private static string OneLine(string s) => s.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');

    private static void Line(List<(string, string)> w, string label, string value) => w.Add((label, value));
}
