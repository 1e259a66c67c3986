using Wirecase.Capture;

namespace Wirecase.Query.Evaluation;

/// <summary>
/// Wireshark's frame.time_relative and frame.time_delta for frames met in order: since the first frame with a
/// timestamp, and since the previous one. Call <see cref="View"/> for every frame, also those not tested.
/// </summary>
public struct FrameClock
{
    private long? _firstNs;
    private long _previousNs;

    /// <summary>The filter's view of <paramref name="frame"/> with its times; the caller adds the packet, the TCP
    /// analysis and what else it knows.</summary>
    public FrameView View(in CaptureFrame frame)
    {
        long relative = 0, delta = 0;
        if (frame.HasTimestamp)
        {
            _firstNs ??= frame.TimestampNs;
            relative = frame.TimestampNs - _firstNs.Value;
            delta = _previousNs == 0 ? 0 : frame.TimestampNs - _previousNs;
            _previousNs = frame.TimestampNs;
        }
        return new FrameView
        {
            Data = frame.Data,
            Number = frame.Number,
            HasTimestamp = frame.HasTimestamp,
            TimestampNs = frame.TimestampNs,
            RelativeNs = relative,
            DeltaNs = delta,
            OriginalLength = frame.OriginalLength,
            InterfaceId = frame.Interface?.IdInSection ?? 0,
            Comment = frame.Comment,
            QuotedTcpStream = -1,
        };
    }
}
