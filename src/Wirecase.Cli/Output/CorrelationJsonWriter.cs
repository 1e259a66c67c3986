using System.Text.Json;
using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Results;
using Wirecase.Diagnosis;

namespace Wirecase.Cli.Output;

/// <summary>`wirecase correlate --json`: one object, schema "wirecase.correlation/1" (docs/json.md).</summary>
internal static class CorrelationJsonWriter
{
    public const string Schema = "wirecase.correlation/1";

    public static void Write(Stream output, CorrelationResult r, IReadOnlyList<Finding> findings)
    {
        using var j = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        j.WriteStartObject();
        j.WriteString("schema", Schema);
        WriteBody(j, r);
        AnalysisJsonWriter.WriteFindings(j, findings);
        j.WriteEndObject();
        j.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>Everything but the findings: points, path, hops, NAT, verdicts, connections (also inside `analyze --json`).</summary>
    public static void WriteBody(Utf8JsonWriter j, CorrelationResult r)
    {
        j.WriteStartArray("points");
        foreach (var p in r.Points)
        {
            j.WriteStartObject();
            j.WriteString("name", p.Name);
            j.WriteStartArray("files");
            foreach (var f in p.Files) j.WriteStringValue(f);
            j.WriteEndArray();
            j.WriteNumber("frames", p.Frames);
            j.WriteNumber("tcpSegments", p.TcpSegments);
            j.WriteNumber("tcpConnections", p.Connections);
            if (p.Frames > 0) j.WriteString("start", TimeText.Epoch(p.FirstNs));
            j.WriteStartObject("clock");
            j.WriteNumber("offsetSeconds", p.Clock.OffsetNs / 1e9);
            j.WriteNumber("driftPpm", Math.Round(p.Clock.DriftPpm, 3));
            if (p.Clock.UncertaintyNs >= 0) j.WriteNumber("uncertaintySeconds", p.Clock.UncertaintyNs / 1e9);
            else j.WriteNull("uncertaintySeconds");
            j.WriteString("basis", p.Clock.Basis);
            j.WriteNumber("samples", p.Clock.Samples);
            j.WriteBoolean("consistent", p.Clock.Consistent);
            j.WriteEndObject();
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("path");
        foreach (int p in r.Path) j.WriteStringValue(r.NameOf(p));
        j.WriteEndArray();
        j.WriteString("pathBasis", r.PathBasis);
        j.WriteNumber("windowSeconds", r.WindowNs / 1e9);
        j.WriteStartArray("hops");
        foreach (var h in r.Hops)
        {
            j.WriteStartObject();
            j.WriteString("from", r.NameOf(h.From));
            j.WriteString("to", r.NameOf(h.To));
            Direction(j, "towardServer", h.TowardServer);
            Direction(j, "towardClient", h.TowardClient);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("natMappings");
        foreach (var m in r.NatMappings)
        {
            j.WriteStartObject();
            j.WriteString("from", r.NameOf(m.From));
            j.WriteString("to", r.NameOf(m.To));
            j.WriteString("side", m.Side);
            j.WriteString("before", m.Before);
            j.WriteString("after", m.After);
            j.WriteNumber("connections", m.Connections);
            j.WriteString("matchedBy", Name(m.Method));
            j.WriteEndObject();
        }
        j.WriteEndArray();
        if (r.ServerOpened is { } opened)
        {
            j.WriteStartObject("serverOpened");
            j.WriteNumber("count", opened.Count);
            j.WriteStartArray("examples");
            foreach (int id in opened.Examples) j.WriteNumberValue(id);
            j.WriteEndArray();
            j.WriteEndObject();
        }
        j.WriteStartArray("verdicts");
        foreach (var v in r.Verdicts)
        {
            j.WriteStartObject();
            j.WriteString("verdict", v.Kind switch
            {
                VerdictKind.NotCaptured => "not-captured",
                _ => v.Kind.ToString().ToLowerInvariant(),
            });
            j.WriteString("from", r.NameOf(v.From));
            j.WriteString("to", r.NameOf(v.To));
            j.WriteNumber("connection", v.Connection);
            j.WriteString("direction", v.FromClient ? "to-server" : "to-client");
            j.WriteString("segment", v.Segment.ToString().ToLowerInvariant());
            j.WriteNumber("seq", v.Seq);
            j.WriteNumber("length", v.Length);
            if (v.LengthAfter != v.Length) j.WriteNumber("lengthAfter", v.LengthAfter);
            if (v.Changes != SegmentDifference.None)
            {
                j.WriteStartArray("changes");
                foreach (var flag in Enum.GetValues<SegmentDifference>())
                    if (flag != SegmentDifference.None && (v.Changes & flag) == flag) j.WriteStringValue(char.ToLowerInvariant(flag.ToString()[0]) + flag.ToString()[1..]);
                j.WriteEndArray();
            }
            if (v.AckShift != 0) j.WriteNumber("ackShift", v.AckShift);
            if (v.FrameBefore is { } b) j.WriteString("frameBefore", r.FrameAt(v.From, b));
            if (v.FrameAfter is { } a) j.WriteString("frameAfter", r.FrameAt(v.To, a));
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteNumber("verdictsNotListed", r.VerdictsDropped);
        j.WriteStartArray("connections");
        foreach (var c in r.Connections)
        {
            j.WriteStartObject();
            j.WriteNumber("id", c.Id);
            j.WriteBoolean("proxied", c.Proxied);
            j.WriteBoolean("sequenceRewritten", c.SequenceRewritten);
            j.WriteNumber("segmentsWithVerdicts", c.Anomalies);
            j.WriteStartArray("at");
            for (int p = 0; p < c.At.Count; p++)
            {
                if (c.At[p] is not { } a) continue;
                j.WriteStartObject();
                j.WriteString("point", r.NameOf(p));
                j.WriteNumber("stream", a.Stream);
                j.WriteString("client", a.Client);
                j.WriteString("server", a.Server);
                j.WriteString("matchedBy", Name(a.Method));
                j.WriteNumber("segments", a.Segments);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }

    private static string Name(MatchMethod m) => m switch
    {
        MatchMethod.First => "first-seen",
        MatchMethod.SameAddresses => "addresses",
        MatchMethod.InitialSequence => "initial-sequence",
        _ => "payload",
    };

    private static void Direction(Utf8JsonWriter j, string name, HopDirection d)
    {
        j.WriteStartObject(name);
        j.WriteNumber("passed", d.Passed);
        j.WriteNumber("lost", d.Lost);
        j.WriteNumber("appeared", d.Appeared);
        j.WriteNumber("modified", d.Modified);
        j.WriteNumber("duplicated", d.Duplicated);
        j.WriteNumber("reordered", d.Reordered);
        j.WriteNumber("resegmented", d.Resegmented);
        j.WriteNumber("mssClamped", d.MssClamped);
        if (d.DelayMedianNs is { } m)
        {
            j.WriteNumber("delayMedianSeconds", m / 1e9);
            j.WriteNumber("delayP99Seconds", (d.DelayP99Ns ?? m) / 1e9);
            j.WriteNumber("delayMaxSeconds", (d.DelayMaxNs ?? m) / 1e9);
        }
        j.WriteEndObject();
    }
}
