namespace Wirecase.Packets;

/// <summary>A TCP sequence number; arithmetic is modulo 2^32 (RFC 9293 §3.4, RFC 1982). Never compare raw values.</summary>
public readonly record struct SeqNumber(uint Value)
{
    /// <summary>Signed distance to <paramref name="other"/>: positive when other is later.</summary>
    public int DistanceTo(SeqNumber other) => unchecked((int)(other.Value - Value));

    public SeqNumber Add(long bytes) => new(unchecked(Value + (uint)bytes));

    public static bool operator <(SeqNumber a, SeqNumber b) => a.DistanceTo(b) > 0;
    public static bool operator >(SeqNumber a, SeqNumber b) => b < a;
    public static bool operator <=(SeqNumber a, SeqNumber b) => a.DistanceTo(b) >= 0;
    public static bool operator >=(SeqNumber a, SeqNumber b) => b <= a;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
