using Wirecase.Diagnosis.Facts;

namespace Wirecase.Diagnosis;

/// <summary>One small rule: reads the facts of one capture file, never the packets again.</summary>
public interface IDiagnosisRule
{
    IEnumerable<Finding> Evaluate(CapturePointFacts point);
}
