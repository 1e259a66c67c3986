using System.Text;
using Wirecase.Cli;

namespace Wirecase.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the wirecase command in-process with captured output.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false));
        return new CliResult(code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}

public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("wirecase-cli-").FullName;

    public string Write(string name, byte[] bytes)
    {
        string p = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
