using System.Globalization;

namespace Wirecase.Cli.Output;

/// <summary>The text table of `wirecase conv`.</summary>
internal static class ConversationTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, string kind, IReadOnlyList<ConversationRow> rows)
    {
        bool ports = kind != "ip", tcp = kind == "tcp";
        w.WriteLine($"{kind.ToUpperInvariant()} conversations: {rows.Count}");
        if (rows.Count == 0) return;
        var a = rows.Select(r => Endpoint(r.AddressA, r.PortA, ports)).ToList();
        var b = rows.Select(r => Endpoint(r.AddressB, r.PortB, ports)).ToList();
        int wa = Math.Max(8, a.Max(s => s.Length)), wb = Math.Max(8, b.Max(s => s.Length));
        string head = $"{"A".PadRight(wa)}     {"B".PadRight(wb)} {"A→B frames",10} {"A→B bytes",11} {"B→A frames",10} {"B→A bytes",11} {"frames",7} {"bytes",11} {"start s",12} {"duration s",10} {"A→B rate",12} {"B→A rate",12}";
        if (tcp) head += $" {"stream",6} {"state",6} {"history",-12} {"retr A/B",9} {"iRTT ms",8} {"gaps B",8}  end";
        if (rows.Any(r => r.File is not null)) head = "file  " + head;
        w.WriteLine(head);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            string line = $"{a[i].PadRight(wa)} <-> {b[i].PadRight(wb)} {r.FramesAToB,10} {SizeText.Bytes(r.BytesAToB),11} {r.FramesBToA,10} {SizeText.Bytes(r.BytesBToA),11} {r.Frames,7} {SizeText.Bytes(r.Bytes),11} {r.RelativeStart.ToString("0.000000", Inv),12} {r.Duration.ToString("0.0000", Inv),10} {SizeText.Rate(r.BitsPerSecondAToB),12} {SizeText.Rate(r.BitsPerSecondBToA),12}";
            if (r.Tcp is { } t)
            {
                string rtt = t.InitialRtt is { } irtt ? (irtt * 1000).ToString("0.0", Inv) : "-";
                line += $" {t.Stream,6} {t.State,6} {t.History,-12} {$"{t.RetransmissionsAToB}/{t.RetransmissionsBToA}",9} {rtt,8} {t.GapBytesAToB + t.GapBytesBToA,8}  {t.Ended}";
                if (t.MidStream) line += ", began before the capture";
                if (t.ReusedPorts) line += ", reused ports";
            }
            if (r.File is not null) line = r.File + "  " + line;
            w.WriteLine(line);
        }
    }

    private static string Endpoint(string address, ushort port, bool ports) =>
        !ports ? address : address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
