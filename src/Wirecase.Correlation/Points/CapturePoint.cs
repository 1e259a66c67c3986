namespace Wirecase.Correlation.Points;

/// <summary>One vantage point: a name the user knows it by and its files in time order (several for a ring buffer).</summary>
public sealed record CapturePoint(string Name, IReadOnlyList<string> Files)
{
    public override string ToString() => Name;
}

/// <summary>How the points were decided: named by the user, or inferred from the files' times and contents.</summary>
public enum PointSource : byte
{
    Named,
    Inferred,
}

/// <summary>The capture points of a correlation, in the order given or found, and why files were put together.</summary>
public sealed record CapturePointPlan(IReadOnlyList<CapturePoint> Points, PointSource Source, IReadOnlyList<string> Notes)
{
    /// <summary>Each input file's point index, in the order of <see cref="Files"/>.</summary>
    public IReadOnlyList<string> Files => [.. Points.SelectMany(p => p.Files)];

    public int PointOf(string file)
    {
        for (int p = 0; p < Points.Count; p++)
            if (Points[p].Files.Contains(file)) return p;
        return -1;
    }
}
