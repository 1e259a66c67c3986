using Wirecase.Capture;
using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Points;
using Wirecase.Correlation.Results;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Flows.Pipeline;

namespace Wirecase.Correlation;

/// <summary>
/// One correlation fed frame by frame by whoever reads the captures: <see cref="Correlator"/> on its own, or the
/// analysis, which reads the points once and hands each TCP segment its flow stage already judged. The reader calls
/// <see cref="Prepare"/> on its set before reading (it fixes the points and the merge order from a first clock guess),
/// then <see cref="Frame"/> per packet and <see cref="Segment"/> per TCP segment, then <see cref="Finish"/>.
/// </summary>
public sealed class CorrelationSession
{
    private readonly CapturePointPlan _plan;
    private readonly CorrelationOptions _options;
    private readonly long[] _shift;
    private readonly SegmentOutcomes _outcomes;
    private readonly SegmentMatcher _matcher;
    private readonly long[] _frames;
    private readonly long[] _segments;

    public CorrelationSession(CapturePointPlan plan, CorrelationOptions? options = null)
    {
        if (plan.Points.Count < 2) throw new ArgumentException("correlation needs at least two capture points", nameof(plan));
        _plan = plan;
        _options = options ?? new CorrelationOptions();
        int points = plan.Points.Count;
        _shift = RoughClock.Offsets(plan);
        _outcomes = new SegmentOutcomes(points);
        _matcher = new SegmentMatcher(points, _options.WindowNs, _shift, _outcomes);
        _frames = new long[points];
        _segments = new long[points];
    }

    public CapturePointPlan Plan => _plan;

    /// <summary>Fixes the set's points to the plan's and shifts each file's merge order by its point's first clock
    /// guess, so that the copies of a packet arrive close together. The set must hold exactly the plan's files (in any
    /// order); returns false, changing nothing, when it does not.</summary>
    public bool Prepare(CaptureSet set)
    {
        var pointOfFile = new List<int>(set.Readers.Count);
        foreach (var r in set.Readers)
        {
            int point = -1;
            for (int p = 0; p < _plan.Points.Count && point < 0; p++)
                if (_plan.Points[p].Files.Any(f => SameFile(f, r.FileName))) point = p;
            if (point < 0) return false;
            pointOfFile.Add(point);
        }
        if (pointOfFile.Count != _plan.Points.Sum(p => p.Files.Count)) return false;
        set.AssignPoints(pointOfFile, [.. pointOfFile.Select(p => _shift[p])]);
        return true;
    }

    /// <summary>Every packet frame of a point (for the clock bounds and the point's counts).</summary>
    public void Frame(int point, long timestampNs, in DecodedPacket packet)
    {
        _frames[point]++;
        _matcher.NoteFrame(point, timestampNs, packet);
    }

    /// <summary>A TCP segment as the point's flow stage judged it.</summary>
    public void Segment(in DecodedFrame frame, ReadOnlySpan<byte> payload, in TcpSegmentAnalysis analysis, TcpConnection connection)
    {
        _segments[frame.Point]++;
        _matcher.AddSegment(frame, payload, analysis, connection);
    }

    public CorrelationResult Finish(IReadOnlyList<CaptureDamage> damages)
    {
        _matcher.Finish();
        return ResultBuilder.Build(_plan, _options, _matcher, _outcomes, _frames, _segments, damages);
    }

    private static bool SameFile(string a, string b) =>
        a == b || string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
