namespace Wirecase.Capture.Pcapng;

/// <summary>
/// Converts pcapng timestamp ticks to nanoseconds since 1970 for one interface: if_tsresol is a power of 10 (bit 7
/// clear) or of 2 (bit 7 set); if_tsoffset adds whole seconds. Values that do not fit saturate.
/// </summary>
internal readonly struct TimestampScale
{
    private readonly ulong _multiplier;     // ns per tick when the resolution is 1 ns or coarser (power of 10)
    private readonly ulong _divisor;        // ticks per ns when the resolution is finer than 1 ns (power of 10)
    private readonly int _binaryExponent;   // > 0: resolution 2^-exp s
    private readonly long _offsetNs;

    public TimestampScale(byte? tsresol, long offsetSeconds)
    {
        _multiplier = 0;
        _divisor = 0;
        _binaryExponent = 0;
        byte r = tsresol ?? 6;
        if ((r & 0x80) != 0)
        {
            _binaryExponent = Math.Max(1, Math.Min(r & 0x7F, 127));
        }
        else if (r <= 9)
        {
            _multiplier = Pow10(9 - r);
        }
        else
        {
            _divisor = r - 9 >= 20 ? ulong.MaxValue : Pow10(r - 9);
        }
        _offsetNs = SaturatingMultiply(offsetSeconds, 1_000_000_000L);
    }

    /// <summary>Ticks per second, for display (saturates at ulong.MaxValue).</summary>
    public static ulong TicksPerSecond(byte? tsresol)
    {
        byte r = tsresol ?? 6;
        if ((r & 0x80) != 0) return (r & 0x7F) >= 64 ? ulong.MaxValue : 1UL << (r & 0x7F);
        return r >= 20 ? ulong.MaxValue : Pow10(r);
    }

    /// <summary>Converts ticks; <paramref name="saturated"/> tells when the time lies beyond what 64-bit nanoseconds
    /// since 1970 can hold (after the year 2262).</summary>
    public long ToNanoseconds(ulong ticks, out bool saturated)
    {
        long v = ToNanoseconds(ticks);
        saturated = v == long.MaxValue || v == long.MinValue;
        return v;
    }

    public long ToNanoseconds(ulong ticks)
    {
        UInt128 ns;
        if (_binaryExponent > 0)
            ns = _binaryExponent >= 128 ? 0 : ((UInt128)ticks * 1_000_000_000UL) >> _binaryExponent;
        else if (_multiplier != 0)
            ns = (UInt128)ticks * _multiplier;
        else
            ns = ticks / _divisor;
        long value = ns > (UInt128)long.MaxValue ? long.MaxValue : (long)ns;
        return SaturatingAdd(value, _offsetNs);
    }

    private static ulong Pow10(int exponent)
    {
        ulong v = 1;
        for (int i = 0; i < exponent; i++) v *= 10;
        return v;
    }

    private static long SaturatingMultiply(long a, long b)
    {
        Int128 p = (Int128)a * b;
        return p > long.MaxValue ? long.MaxValue : p < long.MinValue ? long.MinValue : (long)p;
    }

    private static long SaturatingAdd(long a, long b)
    {
        long s = unchecked(a + b);
        if (((a ^ s) & (b ^ s)) < 0) return a > 0 ? long.MaxValue : long.MinValue;
        return s;
    }
}
