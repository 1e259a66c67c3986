namespace Wirecase.Correlation.Points;

/// <summary>
/// Decides which files are one capture point. Files named by the user (<c>--point fw-in=a.pcap,b.pcap</c>) are taken
/// as given. Otherwise files that hold the same segments are different points (the same traffic seen at two places),
/// and a file that shares no segment with a point's files and starts after all of them ended continues that point (a
/// ring buffer). Times alone cannot decide: a capture whose clock is off by more than its length looks like the next
/// file of a ring buffer, and only its contents show that it saw the same packets.
/// </summary>
public static class CapturePointPlanner
{
    /// <summary>A point named by the user and its files.</summary>
    public sealed record NamedPoint(string Name, IReadOnlyList<string> Files);

    public static CapturePointPlan Plan(IReadOnlyList<string> files, IReadOnlyList<NamedPoint>? named = null)
    {
        var notes = new List<string>();
        if (named is { Count: > 0 })
        {
            var points = named.Select(n => new CapturePoint(n.Name, n.Files)).ToList();
            var unnamed = files.Where(f => !points.Any(p => p.Files.Contains(f))).ToList();
            if (unnamed.Count > 0)
            {
                var rest = Plan(unnamed);
                points.AddRange(rest.Points.Select(p => p with { Name = Unique(p.Name, points) }));
            }
            return new CapturePointPlan(points, PointSource.Named, notes);
        }

        var samples = files.Select(FileSample.Read).ToList();
        // Files that hold the same segments as another are simultaneous views; the others may be continuations.
        var shares = new bool[samples.Count, samples.Count];
        for (int i = 0; i < samples.Count; i++)
            for (int j = i + 1; j < samples.Count; j++)
                shares[i, j] = shares[j, i] = samples[i].Shared(samples[j]) > 0;
        var order = Enumerable.Range(0, samples.Count).OrderBy(i => samples[i].HasTimes ? samples[i].FirstNs : long.MaxValue).ToList();
        var groups = new List<List<int>>();
        foreach (int f in order)
        {
            int best = -1;
            long bestEnd = long.MinValue;
            for (int g = 0; g < groups.Count; g++)
            {
                if (groups[g].Any(o => shares[f, o])) continue;
                int last = groups[g][^1];
                samples[last].ReadToEnd();
                if (!samples[last].HasTimes || !samples[f].HasTimes || samples[last].LastNs > samples[f].FirstNs) continue;
                if (samples[last].LastNs >= bestEnd)
                {
                    best = g;
                    bestEnd = samples[last].LastNs;
                }
            }
            if (best < 0)
            {
                groups.Add([f]);
            }
            else
            {
                groups[best].Add(f);
                notes.Add($"{Path.GetFileName(files[f])} follows {Path.GetFileName(files[groups[best][^2]])} in time and shares no packet with it: one capture point");
            }
        }
        // Points in the order their first file was given.
        groups.Sort((a, b) => a.Min().CompareTo(b.Min()));
        var result = new List<CapturePoint>();
        foreach (var g in groups)
            result.Add(new CapturePoint(Unique(NameOf(g.Select(i => files[i]).ToList()), result), [.. g.Select(i => files[i])]));
        return new CapturePointPlan(result, PointSource.Inferred, notes);
    }

    /// <summary>A point's name: its file's name without the extension; for a ring buffer, the part its names share.</summary>
    public static string NameOf(IReadOnlyList<string> files)
    {
        var names = files.Select(f => StripExtensions(Path.GetFileName(f))).ToList();
        if (names.Count == 1) return names[0];
        string prefix = names[0];
        foreach (var n in names.Skip(1))
        {
            int k = 0;
            while (k < prefix.Length && k < n.Length && prefix[k] == n[k]) k++;
            prefix = prefix[..k];
        }
        prefix = prefix.TrimEnd('_', '-', '.', '0');
        return prefix.Length > 0 ? prefix : names[0];
    }

    private static string StripExtensions(string name)
    {
        foreach (var ext in new[] { ".gz", ".zst", ".pcapng", ".pcap", ".cap", ".ntar", ".dmp" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
        return name;
    }

    private static string Unique(string name, IReadOnlyList<CapturePoint> taken)
    {
        string candidate = name;
        for (int i = 2; taken.Any(p => p.Name == candidate); i++) candidate = $"{name}-{i}";
        return candidate;
    }
}
