using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Commands;

/// <summary>For `wirecase.finding` in a display filter: a first pass that diagnoses the files and maps each frame a
/// finding cites as evidence (file name when several files, frame number) to the ids of those findings.</summary>
internal static class FindingFrames
{
    public static IReadOnlyDictionary<(string? File, long Frame), string> Collect(IReadOnlyList<string> files, CliConsole console)
    {
        var cited = new Dictionary<(string?, long), string>();
        if (files.Contains("-"))
        {
            console.Error.WriteLine("wirecase: warning: wirecase.finding needs a first pass over the files and cannot be used on stdin");
            return cited;
        }
        foreach (var finding in Diagnose(files) ?? [])
            foreach (var e in finding.Evidence)
            {
                var key = (files.Count > 1 ? e.File : null, e.Frame);
                cited[key] = cited.TryGetValue(key, out var ids) ? (ids.Contains(finding.Id, StringComparison.Ordinal) ? ids : ids + "," + finding.Id) : finding.Id;
            }
        return cited;
    }

    /// <summary>The findings of the files (a quiet first pass; the main pass reports unreadable files), or null.</summary>
    public static List<Finding>? Diagnose(IReadOnlyList<string> files)
    {
        using var run = CaptureRun.Open(files, CliConsole.Quiet);
        return run is null ? null : Diagnoser.Diagnose(CaptureFacts.Collect(run.Set));
    }
}
