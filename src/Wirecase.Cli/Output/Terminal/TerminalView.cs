using Spectre.Console;

namespace Wirecase.Cli.Output.Terminal;

/// <summary>A Spectre.Console surface over the command's output text, sized and coloured for the terminal.</summary>
internal static class TerminalView
{
    public static IAnsiConsole Create(TextWriter writer, TerminalOutput terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // Without colour no escape sequence at all (NO_COLOR, --no-color): tables only.
            Ansi = terminal.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Math.Max(40, terminal.Width);
        return console;
    }

    /// <summary>Severity colours shared by every view.</summary>
    public static string Colour(Diagnosis.Severity severity) => severity switch
    {
        Diagnosis.Severity.Error => "red",
        Diagnosis.Severity.Warning => "yellow",
        _ => "blue",
    };
}
