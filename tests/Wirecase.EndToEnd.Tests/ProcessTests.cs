using System.Diagnostics;
using Wirecase.EndToEnd.Tests.Program;
using Wirecase.TestKit;

namespace Wirecase.EndToEnd.Tests;

/// <summary>The `wirecase` program run as a process (<see cref="WirecaseProgram"/>): stdin, exit codes, messages.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wirecase-e2e-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(byte[]? stdin, params string[] args)
    {
        var psi = WirecaseProgram.StartInfo(args);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        Assert.True(p.WaitForExit(60_000), "wirecase did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Reads_a_capture_from_stdin()
    {
        var pcap = new PcapWriter().Add(0, FrameBuilder.Create().Udp(5353, 53, [1, 2])).ToArray();
        var (code, output, _) = Run(pcap, "packets", "-");
        Assert.Equal(0, code);
        Assert.Contains("198.18.0.1 → 198.18.0.2 UDP", output);
    }

    [Fact]
    public void A_gzipped_pcapng_from_the_corpus_reads_through_stdin()
    {
        string file = Path.Combine(RepositoryPaths.Corpus, "zeek", "trunc", "mpls-6in6-broken.pcap.gz");
        var (code, output, _) = Run(File.ReadAllBytes(file), "info", "--json", "-");
        Assert.Equal(0, code);
        Assert.Contains("\"compression\":\"gzip\"", output);
    }

    [Fact]
    public void A_missing_file_exits_1_with_one_line_and_no_stack_trace()
    {
        var (code, output, error) = Run(null, "info", Path.Combine(_dir, "missing.pcap"));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_file_this_user_cannot_read_is_permission_denied()
    {
        string path = Path.Combine(_dir, "secret.pcap");
        File.WriteAllBytes(path, new PcapWriter().Add(0, [1]).ToArray());
        File.SetUnixFileMode(path, UnixFileMode.None);
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        // As root every file is readable, so drop to an unprivileged user for this check.
        bool root = Environment.UserName == "root";
        var line = WirecaseProgram.CommandLine("info", path);
        var psi = root
            ? new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", .. line])
            : new ProcessStartInfo(line[0], line[1..]);
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        psi.Environment["DOTNET_CLI_HOME"] = "/tmp";
        psi.Environment["HOME"] = "/tmp";
        using var p = Process.Start(psi)!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit(60_000);
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("secret.pcap: permission denied", error);
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var (code, output, _) = Run(null, "--help");
        Assert.Equal(0, code);
        Assert.Contains("info", output);
        Assert.Contains("packets", output);
    }
}
