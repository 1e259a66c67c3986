namespace Wirecase.Cli.Output.Sessions;

/// <summary>Nanosecond values as the seconds the session tables show.</summary>
internal static class Times
{
    public static double? Seconds(long? ns) => ns is { } v ? v / 1e9 : null;
    public static double Relative(long ns, long firstNs) => (ns - firstNs) / 1e9;
}
