using System.Diagnostics;
using System.Text;
using Wirecase.Cli;

namespace Wirecase.EndToEnd.Tests.Filters;

/// <summary>Runs tshark/mergecap (installed by the test set-up: test.sh) and the wirecase command in-process.</summary>
internal static class Tools
{
    public static (int Code, string Out, string Error) Run(string program, IEnumerable<string> args, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran over {timeoutMs} ms");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>tshark's frame numbers for a display filter (one pass, like Wireshark's display).</summary>
    public static List<long> TsharkFrames(string file, string filter)
    {
        var (code, output, error) = Run("tshark", ["-n", "-r", file, "-Y", filter, "-T", "fields", "-e", "frame.number"]);
        if (code != 0) throw new InvalidOperationException($"tshark refused '{filter}': {error.Trim()}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];
    }

    public static (int Code, string Out, string Error) Wirecase(params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    /// <summary>Wirecase's frame numbers for a display filter: the first column of `wirecase packets -Y`.</summary>
    public static List<long> WirecaseFrames(string file, string filter)
    {
        var (code, output, error) = Wirecase("packets", "-Y", filter, file);
        if (code != 0) throw new InvalidOperationException($"wirecase refused '{filter}': {error.Trim()}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l.AsSpan().TrimStart()[..l.AsSpan().TrimStart().IndexOf(' ')]))];
    }
}
