using System.Diagnostics;

namespace Wirecase.EndToEnd.Tests.Program;

/// <summary>
/// The wirecase program as users run it, started as a process. `./test.sh` publishes the native executable (the form
/// setup.sh installs) and names it in WIRECASE_EXE; without it (a bare `dotnet test`) the jitted wirecase.dll built
/// beside the tests is run with `dotnet`.
/// </summary>
public static class WirecaseProgram
{
    public const string ExecutableVariable = "WIRECASE_EXE";

    /// <summary>The published executable named by WIRECASE_EXE, or null when the tests run the jitted dll.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>The command line that runs wirecase with these arguments (the program, then its arguments).</summary>
    public static string[] CommandLine(params string[] args) => Executable is { } exe
        ? [exe, .. args]
        : ["dotnet", Path.Combine(AppContext.BaseDirectory, "wirecase.dll"), .. args];

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var line = CommandLine(args);
        return new ProcessStartInfo(line[0], line[1..])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
    }

    private static string? Find()
    {
        string? exe = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (string.IsNullOrEmpty(exe)) return null;
        // Named but missing is a broken test set-up, never a reason to fall back quietly.
        if (!File.Exists(exe)) throw new InvalidOperationException($"{ExecutableVariable}={exe}: no such file (run ./test.sh, which publishes it)");
        return Path.GetFullPath(exe);
    }
}
