using System.CommandLine;
using System.Net;
using Wirecase.Web;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase serve [DIR] [--port N]`: the local web UI.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("dir") { Description = "The folder whose captures are listed (default: the current one).", DefaultValueFactory = _ => "." };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0: any free one).", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "The address to listen on. The UI has no authentication: keep it on loopback unless the network is yours alone.", DefaultValueFactory = _ => "127.0.0.1" };
        var maxUpload = new Option<long>("--max-upload-mb") { Description = "Largest upload accepted, in MiB.", DefaultValueFactory = _ => 2048 };
        var command = new Command("serve", "Run the web UI: lists the captures in DIR, accepts uploads, analyses them with progress and shows the report (ladders, graphs, packet lists with a display-filter box); JSON under /api.")
        {
            directory, port, host, maxUpload,
        };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(directory)!;
            if (!Directory.Exists(dir))
            {
                console.Error.WriteLine($"wirecase: {dir}: no such folder");
                return ExitCodes.Usage;
            }
            string address = parse.GetValue(host)!;
            if (!IPAddress.TryParse(address, out _) && address != "localhost")
            {
                console.Error.WriteLine($"wirecase: --host needs an IP address (127.0.0.1, ::1, 0.0.0.0), not '{address}'");
                return ExitCodes.Usage;
            }
            int p = parse.GetValue(port);
            long mb = parse.GetValue(maxUpload);
            if (p is < 0 or > 65535 || mb < 1)
            {
                console.Error.WriteLine("wirecase: --port must be 0-65535 and --max-upload-mb at least 1");
                return ExitCodes.Usage;
            }
            return Run(new ServeOptions { Directory = dir, Host = address, Port = p, MaxUploadBytes = mb << 20 }, console);
        });
        return command;
    }

    private static int Run(ServeOptions options, CliConsole console)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            WirecaseServer server;
            try
            {
                server = WirecaseServer.StartAsync(options).GetAwaiter().GetResult();
            }
            catch (IOException e)
            {
                console.Error.WriteLine($"wirecase: cannot listen on {options.Host}:{options.Port}: {e.Message}");
                return ExitCodes.Usage;
            }
            console.Error.WriteLine($"wirecase: serving {Path.GetFullPath(options.Directory)} on {server.Url} (Ctrl+C stops)");
            server.WaitAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            console.Error.WriteLine("wirecase: stopped");
            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
