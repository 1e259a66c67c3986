namespace Wirecase.Web;

/// <summary>How `wirecase serve` listens and what it accepts.</summary>
public sealed record ServeOptions
{
    /// <summary>The folder whose captures are listed (and analysed in place).</summary>
    public required string Directory { get; init; }
    /// <summary>Loopback by default: the UI has no authentication.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 8080;
    /// <summary>Uploads larger than this are refused (and what was received is deleted).</summary>
    public long MaxUploadBytes { get; init; } = 2L << 30;
    /// <summary>Finished analyses kept; the oldest (and its uploaded file) goes when a new one starts.</summary>
    public int MaxJobs { get; init; } = 20;
}
