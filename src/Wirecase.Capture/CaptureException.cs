using System.Diagnostics;

namespace Wirecase.Capture;

/// <summary>
/// The one documented error type of capture reading: the file cannot be opened or read at all (unknown format, empty,
/// a directory, no permission, a damaged header). Damage after the first frames is not thrown: the reader stops and
/// reports it in <see cref="CaptureReader.Damage"/>, keeping the frames before it.
/// </summary>
public sealed class CaptureException : Exception
{
    public CaptureException(string file, long? offset, string problem)
        : base(Format(file, offset, problem))
    {
        File = file;
        Offset = offset;
        Problem = problem;
    }

    public CaptureException() : this("(unknown)", null, "capture error") { }
    public CaptureException(string message) : this("(unknown)", null, message) { }
    public CaptureException(string message, Exception inner) : base(message, inner)
    {
        File = "(unknown)";
        Problem = message;
    }

    public string File { get; }
    public long? Offset { get; }
    public string Problem { get; }

    internal static string Format(string file, long? offset, string problem) =>
        offset is { } o ? $"{file}: at byte {o}: {problem}" : $"{file}: {problem}";

    [StackTraceHidden]
    internal static CaptureException At(string file, long offset, string problem) => new(file, offset, problem);
}

/// <summary>Where and why a reader stopped before the end of its file. Frames before it were delivered.</summary>
public sealed record CaptureDamage(string File, long Offset, string Problem)
{
    public override string ToString() => CaptureException.Format(File, Offset, Problem);
}
