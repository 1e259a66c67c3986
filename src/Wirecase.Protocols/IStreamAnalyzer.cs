using Wirecase.Flows;
using Wirecase.Flows.Reassembly;

namespace Wirecase.Protocols;

/// <summary>An analyzer of one TCP connection's application stream. It never throws and never buffers without bound:
/// what it cannot parse becomes a <see cref="ProtocolNote"/> and it resynchronises where the protocol allows.</summary>
public interface IStreamAnalyzer : IStreamSink
{
    ProtocolKind Kind { get; }

    /// <summary>The capture ended at <paramref name="end"/>: record what is still waiting for an answer.</summary>
    void Finish(FrameTime end);
}
