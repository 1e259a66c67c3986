using System.Text;
using Wirecase.Cli;

namespace Wirecase.EndToEnd.Tests.Program;

/// <summary>
/// The program users run (under ./test.sh the ahead-of-time compiled executable, where reflection, dynamic code and
/// trimmed-away members do not exist) writes exactly what the program tested in-process writes: every command that
/// prints, text and JSON, on captures that take many code paths (TCP analysis, reassembly, each application analyzer,
/// damaged files).
/// </summary>
public sealed class SameOutputTests
{
    public static TheoryData<string> Captures() =>
    [
        "samples/smtp.pcap",
        "corpus:zeek/http/pipelined-requests.pcap",
        "corpus:zeek/tls/ssl.v3.pcap",
        "corpus:zeek/tcp/reassembly.pcap",
        "corpus:tcpdump/dns-badlabel.pcap",
        "corpus:zeek/smtp-one-side-only.pcap",
        "corpus:chrissanders-packets/http_espn_fail.pcapng",
        "corpus:zeek/trunc/mpls-6in6-broken.pcap.gz",
    ];

    private static readonly string[][] Commands =
    [
        ["info"], ["info", "--json"], ["packets"], ["packets", "--json"], ["conv", "tcp"], ["conv", "tcp", "--json"],
        ["conv", "udp"], ["conv", "ip", "--json"], ["sessions"], ["sessions", "--json"], ["analyze"], ["analyze", "--json"],
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_command_writes_what_the_in_process_program_writes(string capture)
    {
        string path = capture.StartsWith("corpus:", StringComparison.Ordinal)
            ? Path.Combine(RepositoryPaths.Corpus, capture["corpus:".Length..])
            : Path.Combine(RepositoryPaths.Root, capture);
        Assert.True(File.Exists(path), path);
        long written = 0;
        foreach (var command in Commands)
        {
            string[] args = [command[0], path, .. command[1..]];
            var (code, output, error) = InProcess(args);
            var (processCode, processOutput, processError) = AsProcess(args);
            string what = string.Join(' ', args);
            written += output.Length;
            Assert.True(code == processCode, $"{what}: exit {processCode}, in-process {code}");
            Assert.True(output == processOutput, $"{what}: output differs from the in-process program's");
            Assert.True(error == processError, $"{what}: stderr differs: «{processError}» vs «{error}»");
        }
        Assert.True(written > 0, "no command wrote anything");
    }

    [Fact]
    public void Follow_and_report_write_what_the_in_process_program_writes()
    {
        string path = Path.Combine(RepositoryPaths.Root, "samples", "smtp.pcap");
        foreach (var args in new[] { new[] { "follow", "tcp", "0", path }, ["follow", "tcp", "0", path, "--format", "hex"] })
        {
            var expected = InProcess(args);
            Assert.Equal(0, expected.Code);
            Assert.Equal(expected, AsProcess(args));
        }
        // The report carries the time it was made: that line aside, the page is the same.
        var report = InProcess(["report", path, "-o", "-"]);
        var processReport = AsProcess(["report", path, "-o", "-"]);
        Assert.Equal(0, processReport.Code);
        Assert.Equal(WithoutGenerated(report.Out), WithoutGenerated(processReport.Out));
    }

    private static string WithoutGenerated(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(Z| UTC)", "T");

    private static (int Code, string Out, string Err) InProcess(string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    private static (int Code, string Out, string Err) AsProcess(string[] args)
    {
        using var p = System.Diagnostics.Process.Start(WirecaseProgram.StartInfo(args))!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"{string.Join(' ', args)} did not finish");
        return (p.ExitCode, output.Result, error.Result);
    }
}
