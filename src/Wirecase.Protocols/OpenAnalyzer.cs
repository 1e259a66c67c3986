using Wirecase.Flows;
using Wirecase.Flows.Reassembly;

namespace Wirecase.Protocols;

/// <summary>An analyzer while its connection is open: it knows its slot in the application layer's list of open
/// analyzers, so closing it is a store, not a search or a hash of the object. Forwards every member of the sink
/// (including those with default bodies).</summary>
internal sealed class OpenAnalyzer(IStreamAnalyzer inner, int slot) : IStreamAnalyzer
{
    public IStreamAnalyzer Inner { get; } = inner;
    public int Slot { get; set; } = slot;

    public ProtocolKind Kind => Inner.Kind;
    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data) => Inner.OnData(fromOriginator, frame, streamOffset, data);
    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason) => Inner.OnGap(fromOriginator, frame, streamOffset, length, reason);
    public void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how) => Inner.OnEnd(fromOriginator, frame, how);
    public bool WantsData => Inner.WantsData;
    public void Finish(FrameTime end) => Inner.Finish(end);
}
