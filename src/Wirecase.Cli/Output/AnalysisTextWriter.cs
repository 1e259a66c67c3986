using System.Globalization;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Output;

/// <summary>The text report of `wirecase analyze`: the capture in one paragraph, then each finding.</summary>
internal static class AnalysisTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, CaptureFacts facts, IReadOnlyList<Finding> findings)
    {
        foreach (var f in facts.Points)
        {
            double seconds = f.LastNs >= f.FirstNs ? (f.LastNs - f.FirstNs) / 1e9 : 0;
            string start = f.FirstNs == long.MaxValue ? "no timestamps" : DateTimeOffset.FromUnixTimeMilliseconds(f.FirstNs / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Inv);
            string files = f.Files.Count > 1 ? $" ({f.Files.Count} files read as one timeline)" : "";
            w.WriteLine($"{f.Name ?? "Capture"}{files}: {f.Frames.ToString(Inv)} frames from {start}, {seconds.ToString("0.###", Inv)} s, " +
                        $"{f.Connections.Count.ToString(Inv)} TCP connections, {f.Application.Smtp.Count} SMTP, {f.Application.Tls.Count} TLS, " +
                        $"{f.Application.Http.Count} HTTP, {f.Application.Dns.Exchanges.Count} DNS queries");
        }
        if (facts.Correlated is { } path)
        {
            w.WriteLine();
            w.WriteLine("The captures were taken at several points and were matched packet by packet (ladders: wirecase correlate).");
            CorrelationTextWriter.WritePath(w, path);
        }
        w.WriteLine();
        WriteFindings(w, findings);
    }

    /// <summary>The ranked findings, each with its explanation, evidence and next step.</summary>
    public static void WriteFindings(TextWriter w, IReadOnlyList<Finding> findings)
    {
        int warnings = findings.Count(x => x.Severity >= Severity.Warning);
        if (findings.Count == 0 || warnings == 0)
            w.WriteLine(warnings == 0 && findings.Count > 0 ? "No problems found; notes about the capture follow." : "No problems found.");
        else
            w.WriteLine($"{warnings} problem{(warnings == 1 ? "" : "s")} found{(findings.Count > warnings ? $", {findings.Count - warnings} note(s)" : "")}:");
        int n = 0;
        foreach (var f in findings)
        {
            w.WriteLine();
            w.WriteLine($"{++n}. [{f.Severity.ToString().ToUpperInvariant()}] {f.Title}");
            w.WriteLine($"   id {f.Id}, confidence {f.Confidence.ToString("0.00", Inv)}");
            Paragraph(w, f.Explanation);
            foreach (var c in f.Connections) w.WriteLine($"   connection: {c}");
            foreach (var e in f.Evidence) w.WriteLine($"   evidence: {e}");
            if (f.CannotTell.Length > 0) Paragraph(w, "Cannot tell: " + f.CannotTell);
            if (f.NextStep.Length > 0) Paragraph(w, "Next step: " + f.NextStep);
        }
    }

    /// <summary>Wraps text at about 110 columns with a 3-space indent.</summary>
    public static void Paragraph(TextWriter w, string text)
    {
        var line = new System.Text.StringBuilder("  ");
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > 112)
            {
                w.WriteLine(line.ToString());
                line.Clear().Append("  ");
            }
            line.Append(' ').Append(word);
        }
        if (line.Length > 2) w.WriteLine(line.ToString());
    }
}
