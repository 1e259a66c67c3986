using System.Text.Json;

namespace Wirecase.Cli.Output;

/// <summary>`wirecase conv --json`: one object per conversation per line, schema "wirecase.conversation/1".</summary>
internal static class ConversationJsonWriter
{
    public const string Schema = "wirecase.conversation/1";

    public static void Write(Stream output, string kind, ConversationRowList rows)
    {
        Span<char> address = stackalloc char[64];
        using var j = new Utf8JsonWriter(output);
        foreach (var r in rows)
        {
            {
                j.WriteStartObject();
                j.WriteString("schema", Schema);
                j.WriteString("kind", kind);
                if (rows.FileOf(r) is { } file) j.WriteString("file", file);
                r.AddressA.TryFormat(address, out int n);
                j.WriteString("addressA", address[..n]);
                if (kind != "ip") j.WriteNumber("portA", r.PortA);
                r.AddressB.TryFormat(address, out n);
                j.WriteString("addressB", address[..n]);
                if (kind != "ip") j.WriteNumber("portB", r.PortB);
                j.WriteNumber("framesAToB", r.FramesAToB);
                j.WriteNumber("bytesAToB", r.BytesAToB);
                j.WriteNumber("framesBToA", r.FramesBToA);
                j.WriteNumber("bytesBToA", r.BytesBToA);
                j.WriteNumber("frames", r.Frames);
                j.WriteNumber("bytes", r.Bytes);
                j.WriteNumber("relativeStart", r.RelativeStart);
                j.WriteNumber("duration", r.Duration);
                j.WriteNumber("bitsPerSecondAToB", r.BitsPerSecondAToB);
                j.WriteNumber("bitsPerSecondBToA", r.BitsPerSecondBToA);
                if (r.Tcp is { } t)
                {
                    j.WriteNumber("stream", t.Stream);
                    j.WriteString("state", t.State);
                    j.WriteString("history", t.History);
                    j.WriteString("handshake", t.Handshake);
                    j.WriteBoolean("aIsOriginator", t.AIsOriginator);
                    j.WriteNumber("retransmissionsAToB", t.RetransmissionsAToB);
                    j.WriteNumber("retransmissionsBToA", t.RetransmissionsBToA);
                    Optional(j, "initialRtt", t.InitialRtt);
                    Optional(j, "rttAToB", t.RttAToB);
                    Optional(j, "rttBToA", t.RttBToA);
                    j.WriteNumber("gapBytesAToB", t.GapBytesAToB);
                    j.WriteNumber("gapBytesBToA", t.GapBytesBToA);
                    j.WriteNumber("conflictBytes", t.ConflictBytes);
                    j.WriteNumber("maxBytesInFlightAToB", t.MaxBytesInFlightAToB);
                    j.WriteNumber("maxBytesInFlightBToA", t.MaxBytesInFlightBToA);
                    j.WriteNumber("zeroWindowSeconds", t.ZeroWindowSeconds);
                    j.WriteBoolean("midStream", t.MidStream);
                    j.WriteBoolean("reusedPorts", t.ReusedPorts);
                    j.WriteString("ended", t.Ended);
                }
                j.WriteEndObject();
            }
            j.Flush();
            j.Reset();
            output.WriteByte((byte)'\n');
        }
    }

    private static void Optional(Utf8JsonWriter j, string name, double? v)
    {
        if (v is { } x) j.WriteNumber(name, x);
        else j.WriteNull(name);
    }
}
