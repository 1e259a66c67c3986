using Wirecase.Capture;
using Wirecase.Cli.Output;

namespace Wirecase.Cli.Commands;

/// <summary>
/// Opening a set of captures for a command and telling the user, one line each, about files that could not be read
/// and damage that stopped a file early (the frames before it were still used).
/// </summary>
internal sealed class CaptureRun : IDisposable
{
    private readonly CliConsole _console;
    private ProgressBar? _progress;
    private long _frames;

    private CaptureRun(CaptureSet set, CliConsole console)
    {
        Set = set;
        _console = console;
    }

    public CaptureSet Set { get; }

    /// <summary>Opens the files; on total failure writes the errors and returns null.</summary>
    public static CaptureRun? Open(IReadOnlyList<string> files, CliConsole console)
    {
        try
        {
            var set = CaptureSet.Open(files);
            foreach (var e in set.OpenErrors) console.Error.WriteLine($"wirecase: {e.Message}");
            return new CaptureRun(set, console);
        }
        catch (CaptureException e)
        {
            console.Error.WriteLine($"wirecase: {e.Message}");
            if (files.Count > 1) console.Error.WriteLine("wirecase: none of the files could be read");
            return null;
        }
    }

    public void StartProgress()
    {
        if (!_console.ShowProgress) return;
        long total = Set.TotalFileSize;
        _progress = new ProgressBar(_console.Error, () => (Set.BytesReadFromDisk, total, Interlocked.Read(ref _frames)));
    }

    /// <summary>Called per frame by the command loop (cheap).</summary>
    public void CountFrame()
    {
        if (_progress is not null) Interlocked.Increment(ref _frames);
    }

    /// <summary>Writes damage and warnings; returns the exit code: failure only when nothing useful was read.</summary>
    public int Finish()
    {
        _progress?.Dispose();
        _progress = null;
        long frames = 0;
        foreach (var r in Set.Readers)
        {
            frames += r.FramesRead;
            foreach (var w in r.Warnings) _console.Error.WriteLine($"wirecase: warning: {r.FileName}: {w}");
            if (r.WarningCount > r.Warnings.Count)
                _console.Error.WriteLine($"wirecase: warning: {r.FileName}: {r.WarningCount - r.Warnings.Count} more warnings");
            if (r.Damage is { } d)
                _console.Error.WriteLine($"wirecase: {d} ({r.FramesRead} frame(s) before it were read)");
        }
        _console.Error.Flush();
        bool damaged = Set.Readers.Any(r => r.Damage is not null) || Set.OpenErrors.Count > 0;
        return frames == 0 && damaged ? ExitCodes.NothingRead : ExitCodes.Success;
    }

    public void Dispose()
    {
        _progress?.Dispose();
        Set.Dispose();
    }
}
