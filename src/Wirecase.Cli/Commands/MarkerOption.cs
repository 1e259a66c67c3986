using System.CommandLine;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Commands;

/// <summary>`--between-markers 22,33`: the frames between the user's marker pings (ICMP echo requests with those data
/// sizes, sent before and after reproducing the problem), found in a first pass; the marker frames are reported.</summary>
internal static class MarkerOption
{
    public static Option<string?> Create() => new("--between-markers")
    {
        Description = "Only the frames between the user's ping markers, given as the two ICMP data sizes (e.g. 22,33 for `ping -l 22` before and `ping -l 33` after reproducing the problem).",
    };

    /// <summary>Parses the sizes (usage error) and finds the markers (read error); writes what went wrong or which frames
    /// the markers are. True with a null window when no markers were asked for.</summary>
    public static bool TryResolve(string? text, IReadOnlyList<string> files, CliConsole console, out MarkerWindow? window, out int exitCode)
    {
        window = null;
        exitCode = ExitCodes.Success;
        if (text is null) return true;
        var parts = text.Split(',');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int a) || !int.TryParse(parts[1], out int b) || a < 0 || b < 0)
        {
            console.Error.WriteLine($"wirecase: --between-markers needs two ICMP data sizes such as 22,33, not '{text}'");
            exitCode = ExitCodes.Usage;
            return false;
        }
        if (files.Contains("-"))
        {
            console.Error.WriteLine("wirecase: --between-markers reads the files twice and cannot read stdin");
            exitCode = ExitCodes.Usage;
            return false;
        }
        using (var scan = CaptureRun.Open(files, CliConsole.Quiet))
        {
            if (scan is null)
            {
                exitCode = ExitCodes.NothingRead;
                return false;
            }
            window = MarkerWindow.Find(scan.Set, a, b, out var error);
            if (window is null)
            {
                console.Error.WriteLine($"wirecase: {error}");
                exitCode = ExitCodes.NothingRead;
                return false;
            }
        }
        console.Error.WriteLine($"wirecase: between the markers at {Where(window.FirstFile, window.FirstFrame)} and {Where(window.SecondFile, window.SecondFrame)}");
        return true;
    }

    private static string Where(string? file, long frame) => file is null ? $"frame {frame}" : $"{file}#{frame}";
}
