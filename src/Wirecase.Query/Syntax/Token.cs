namespace Wirecase.Query.Syntax;

internal enum TokenKind
{
    /// <summary>A field name or an unquoted literal (number, address, byte string): what it is depends on context.</summary>
    Word,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    DotDot,
    Minus,
    And,
    Or,
    Not,
    /// <summary>A comparison: ==, !=, ~=, ===, &gt;, &lt;, &gt;=, &lt;=, contains, matches, in (and their word forms).</summary>
    Relation,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public int Length => Math.Max(1, Text.Length);
}
