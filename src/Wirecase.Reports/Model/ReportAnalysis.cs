using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Reports.Model;

/// <summary>What reading a capture for a report said besides the report: files it could not open, where damage stopped
/// a file early (the frames before it were used), warnings.</summary>
public sealed record ReadingNotes(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// The whole report of one capture point's files, for callers that hold no analysis of their own (`wirecase serve`):
/// the analysis (one reading), the diagnosis and the report model (a second, short reading).
/// </summary>
public static class ReportAnalysis
{
    /// <exception cref="CaptureException">None of the files is a capture that can be read.</exception>
    public static (ReportModel Model, ReadingNotes Notes) Run(IReadOnlyList<string> files, string title, ReportOptions? options = null,
        Action<CaptureSet>? started = null, Action? onFrame = null)
    {
        CaptureFacts facts;
        List<Finding> findings;
        var errors = new List<string>();
        var warnings = new List<string>();
        using (var set = CaptureSet.Open(files))
        {
            errors.AddRange(set.OpenErrors.Select(e => e.Message));
            started?.Invoke(set);
            facts = CaptureFacts.Collect(set, onFrame);
            foreach (var r in set.Readers)
            {
                warnings.AddRange(r.Warnings.Select(w => $"{Path.GetFileName(r.FileName)}: {w}"));
                if (r.Damage is { } d) errors.Add($"{d} ({r.FramesRead} frame(s) before it were read)");
            }
            findings = Diagnoser.Diagnose(facts);
        }
        var model = ReportBuilder.Build(title, facts, findings, () => CaptureSet.Open(files), options);
        return (model, new ReadingNotes(errors, warnings));
    }
}
