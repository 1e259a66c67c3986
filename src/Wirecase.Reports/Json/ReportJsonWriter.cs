using System.Text.Json;
using Wirecase.Reports.Model;

namespace Wirecase.Reports.Json;

/// <summary>The report model as JSON, schema "wirecase.report/1": what `wirecase serve` answers on its API.</summary>
public static class ReportJsonWriter
{
    public const string Schema = "wirecase.report/1";

    public static void Write(Stream output, ReportModel model)
    {
        using var j = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        j.WriteStartObject();
        j.WriteString("schema", Schema);
        j.WriteString("title", model.Title);
        j.WriteString("generated", model.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        j.WriteStartArray("captures");
        foreach (var c in model.Captures)
        {
            j.WriteStartObject();
            if (c.Name is not null) j.WriteString("name", c.Name);
            j.WriteStartArray("files");
            foreach (var f in c.Files) j.WriteStringValue(f);
            j.WriteEndArray();
            j.WriteNumber("frames", c.Frames);
            if (c.Start is { } start) j.WriteString("start", start.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            j.WriteNumber("durationSeconds", c.DurationSeconds);
            j.WriteNumber("tcpConnections", c.TcpConnections);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("findings");
        foreach (var fv in model.Findings)
        {
            var f = fv.Finding;
            j.WriteStartObject();
            FindingJson.WriteStatement(j, f);
            j.WriteString("anchor", fv.Anchor);
            j.WriteStartArray("connectionViews");
            foreach (var id in fv.ConnectionViewIds) j.WriteStringValue(id);
            j.WriteEndArray();
            FindingJson.WriteAdvice(j, f);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("conversations");
        foreach (var c in model.Conversations)
        {
            j.WriteStartObject();
            if (c.Point is not null) j.WriteString("point", c.Point);
            j.WriteNumber("stream", c.Stream);
            j.WriteString("a", c.A);
            j.WriteString("b", c.B);
            j.WriteString("state", c.State);
            j.WriteString("history", c.History);
            j.WriteNumber("packetsAtoB", c.PacketsAtoB);
            j.WriteNumber("bytesAtoB", c.BytesAtoB);
            j.WriteNumber("packetsBtoA", c.PacketsBtoA);
            j.WriteNumber("bytesBtoA", c.BytesBtoA);
            j.WriteNumber("startSeconds", c.StartSeconds);
            j.WriteNumber("durationSeconds", c.DurationSeconds);
            j.WriteNumber("retransmissions", c.Retransmissions);
            if (c.RttMs is double rtt) j.WriteNumber("rttMs", rtt);
            if (c.ViewId is not null) j.WriteString("view", c.ViewId);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteNumber("conversationsNotShown", model.ConversationsNotShown);
        j.WriteStartArray("connectionViews");
        foreach (var v in model.Connections)
        {
            j.WriteStartObject();
            j.WriteString("id", v.Id);
            if (v.Point is not null) j.WriteString("point", v.Point);
            j.WriteNumber("stream", v.Stream);
            j.WriteString("originator", v.Originator);
            j.WriteString("responder", v.Responder);
            j.WriteString("state", v.State);
            j.WriteNumber("segmentsNotShown", v.SegmentsNotShown);
            j.WriteStartArray("segments");
            foreach (var s in v.Segments)
            {
                j.WriteStartObject();
                j.WriteString("frame", s.Frame);
                j.WriteNumber("time", s.Time);
                j.WriteBoolean("fromOriginator", s.FromOriginator);
                j.WriteString("flags", s.Flags);
                j.WriteNumber("seq", s.Seq);
                if (s.HasAck) j.WriteNumber("ack", s.Ack);
                j.WriteNumber("len", s.Length);
                j.WriteNumber("window", s.Window);
                j.WriteStartArray("analysis");
                foreach (var a in s.Analysis) j.WriteStringValue(a);
                j.WriteEndArray();
                if (s.AckRttMs is double r) j.WriteNumber("ackRttMs", r);
                if (s.Evidence) j.WriteBoolean("evidence", true);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
        j.Flush();
    }
}
