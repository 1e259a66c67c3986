namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>tshark's per-frame reference (reference/FILE.frames.tsv): a header row of field names, one row a frame.</summary>
public sealed class ReferenceFrames
{
    private readonly Dictionary<string, int> _columns;

    private ReferenceFrames(string[] header, List<string[]> rows)
    {
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        Rows = rows;
    }

    public List<string[]> Rows { get; }

    public string Get(string[] row, string field) =>
        _columns.TryGetValue(field, out int i) && i < row.Length ? row[i] : "";

    public static ReferenceFrames? Load(CorpusEntry entry)
    {
        string path = entry.ReferencePath("frames.tsv");
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        return new ReferenceFrames(header, rows);
    }

    /// <summary>tshark's error message when it could not read the file, or null.</summary>
    public static string? Error(CorpusEntry entry)
    {
        string path = entry.ReferencePath("frames.error.txt");
        if (!File.Exists(path)) return null;
        return string.Join(" ", File.ReadAllLines(path).Where(l => !l.Contains("Running as user", StringComparison.Ordinal) && !l.StartsWith("exit", StringComparison.Ordinal) && !l.StartsWith("command", StringComparison.Ordinal))).Trim();
    }
}
