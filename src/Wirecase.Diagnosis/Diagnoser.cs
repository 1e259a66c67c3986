using Wirecase.Diagnosis.Facts;
using Wirecase.Diagnosis.Paths;
using Wirecase.Diagnosis.Rules;

namespace Wirecase.Diagnosis;

/// <summary>Runs every rule over every file and ranks the findings: errors first, then warnings, then information;
/// within a severity the surer and the earlier first.</summary>
public static class Diagnoser
{
    public static IReadOnlyList<IDiagnosisRule> Rules { get; } =
    [
        new StalledDataRule(),
        new SynAnsweredByAckRule(),
        new HandshakeTamperingRule(),
        new MiddleboxPacketRule(),
        new SizeSpecificLossRule(),
        new UnansweredConnectionRule(),
        new ApplicationSilenceRule(),
        new ApplicationErrorRule(),
        new SlowResponseRule(),
        new ZeroWindowRule(),
        new ResetRule(),
        new CaptureQualityRule(),
    ];

    /// <summary>The findings of every point and, when the points were correlated, of the path between them.</summary>
    public static List<Finding> Diagnose(CaptureFacts facts) =>
        Rank(facts.Points.SelectMany(f => Rules.SelectMany(r => r.Evaluate(f)))
            .Concat(facts.Correlated is { } path ? PathDiagnoser.Diagnose(path) : []));

    public static List<Finding> Rank(IEnumerable<Finding> findings) =>
        [.. findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Confidence).ThenBy(f => f.FirstFrame)];
}
