using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

/// <summary>Writes a field's occurrences in the frame into the buffer and returns how many there are (0: absent).</summary>
public delegate int FieldExtractor(in FrameView frame, FieldValue[] into);

/// <summary>What a filter needs the reader to compute before it can test a frame.</summary>
[Flags]
public enum FieldNeeds
{
    None = 0,
    /// <summary>The TCP analysis (stream index, relative numbers, tcp.analysis.*): a flow tracker over the frames.</summary>
    TcpAnalysis = 1,
    /// <summary>The application analyzers' view of each frame.</summary>
    Application = 2,
    /// <summary>The findings of a diagnosis (a first pass over the capture).</summary>
    Findings = 4,
    /// <summary>How each TCP connection ended (a first pass over the capture).</summary>
    ConnectionState = 8,
}

public sealed record FieldDefinition(string Name, FieldType Type, string Description, FieldExtractor Extract, FieldNeeds Needs = FieldNeeds.None);
