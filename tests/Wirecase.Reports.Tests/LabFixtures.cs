namespace Wirecase.Reports.Tests;

/// <summary>The lab's committed captures (lab/fixtures), one scenario per folder, found above the test binary.</summary>
internal static class LabFixtures
{
    public static string Root { get; } = Find();

    public static IEnumerable<string> Scenarios => Directory.GetDirectories(Root).Select(Path.GetFileName).Order()!;

    /// <summary>The scenario's capture files (every point; pcap, pcapng, compressed or not), in name order.</summary>
    public static string[] Captures(string scenario) =>
        [.. Directory.GetFiles(Path.Combine(Root, scenario)).Where(f => Path.GetFileName(f).Contains(".pcap", StringComparison.Ordinal)).Order()];

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "lab", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("lab/fixtures not found above " + AppContext.BaseDirectory);
    }
}
