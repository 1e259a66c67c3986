using Wirecase.Capture;
using Wirecase.TestKit;

namespace Wirecase.Correlation.Tests;

/// <summary>Lab fixtures, and copies of them with another clock, written to a temporary folder.</summary>
internal static class Captures
{
    public static string Root { get; } = FindRoot();

    public static string Lab(string scenario, string file) => Path.Combine(Root, "lab", "fixtures", scenario, file);

    /// <summary>A copy of a capture whose clock is off by <paramref name="offsetSeconds"/> and runs fast by
    /// <paramref name="driftPpm"/> (what a capture host without NTP gives).</summary>
    public static string Reclocked(string path, double offsetSeconds, double driftPpm, string name)
    {
        var writer = new PcapWriter(nanoseconds: true);
        using (var reader = CaptureFile.Open(path))
        {
            long? first = null;
            while (reader.MoveNext())
            {
                var f = reader.Current;
                long t = reader.CurrentTimestampNs;
                first ??= t;
                long moved = t + (long)(offsetSeconds * 1e9) + (long)((t - first.Value) * driftPpm * 1e-6);
                writer.Add(moved, f.Data, f.OriginalLength);
            }
        }
        string dir = Path.Combine(Path.GetTempPath(), "wirecase-correlation-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string output = Path.Combine(dir, name);
        File.WriteAllBytes(output, writer.ToArray());
        return output;
    }

    /// <summary>Writes built frames (timestamp in µs, Ethernet frame) as a pcap file.</summary>
    public static string Write(string name, IEnumerable<(long Micros, byte[] Frame)> frames)
    {
        var writer = new PcapWriter(nanoseconds: true);
        foreach (var (us, frame) in frames) writer.Add(1_800_000_000_000_000_000L + us * 1000, frame);
        string dir = Path.Combine(Path.GetTempPath(), "wirecase-correlation-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string output = Path.Combine(dir, name);
        File.WriteAllBytes(output, writer.ToArray());
        return output;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wirecase.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
