using Wirecase.Diagnosis.Facts;
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

    public static List<Finding> Diagnose(CaptureFacts facts) =>
        [.. facts.Points.SelectMany(f => Rules.SelectMany(r => r.Evaluate(f)))
            .OrderByDescending(f => f.Severity).ThenByDescending(f => f.Confidence).ThenBy(f => f.FirstFrame)];
}
