using System.Globalization;

namespace Wirecase.Cli.Output;

/// <summary>
/// A one-line progress bar on stderr, redrawn five times a second from a timer, shown only on a terminal and only
/// when the work lasts longer than half a second. The reading thread only publishes counters (no locks, no output).
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _error;
    private readonly Func<(long Done, long Total, long Frames)> _read;
    private readonly Timer _timer;
    private readonly DateTime _start = DateTime.UtcNow;
    private readonly Lock _lock = new();
    private bool _drawn;
    private bool _disposed;

    public ProgressBar(TextWriter error, Func<(long Done, long Total, long Frames)> read)
    {
        _error = error;
        _read = read;
        _timer = new Timer(_ => Draw(), null, 500, 200);
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (_disposed) return;
            var (done, total, frames) = _read();
            double elapsed = (DateTime.UtcNow - _start).TotalSeconds;
            string frameText = frames.ToString("N0", CultureInfo.InvariantCulture);
            string line;
            if (total > 0)
            {
                double fraction = Math.Clamp((double)done / total, 0, 1);
                int width = 30, filled = (int)(fraction * width);
                line = $"reading [{new string('#', filled)}{new string('.', width - filled)}] {fraction * 100,3:0}%  {Bytes(done)} of {Bytes(total)}  {frameText} frames  {elapsed:0.0}s";
            }
            else
            {
                line = $"reading {Bytes(done)}  {frameText} frames  {elapsed:0.0}s";
            }
            _error.Write("\r" + line + "\u001b[K");
            _error.Flush();
            _drawn = true;
        }
    }

    private static string Bytes(long b) => b switch
    {
        >= 1L << 30 => (b / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (b / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (b / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KiB",
    };

    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
        {
            _disposed = true;
            if (_drawn)
            {
                _error.Write("\r\u001b[K");
                _error.Flush();
            }
        }
    }
}
