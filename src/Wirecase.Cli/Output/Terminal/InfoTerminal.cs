using Spectre.Console;

namespace Wirecase.Cli.Output.Terminal;

/// <summary>`wirecase info` on a terminal: each file's block as a two-column table.</summary>
internal static class InfoTerminal
{
    public static void Write(IAnsiConsole console, IReadOnlyList<(string Label, string Value)> lines)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
        foreach (var (label, value) in lines)
        {
            string shown = Markup.Escape(value);
            if (label == "Damage") shown = $"[red]{shown}[/]";
            table.AddRow($"[bold]{Markup.Escape(label)}[/]", shown);
        }
        console.Write(table);
    }
}
