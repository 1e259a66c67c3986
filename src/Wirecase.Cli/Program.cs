using System.Text;
using Wirecase.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
using var stdout = Console.OpenStandardOutput();
var console = new CliConsole(stdout, Console.Error, stderrIsTerminal: !Console.IsErrorRedirected, TerminalOf());
return WirecaseApp.Run(args, console);

// Standard output on a terminal: its width, and colour unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
static TerminalOutput? TerminalOf()
{
    if (Console.IsOutputRedirected) return null;
    int width;
    try { width = Console.WindowWidth; }
    catch (IOException) { width = 0; }
    bool color = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") != "dumb";
    return new TerminalOutput(width > 0 ? width : 120, color);
}
