using System.Globalization;
using System.Text;

namespace Wirecase.Cli.Output;

/// <summary>The text table of `wirecase conv`. Rows are formatted into one reused buffer (a capture can hold
/// hundreds of thousands of conversations), numbers straight into spans without intermediate strings.</summary>
internal static class ConversationTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, string kind, IReadOnlyList<ConversationRow> rows)
    {
        bool ports = kind != "ip", tcp = kind == "tcp";
        w.WriteLine($"{kind.ToUpperInvariant()} conversations: {rows.Count}");
        if (rows.Count == 0) return;
        var endpointA = new string[rows.Count];
        var endpointB = new string[rows.Count];
        int wa = 8, wb = 8;
        for (int i = 0; i < rows.Count; i++)
        {
            endpointA[i] = Endpoint(rows[i].AddressA, rows[i].PortA, ports);
            endpointB[i] = Endpoint(rows[i].AddressB, rows[i].PortB, ports);
            wa = Math.Max(wa, endpointA[i].Length);
            wb = Math.Max(wb, endpointB[i].Length);
        }
        bool files = rows.Any(r => r.File is not null);
        string head = $"{"A".PadRight(wa)}     {"B".PadRight(wb)} {"A→B frames",10} {"A→B bytes",11} {"B→A frames",10} {"B→A bytes",11} {"frames",7} {"bytes",11} {"start s",12} {"duration s",10} {"A→B rate",12} {"B→A rate",12}";
        if (tcp) head += $" {"stream",6} {"state",6} {"history",-12} {"retr A/B",9} {"iRTT ms",8} {"gaps B",8}  end";
        w.WriteLine(files ? "file  " + head : head);
        var sb = new StringBuilder(512);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            sb.Clear();
            if (r.File is not null) sb.Append(r.File).Append("  ");
            sb.Append(endpointA[i]).Append(' ', wa - endpointA[i].Length).Append(" <-> ");
            sb.Append(endpointB[i]).Append(' ', wb - endpointB[i].Length);
            Number(sb, r.FramesAToB, 10);
            Text(sb, SizeText.Bytes(r.BytesAToB), 11);
            Number(sb, r.FramesBToA, 10);
            Text(sb, SizeText.Bytes(r.BytesBToA), 11);
            Number(sb, r.Frames, 7);
            Text(sb, SizeText.Bytes(r.Bytes), 11);
            Fixed(sb, r.RelativeStart, "0.000000", 12);
            Fixed(sb, r.Duration, "0.0000", 10);
            Text(sb, SizeText.Rate(r.BitsPerSecondAToB), 12);
            Text(sb, SizeText.Rate(r.BitsPerSecondBToA), 12);
            if (r.Tcp is { } t)
            {
                Number(sb, t.Stream, 6);
                Text(sb, t.State, 6);
                sb.Append(' ').Append(t.History).Append(' ', Math.Max(0, 12 - t.History.Length));
                Text(sb, $"{t.RetransmissionsAToB}/{t.RetransmissionsBToA}", 9);
                if (t.InitialRtt is { } irtt) Fixed(sb, irtt * 1000, "0.0", 8);
                else Text(sb, "-", 8);
                Number(sb, t.GapBytesAToB + t.GapBytesBToA, 8);
                sb.Append("  ").Append(t.Ended);
                if (t.MidStream) sb.Append(", began before the capture");
                if (t.ReusedPorts) sb.Append(", reused ports");
            }
            sb.Append('\n');
            w.Write(sb);
        }
    }

    /// <summary>A space, then <paramref name="value"/> right-aligned in <paramref name="width"/> columns.</summary>
    private static void Number(StringBuilder sb, long value, int width)
    {
        Span<char> buf = stackalloc char[24];
        value.TryFormat(buf, out int n, default, Inv);
        Text(sb, buf[..n], width);
    }

    private static void Fixed(StringBuilder sb, double value, string format, int width)
    {
        Span<char> buf = stackalloc char[40];
        if (!value.TryFormat(buf, out int n, format, Inv)) n = 0;
        Text(sb, buf[..n], width);
    }

    private static void Text(StringBuilder sb, ReadOnlySpan<char> text, int width)
    {
        sb.Append(' ');
        if (text.Length < width) sb.Append(' ', width - text.Length);
        sb.Append(text);
    }

    private static string Endpoint(string address, ushort port, bool ports) =>
        !ports ? address : address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
