using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>A field where Wirecase and tshark disagree on one frame, with the reason when it is understood.</summary>
public sealed record Disagreement(string File, long Frame, string Field, string Ours, string Tshark, string? Reason)
{
    public override string ToString() =>
        $"{File}#{Frame} {Field}: wirecase '{Ours}' vs tshark '{Tshark}'" + (Reason is null ? " — UNEXPLAINED" : $" — {Reason}");
}

/// <summary>Reads a corpus file with Wirecase and compares it frame by frame with tshark's reference.</summary>
public static class CorpusComparison
{
    public static List<Disagreement> Compare(CorpusEntry entry)
    {
        var result = new List<Disagreement>();
        var reference = ReferenceFrames.Load(entry);
        string? tsharkError = ReferenceFrames.Error(entry);
        CaptureReader reader;
        try
        {
            reader = CaptureFile.Open(entry.FullPath);
        }
        catch (CaptureException e)
        {
            if (reference is not null)
                result.Add(new(entry.File, 0, "open", e.Problem, "readable", null));
            return result;
        }
        using (reader)
        {
            var decoder = new PacketDecoder();
            var packet = new DecodedPacket();
            int index = 0;
            while (reader.MoveNext())
            {
                var frame = reader.Current;
                decoder.Decode(frame, ref packet);
                if (reference is null) continue;
                if (index >= reference.Rows.Count)
                {
                    result.Add(new(entry.File, frame.Number, "frame.number", "present", "absent", null));
                    index++;
                    continue;
                }
                var row = reference.Rows[index++];
                var ours = OurFields.Of(reader, frame, packet);
                foreach (var field in OurFields.Compared)
                {
                    string theirs = reference.Get(row, field);
                    string mine = ours.GetValueOrDefault(field, "");
                    if (Same(field, mine, theirs)) continue;
                    result.Add(new(entry.File, frame.Number, field, mine, theirs,
                        Explanations.Explain(field, mine, theirs, reference.Get(row, "frame.protocols"), packet, reader, frame.Number)));
                }
            }
            if (reference is not null && index < reference.Rows.Count)
                result.Add(new(entry.File, index + 1, "frame.number", "absent", "present",
                    reader.Damage is { } d ? null : null));
            if (reference is null && tsharkError is not null && reader.Damage is null && reader.FramesRead > 0)
                result.Add(new(entry.File, 0, "file", $"read {reader.FramesRead} frames", tsharkError,
                    Explanations.TsharkRejects(tsharkError)));
        }
        return result;
    }

    private static bool Same(string field, string ours, string theirs)
    {
        if (string.Equals(ours, theirs, StringComparison.OrdinalIgnoreCase)) return true;
        if (field == "tcp.options.sack_perm") return (ours.Length > 0) == (theirs.Length > 0);
        // tshark prints "1" for an FT_NONE flag… and nothing when absent; other fields must match exactly.
        return false;
    }
}
