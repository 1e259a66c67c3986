namespace Wirecase.Query.Syntax;

/// <summary>The parsed filter: logic over tests of fields.</summary>
internal abstract record FilterNode(int Position);

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode(Left.Position);

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode(Left.Position);

internal sealed record NotNode(FilterNode Inner, int At) : FilterNode(At);

/// <summary>A bare field or protocol: true when the frame has it.</summary>
internal sealed record ExistsNode(Operand Field) : FilterNode(Field.Position);

internal sealed record CompareNode(Operand Field, string Relation, Operand Value, int RelationAt) : FilterNode(Field.Position);

internal sealed record InNode(Operand Field, IReadOnlyList<(Operand Low, Operand? High)> Items, int RelationAt) : FilterNode(Field.Position);

/// <summary>A byte range of a field: [start:length], [start-end], [start:] or [n].</summary>
internal sealed record Slice(int Start, int? Length);

/// <summary>A word (field name or unquoted literal) or a quoted string, with an optional slice.</summary>
internal sealed record Operand(string Text, bool Quoted, int Position, Slice? Slice = null)
{
    public int Length => Math.Max(1, Text.Length + (Quoted ? 2 : 0));
}
