using System.Globalization;
using Spectre.Console;

namespace Wirecase.Cli.Output.Terminal;

/// <summary>`wirecase conv` on a terminal: the same rows as the text table, laid out to the terminal's width.</summary>
internal static class ConversationTerminal
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole console, string kind, ConversationRowList rows)
    {
        bool ports = kind != "ip", tcp = kind == "tcp";
        var table = new Table().Border(TableBorder.Rounded).Title($"{kind.ToUpperInvariant()} conversations: {rows.Count}");
        bool files = rows.HasFiles;
        if (files) table.AddColumn("file");
        // Addresses never wrap (a broken address is unreadable); the numeric columns give way first.
        table.AddColumn(new TableColumn("A").NoWrap()).AddColumn(new TableColumn("B").NoWrap());
        foreach (var name in new[] { "A→B frames", "A→B bytes", "B→A frames", "B→A bytes", "start s", "duration s" })
            table.AddColumn(new TableColumn(name).RightAligned());
        if (tcp)
        {
            table.AddColumn(new TableColumn("stream").RightAligned()).AddColumn("state").AddColumn("history")
                .AddColumn(new TableColumn("retr A/B").RightAligned()).AddColumn(new TableColumn("iRTT ms").RightAligned());
        }
        Span<char> cell = stackalloc char[48];
        foreach (var r in rows)
        {
            var cells = new List<string>();
            if (files) cells.Add(Markup.Escape(rows.FileOf(r) ?? ""));
            cells.Add(Markup.Escape(Endpoint(r.AddressA, r.PortA, ports)));
            cells.Add(Markup.Escape(Endpoint(r.AddressB, r.PortB, ports)));
            cells.Add(r.FramesAToB.ToString(Inv));
            cells.Add(new string(cell[..SizeText.FormatBytes(cell, r.BytesAToB)]));
            cells.Add(r.FramesBToA.ToString(Inv));
            cells.Add(new string(cell[..SizeText.FormatBytes(cell, r.BytesBToA)]));
            cells.Add(r.RelativeStart.ToString("0.000000", Inv));
            cells.Add(r.Duration.ToString("0.0000", Inv));
            if (tcp && r.Tcp is { } t)
            {
                long retransmissions = t.RetransmissionsAToB + t.RetransmissionsBToA;
                string state = t.State is "SF" or "S1" ? t.State : $"[yellow]{Markup.Escape(t.State)}[/]";
                cells.Add(t.Stream.ToString(Inv));
                cells.Add(state);
                cells.Add(Markup.Escape(t.History));
                cells.Add(retransmissions > 0 ? $"[red]{t.RetransmissionsAToB}/{t.RetransmissionsBToA}[/]" : "0/0");
                cells.Add(t.InitialRttNs > 0 ? (t.InitialRttNs / 1e6).ToString("0.0", Inv) : "-");
            }
            else if (tcp)
            {
                cells.AddRange(["", "", "", "", ""]);
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }

    private static string Endpoint(Packets.IpAddressValue address, ushort port, bool ports) =>
        !ports ? address.ToString() : address.Version == 6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
