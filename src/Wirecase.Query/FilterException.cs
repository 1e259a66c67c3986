namespace Wirecase.Query;

/// <summary>A display filter that does not parse or does not make sense: where (0-based character position), what,
/// and a suggestion when one is likely (<c>"tcp.prot" is not a field — did you mean tcp.port?</c>).</summary>
public sealed class FilterException(string message, int position, int length = 1, string? suggestion = null) : Exception(message)
{
    public int Position { get; } = position;
    public int Length { get; } = Math.Max(1, length);
    public string? Suggestion { get; } = suggestion;

    /// <summary>The filter with a caret line under the offending part, then the message (and suggestion).</summary>
    public string Describe(string filter)
    {
        int at = Math.Clamp(Position, 0, filter.Length);
        string caret = new string(' ', at) + new string('^', Math.Min(Length, Math.Max(1, filter.Length - at)));
        return $"{Message}{(Suggestion is null ? "" : $" — did you mean {Suggestion}?")}\n    {filter}\n    {caret}";
    }
}
