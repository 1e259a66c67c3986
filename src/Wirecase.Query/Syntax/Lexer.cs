using System.Text;

namespace Wirecase.Query.Syntax;

/// <summary>Splits a display filter into tokens. Unquoted words (field names, numbers, IPv4/IPv6 addresses with an
/// optional /prefix, MAC addresses, byte strings like 00:11:22) are one token; the parser decides what they are.</summary>
internal static class Lexer
{
    private static readonly Dictionary<string, (TokenKind Kind, string Canonical)> Keywords = new(StringComparer.Ordinal)
    {
        ["and"] = (TokenKind.And, "and"),
        ["or"] = (TokenKind.Or, "or"),
        ["not"] = (TokenKind.Not, "not"),
        ["eq"] = (TokenKind.Relation, "=="),
        ["any_eq"] = (TokenKind.Relation, "=="),
        ["ne"] = (TokenKind.Relation, "!="),
        ["all_ne"] = (TokenKind.Relation, "!="),
        ["any_ne"] = (TokenKind.Relation, "~="),
        ["all_eq"] = (TokenKind.Relation, "==="),
        ["gt"] = (TokenKind.Relation, ">"),
        ["lt"] = (TokenKind.Relation, "<"),
        ["ge"] = (TokenKind.Relation, ">="),
        ["le"] = (TokenKind.Relation, "<="),
        ["contains"] = (TokenKind.Relation, "contains"),
        ["matches"] = (TokenKind.Relation, "matches"),
        ["in"] = (TokenKind.Relation, "in"),
    };

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            switch (c)
            {
                case '(': tokens.Add(new(TokenKind.LeftParen, "(", i++)); continue;
                case ')': tokens.Add(new(TokenKind.RightParen, ")", i++)); continue;
                case '{': tokens.Add(new(TokenKind.LeftBrace, "{", i++)); continue;
                case '}': tokens.Add(new(TokenKind.RightBrace, "}", i++)); continue;
                case '[': tokens.Add(new(TokenKind.LeftBracket, "[", i++)); continue;
                case ']': tokens.Add(new(TokenKind.RightBracket, "]", i++)); continue;
                case ',': tokens.Add(new(TokenKind.Comma, ",", i++)); continue;
                case '"':
                    tokens.Add(new(TokenKind.String, ReadString(text, ref i), start));
                    continue;
            }
            if (Two(text, i, "&&")) { tokens.Add(new(TokenKind.And, "and", i)); i += 2; continue; }
            if (Two(text, i, "||")) { tokens.Add(new(TokenKind.Or, "or", i)); i += 2; continue; }
            if (Two(text, i, "..")) { tokens.Add(new(TokenKind.DotDot, "..", i)); i += 2; continue; }
            if (i + 2 < text.Length && text.AsSpan(i, 3).SequenceEqual("===")) { tokens.Add(new(TokenKind.Relation, "===", i)); i += 3; continue; }
            if (Two(text, i, "==") || Two(text, i, "!=") || Two(text, i, "~=") || Two(text, i, ">=") || Two(text, i, "<="))
            {
                tokens.Add(new(TokenKind.Relation, text.Substring(i, 2), i));
                i += 2;
                continue;
            }
            if (c is '>' or '<') { tokens.Add(new(TokenKind.Relation, c.ToString(), i++)); continue; }
            if (c == '~') { tokens.Add(new(TokenKind.Relation, "matches", i++)); continue; }
            if (c == '!') { tokens.Add(new(TokenKind.Not, "not", i++)); continue; }
            if (c == '=') throw new FilterException("'=' is not an operator", i, 1, "==");
            if (c == '&' || c == '|') throw new FilterException($"'{c}' is not an operator", i, 1, c == '&' ? "&&" : "||");
            if (IsWordChar(c))
            {
                while (i < text.Length && IsWordChar(text[i]))
                {
                    // ".." ends a word (a range such as 1..5); a ':' followed by a digit-less ']' belongs to a slice.
                    if (text[i] == '.' && i + 1 < text.Length && text[i + 1] == '.') break;
                    i++;
                }
                string word = text[start..i];
                if (Keywords.TryGetValue(word, out var keyword)) tokens.Add(new(keyword.Kind, keyword.Canonical, start));
                else tokens.Add(new(TokenKind.Word, word, start));
                continue;
            }
            throw new FilterException($"'{c}' was not expected here", i);
        }
        tokens.Add(new(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static bool Two(string s, int i, string two) => i + 1 < s.Length && s[i] == two[0] && s[i + 1] == two[1];

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '/' or '-';

    private static string ReadString(string text, ref int i)
    {
        int start = i++;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            char c = text[i++];
            if (c == '"') return sb.ToString();
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (i >= text.Length) break;
            char e = text[i++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '0': sb.Append('\0'); break;
                case 'x' when i + 1 < text.Length && byte.TryParse(text.AsSpan(i, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b):
                    sb.Append((char)b);
                    i += 2;
                    break;
                default: sb.Append(e); break;
            }
        }
        throw new FilterException("the string is not closed (a '\"' is missing)", start, text.Length - start);
    }
}
