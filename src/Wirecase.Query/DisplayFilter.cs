using Wirecase.Query.Evaluation;
using Wirecase.Query.Fields;
using Wirecase.Query.Syntax;

namespace Wirecase.Query;

/// <summary>
/// A Wireshark-style display filter compiled once into a predicate over frames (<c>tcp.port == 25 and not
/// tcp.analysis.retransmission</c>). <see cref="Needs"/> says what the reader must compute for the fields the filter
/// names; fields it does not name cost nothing. One instance is not for use by several threads at once.
/// </summary>
public sealed class DisplayFilter
{
    private readonly FrameTest _test;

    private DisplayFilter(string text, FrameTest test, FieldNeeds needs, IReadOnlyCollection<string> fields)
    {
        Text = text;
        _test = test;
        Needs = needs;
        Fields = fields;
    }

    public string Text { get; }
    public FieldNeeds Needs { get; }
    public IReadOnlyCollection<string> Fields { get; }

    /// <summary>Parses and compiles; throws <see cref="FilterException"/> with the position and a suggestion.</summary>
    public static DisplayFilter Compile(string text)
    {
        var node = Parser.Parse(text);
        var compiler = new Compiler();
        var test = compiler.Compile(node);
        return new DisplayFilter(text, test, compiler.Needs, compiler.FieldsUsed);
    }

    public bool Matches(in FrameView frame) => _test(frame);
}
