namespace Wirecase.Cli;

/// <summary>Standard output is a terminal this wide; colour unless the user said no (--no-color, NO_COLOR).</summary>
public sealed record TerminalOutput(int Width, bool Color);

/// <summary>Where a command writes: results to <see cref="Out"/> (a byte stream, for fast UTF-8 output), messages
/// and progress to <see cref="Error"/>. Tests pass memory streams.</summary>
public sealed class CliConsole(Stream output, TextWriter error, bool stderrIsTerminal, TerminalOutput? terminal = null)
{
    private readonly bool _stderrIsTerminal = stderrIsTerminal;

    public Stream Out { get; } = output;
    public TextWriter Error { get; } = error;
    /// <summary>Set when standard output is a terminal: tables are laid out to its width (and coloured). Null for a
    /// pipe or a file, which get plain text with nothing decorative.</summary>
    public TerminalOutput? Terminal { get; } = terminal;

    /// <summary>The same console without colour.</summary>
    public CliConsole WithoutColor() => Terminal is null ? this : new(Out, Error, _stderrIsTerminal, Terminal with { Color = false });
    /// <summary>Progress bars are drawn only on a terminal, never into a pipe or a file.</summary>
    public bool ShowProgress { get; } = stderrIsTerminal && Environment.GetEnvironmentVariable("WIRECASE_NO_PROGRESS") is null;

    /// <summary>Writes nowhere: for first passes whose messages the main pass gives anyway.</summary>
    public static CliConsole Quiet => new(Stream.Null, TextWriter.Null, false);

    /// <summary>A 64 KiB buffer over <see cref="Out"/> for JSON writers; the caller disposes it to flush.</summary>
    public Stream OpenBuffered() => new BufferedStream(new NonClosingStream(Out), 1 << 16);

    /// <summary>A buffered UTF-8 (no BOM) text writer over <see cref="Out"/>; the caller disposes it to flush.</summary>
    public StreamWriter OpenText() => new(Out, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
}

/// <summary>Exit codes of the wirecase command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Nothing useful could be read (every file unreadable, or no frame before the damage).</summary>
    public const int NothingRead = 1;
    public const int Usage = 2;
    /// <summary>The work could not be finished (a temporary file could not be written).</summary>
    public const int Failed = 3;
}
