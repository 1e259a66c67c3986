namespace Wirecase.Query.Syntax;

/// <summary>
/// Recursive descent over the tokens with Wireshark's precedence: <c>not</c> binds tightest, then <c>and</c>, then
/// <c>or</c>; parentheses group. A test is a field alone (does the frame have it?), a field compared with a value or
/// another field, or a field <c>in {…}</c> (members separated by spaces or commas, ranges as <c>low..high</c>).
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _at;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static FilterNode Parse(string text)
    {
        var tokens = Lexer.Tokenize(text);
        if (tokens.Count == 1) throw new FilterException("the filter is empty", 0);
        var parser = new Parser(tokens);
        var node = parser.Or();
        var rest = parser.Peek;
        if (rest.Kind != TokenKind.End)
            throw rest.Kind == TokenKind.RightParen
                ? new FilterException("this ')' has no '(' before it", rest.Position)
                : new FilterException($"expected 'and', 'or' or the end of the filter, found '{rest.Text}'", rest.Position, rest.Length);
        return node;
    }

    private Token Peek => _tokens[_at];
    private Token Next() => _tokens[_at++];

    private FilterNode Or()
    {
        var left = And();
        while (Peek.Kind == TokenKind.Or)
        {
            Next();
            left = new OrNode(left, And());
        }
        return left;
    }

    private FilterNode And()
    {
        var left = Unary();
        while (Peek.Kind == TokenKind.And)
        {
            Next();
            left = new AndNode(left, Unary());
        }
        return left;
    }

    private FilterNode Unary()
    {
        if (Peek.Kind == TokenKind.Not)
        {
            var not = Next();
            return new NotNode(Unary(), not.Position);
        }
        if (Peek.Kind == TokenKind.LeftParen)
        {
            var open = Next();
            var inner = Or();
            if (Peek.Kind != TokenKind.RightParen)
                throw new FilterException($"the '(' at {open.Position + 1} is not closed: expected ')', found {Describe(Peek)}", Peek.Position, Peek.Length);
            Next();
            return inner;
        }
        return Test();
    }

    private FilterNode Test()
    {
        var t = Peek;
        if (t.Kind is not (TokenKind.Word or TokenKind.String))
            throw new FilterException($"expected a field, a protocol or '(', found {Describe(t)}", t.Position, t.Length);
        var field = Operand();
        if (Peek.Kind != TokenKind.Relation) return new ExistsNode(field);
        var relation = Next();
        if (relation.Text == "in")
        {
            if (Peek.Kind != TokenKind.LeftBrace)
                throw new FilterException($"'in' needs a set such as {{80 443 8000..8080}}, found {Describe(Peek)}", Peek.Position, Peek.Length);
            Next();
            var items = new List<(Operand, Operand?)>();
            while (Peek.Kind != TokenKind.RightBrace)
            {
                if (Peek.Kind == TokenKind.Comma && items.Count > 0)
                {
                    Next();
                    continue;
                }
                if (Peek.Kind is not (TokenKind.Word or TokenKind.String))
                    throw new FilterException($"expected a value or '}}' in the set, found {Describe(Peek)}", Peek.Position, Peek.Length);
                var low = Operand();
                Operand? high = null;
                if (Peek.Kind == TokenKind.DotDot)
                {
                    Next();
                    if (Peek.Kind is not (TokenKind.Word or TokenKind.String))
                        throw new FilterException($"expected the end of the range after '..', found {Describe(Peek)}", Peek.Position, Peek.Length);
                    high = Operand();
                }
                items.Add((low, high));
            }
            Next();
            if (items.Count == 0) throw new FilterException("the set is empty", relation.Position);
            return new InNode(field, items, relation.Position);
        }
        if (Peek.Kind is not (TokenKind.Word or TokenKind.String))
            throw new FilterException($"expected a value after '{relation.Text}', found {Describe(Peek)}", Peek.Position, Peek.Length);
        return new CompareNode(field, relation.Text, Operand(), relation.Position);
    }

    private Operand Operand()
    {
        var t = Next();
        Slice? slice = null;
        if (t.Kind == TokenKind.Word && Peek.Kind == TokenKind.LeftBracket)
        {
            var open = Next();
            var spec = Peek.Kind == TokenKind.Word ? Next() : throw new FilterException("expected a byte range such as [0:3] or [2]", open.Position);
            if (Peek.Kind != TokenKind.RightBracket) throw new FilterException($"expected ']' to close the byte range, found {Describe(Peek)}", Peek.Position);
            Next();
            slice = ParseSlice(spec);
        }
        return new Operand(t.Text, t.Kind == TokenKind.String, t.Position, slice);
    }

    private static Slice ParseSlice(Token spec)
    {
        string s = spec.Text;
        int colon = s.IndexOf(':');
        int dash = s.IndexOf('-', 1);
        try
        {
            if (colon >= 0)
            {
                int start = int.Parse(s[..colon]);
                return new Slice(start, colon == s.Length - 1 ? null : int.Parse(s[(colon + 1)..]));
            }
            if (dash > 0)
            {
                int start = int.Parse(s[..dash]);
                int end = int.Parse(s[(dash + 1)..]);
                if (end < start) throw new FormatException();
                return new Slice(start, end - start + 1);
            }
            return new Slice(int.Parse(s), 1);
        }
        catch (FormatException)
        {
            throw new FilterException($"'{s}' is not a byte range (use [start:length], [start-end], [start:] or [n])", spec.Position, spec.Length);
        }
        catch (OverflowException)
        {
            throw new FilterException($"'{s}' is not a byte range", spec.Position, spec.Length);
        }
    }

    private static string Describe(Token t) => t.Kind == TokenKind.End ? "the end of the filter" : $"'{t.Text}'";
}
