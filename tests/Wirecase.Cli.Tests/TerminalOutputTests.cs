using System.Text;
using System.Text.RegularExpressions;

namespace Wirecase.Cli.Tests;

/// <summary>
/// On a terminal the tables are laid out to its width (Spectre.Console) and coloured unless NO_COLOR/--no-color;
/// into a pipe or a file the output stays plain text with no escape sequence and no box drawing.
/// </summary>
public sealed partial class TerminalOutputTests
{
    private static readonly string CaseA = LabFixtures.Path("case-a-stalled-data", "client.pcap");

    private static CliResult OnTerminal(TerminalOutput? terminal, params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false, terminal));
        return new CliResult(code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    [Theory]
    [InlineData("conv", "tcp")]
    [InlineData("analyze")]
    [InlineData("info")]
    public void A_colour_terminal_gets_tables_that_fit_its_width(params string[] command)
    {
        var r = OnTerminal(new TerminalOutput(100, Color: true), [.. command, CaseA]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("╭", r.Out, StringComparison.Ordinal);
        Assert.All(Ansi().Replace(r.Out, "").Split('\n'), line => Assert.True(line.Length <= 100, $"{line.Length} columns: {line}"));
    }

    [Fact]
    public void Colour_marks_the_stalled_connection_and_the_error_finding()
    {
        var conv = OnTerminal(new TerminalOutput(160, Color: true), "conv", "tcp", CaseA);
        Assert.Contains("\e[", conv.Out, StringComparison.Ordinal);
        var analyze = OnTerminal(new TerminalOutput(160, Color: true), "analyze", CaseA);
        Assert.Matches(@"\e\[[0-9;]*m1\. ERROR", analyze.Out);
        Assert.Contains("Data from 198.18.1.2:38150 stalled", Ansi().Replace(analyze.Out, ""), StringComparison.Ordinal);
    }

    [Fact]
    public void No_color_keeps_the_tables_without_any_escape_sequence()
    {
        var r = OnTerminal(new TerminalOutput(120, Color: false), "analyze", CaseA);
        Assert.Contains("╭", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\e", r.Out, StringComparison.Ordinal);
        var flag = OnTerminal(new TerminalOutput(120, Color: true), "conv", "tcp", "--no-color", CaseA);
        Assert.Equal(0, flag.ExitCode);
        Assert.Contains("╭", flag.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\e", flag.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conv", "tcp")]
    [InlineData("analyze")]
    [InlineData("info")]
    [InlineData("packets")]
    public void A_pipe_gets_plain_text(params string[] command)
    {
        var r = OnTerminal(null, [.. command, CaseA]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("\e", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("╭", r.Out, StringComparison.Ordinal);
        Assert.Equal(CliRunner.Run([.. command, CaseA]).Out, r.Out);
    }

    [Fact]
    public void Packets_on_a_colour_terminal_colour_the_retransmissions_red()
    {
        var r = OnTerminal(new TerminalOutput(200, Color: true), "packets", CaseA);
        var retransmissions = r.Out.Split('\n').Where(l => l.Contains("[TCP Retransmission]", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(retransmissions);
        Assert.All(retransmissions, l => Assert.StartsWith("\e[31m", l, StringComparison.Ordinal));
        Assert.Contains(r.Out.Split('\n'), l => l.Length > 0 && !l.StartsWith('\e'));   // ordinary frames stay plain
    }

    [GeneratedRegex(@"\e\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
