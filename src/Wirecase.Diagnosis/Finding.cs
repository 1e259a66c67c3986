namespace Wirecase.Diagnosis;

public enum Severity : byte
{
    Info,
    Warning,
    Error,
}

/// <summary>A frame that shows part of a finding: Wireshark's frame number, the file when several were read, and
/// what the frame shows.</summary>
public sealed record Evidence(string? File, long Frame, string What)
{
    /// <summary>The frame's identity within its capture point (<see cref="Wirecase.Capture.FrameId"/>), for ordering
    /// frames of several files; equal to <see cref="Frame"/> for a single file.</summary>
    public long Id { get; init; } = Frame;

    public override string ToString() => File is null ? $"frame {Frame}: {What}" : $"{File}#{Frame}: {What}";
}

/// <summary>
/// What Wirecase concludes, with its evidence: a stable id (<c>tcp.stalled-data</c>, <c>smtp.no-reply-after-data</c>…),
/// severity and confidence, a one-line title, the explanation in plain words, the connections and frames it rests on,
/// what the capture cannot tell, and the next step.
/// </summary>
public sealed class Finding
{
    public required string Id { get; init; }
    public required Severity Severity { get; init; }
    /// <summary>0 to 1: how sure the rule is that this is what happened.</summary>
    public required double Confidence { get; init; }
    public required string Title { get; init; }
    public required string Explanation { get; init; }
    public List<Evidence> Evidence { get; init; } = [];
    /// <summary>"tcp.stream 3: 192.0.2.1:60464 → 198.51.100.7:25" — the connections the finding is about.</summary>
    public List<string> Connections { get; init; } = [];
    public string CannotTell { get; init; } = "";
    public string NextStep { get; init; } = "";
    /// <summary>Where in the capture the finding starts (its first evidence), for ordering findings of equal weight.</summary>
    public long FirstFrame => Evidence.Count > 0 ? Evidence.Min(e => e.Id) : long.MaxValue;
}
