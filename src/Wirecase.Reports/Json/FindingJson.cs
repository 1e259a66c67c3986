using System.Text.Json;
using Wirecase.Diagnosis;

namespace Wirecase.Reports.Json;

/// <summary>A finding's properties as every JSON output writes them (`analyze --json`, the web API's report).</summary>
public static class FindingJson
{
    /// <summary>id, severity, confidence, title, explanation and the evidence frames.</summary>
    public static void WriteStatement(Utf8JsonWriter j, Finding f)
    {
        j.WriteString("id", f.Id);
        j.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
        j.WriteNumber("confidence", f.Confidence);
        j.WriteString("title", f.Title);
        j.WriteString("explanation", f.Explanation);
        j.WriteStartArray("evidence");
        foreach (var e in f.Evidence)
        {
            j.WriteStartObject();
            if (e.File is not null) j.WriteString("file", e.File);
            j.WriteNumber("frame", e.Frame);
            j.WriteString("what", e.What);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }

    /// <summary>What the capture cannot tell and the next step.</summary>
    public static void WriteAdvice(Utf8JsonWriter j, Finding f)
    {
        j.WriteString("cannotTell", f.CannotTell);
        j.WriteString("nextStep", f.NextStep);
    }
}
