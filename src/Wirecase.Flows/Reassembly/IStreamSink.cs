namespace Wirecase.Flows.Reassembly;

/// <summary>Receives one connection's payload in order, each direction separately, with explicit gaps.</summary>
public interface IStreamSink
{
    /// <summary>In-order bytes of one direction, with the frame that carried them (data held back out of order keeps its
    /// own frame). <paramref name="data"/> is valid only during the call.</summary>
    void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data);

    /// <summary>Bytes the capture does not hold (lost, not captured, or dropped over a memory limit).</summary>
    void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason);

    /// <summary>The sender of one direction closed it (FIN) or reset the connection (RST), after its data above.</summary>
    void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how) { }

    /// <summary>False once the sink has no use for more payload (a protocol nobody follows): the reassembler then stops
    /// buffering and ordering it (its counts of delivered bytes and gaps stop with it).</summary>
    bool WantsData => true;
}

/// <summary>How a direction of a TCP stream ended.</summary>
public enum StreamEnd : byte
{
    Fin,
    Reset,
}

public enum GapReason : byte
{
    /// <summary>The peer acknowledged data that was never captured.</summary>
    AckedButNotCaptured,
    /// <summary>The connection ended (or the capture did) with a hole before buffered data.</summary>
    EndOfStream,
    /// <summary>More out-of-order data than the limit allows was waiting: the hole was skipped.</summary>
    BufferLimit,
    /// <summary>The frame was cut by the capture's snaplen.</summary>
    Truncated,
}
