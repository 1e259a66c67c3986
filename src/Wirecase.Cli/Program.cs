using System.Text;
using Wirecase.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
using var stdout = Console.OpenStandardOutput();
var console = new CliConsole(stdout, Console.Error, stderrIsTerminal: !Console.IsErrorRedirected);
return WirecaseApp.Run(args, console);
