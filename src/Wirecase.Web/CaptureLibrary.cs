namespace Wirecase.Web;

public sealed record CaptureFileInfo(string Name, long Size, DateTime Modified);

/// <summary>The capture files of the served folder (not its subfolders), by name only: a name from a request is looked
/// up in the listing, never joined to a path, so nothing outside the folder can be reached.</summary>
public sealed class CaptureLibrary(string directory)
{
    private static readonly string[] Endings = [".pcap", ".pcapng", ".cap", ".ntar", ".pcap.gz", ".pcapng.gz", ".pcap.zst", ".pcapng.zst", ".gz", ".zst"];

    public IReadOnlyList<CaptureFileInfo> Captures()
    {
        if (!Directory.Exists(directory)) return [];
        return [.. new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => Endings.Any(e => f.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new CaptureFileInfo(f.Name, f.Length, f.LastWriteTimeUtc))];
    }

    /// <summary>The full path of a listed capture, or null.</summary>
    public string? Resolve(string name) =>
        Captures().Any(c => c.Name == name) ? Path.Combine(directory, name) : null;
}
