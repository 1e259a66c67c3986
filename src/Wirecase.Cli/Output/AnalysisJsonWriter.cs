using System.Text.Json;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Wirecase.Reports.Json;

namespace Wirecase.Cli.Output;

/// <summary>`wirecase analyze --json`: one object, schema "wirecase.analysis/1".</summary>
internal static class AnalysisJsonWriter
{
    public const string Schema = "wirecase.analysis/1";

    public static void Write(Stream output, CaptureFacts facts, IReadOnlyList<Finding> findings)
    {
        using var j = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        j.WriteStartObject();
        j.WriteString("schema", Schema);
        j.WriteStartArray("captures");
        foreach (var f in facts.Points)
        {
            j.WriteStartObject();
            if (f.NameFiles)
            {
                j.WriteString("file", f.Files[0]);
                j.WriteStartArray("files");
                foreach (var name in f.Files) j.WriteStringValue(name);
                j.WriteEndArray();
            }
            j.WriteNumber("frames", f.Frames);
            if (f.FirstNs != long.MaxValue)
            {
                j.WriteString("start", TimeText.Epoch(f.FirstNs));
                j.WriteNumber("durationSeconds", (f.LastNs - f.FirstNs) / 1e9);
            }
            j.WriteNumber("tcpConnections", f.Connections.Count);
            j.WriteNumber("smtpSessions", f.Application.Smtp.Count);
            j.WriteNumber("tlsSessions", f.Application.Tls.Count);
            j.WriteNumber("httpSessions", f.Application.Http.Count);
            j.WriteNumber("dnsQueries", f.Application.Dns.Exchanges.Count);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        if (facts.Correlated is { } path)
        {
            j.WriteStartObject("correlation");
            CorrelationJsonWriter.WriteBody(j, path);
            j.WriteEndObject();
        }
        WriteFindings(j, findings);
        j.WriteEndObject();
        j.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>The findings array, shared by every JSON output that carries findings.</summary>
    public static void WriteFindings(Utf8JsonWriter j, IReadOnlyList<Finding> findings)
    {
        j.WriteStartArray("findings");
        foreach (var f in findings)
        {
            j.WriteStartObject();
            FindingJson.WriteStatement(j, f);
            j.WriteStartArray("connections");
            foreach (var c in f.Connections) j.WriteStringValue(c);
            j.WriteEndArray();
            FindingJson.WriteAdvice(j, f);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }
}
