namespace Wirecase.EndToEnd.Tests.Filters;

/// <summary>`wirecase write`: files that tshark reads back with the same frames (bytes, times, lengths, interfaces,
/// comments), filtered selections equal to tshark's, whole connections and a finding's connections.</summary>
public sealed class WriteTests(FilterSample sample) : IClassFixture<FilterSample>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wirecase-write-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Fields =
        ["frame.time_epoch", "frame.len", "frame.cap_len", "frame.comment", "frame.protocols", "frame.md5_hash"];

    /// <summary>Per frame, the fields tshark shows (timestamps past 2262, which Wirecase reads as its latest time, left out;
    /// Network Monitor's own per-frame header, which other formats cannot hold, left out of the protocols). A selection
    /// is compared without protocols: tshark's dissection of a frame depends on the frames around it (reassembly).</summary>
    private static List<string> Frames(string file, string? filter = null, bool interfaces = false, bool protocols = true)
    {
        var args = new List<string> { "-n", "-r", file, "-o", "frame.generate_md5_hash:TRUE", "-T", "fields", "-E", "separator=|" };
        if (filter is not null) args.AddRange(["-Y", filter]);
        var fields = Fields.Where(f => protocols || f != "frame.protocols").ToList();
        if (interfaces) fields.Add("frame.interface_id");
        foreach (var f in fields) args.AddRange(["-e", f]);
        var (code, output, error) = Tools.Run("tshark", args);
        Assert.True(code == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var parts = l.Split('|');
            if (double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out double t) && t > 9.2e9) parts[0] = "(beyond 2262)";
            return string.Join('|', parts).Replace("netmon_header:", "", StringComparison.Ordinal);
        })];
    }

    [Theory]
    [InlineData("zeek/smtp.pcap", "pcapng")]
    [InlineData("zeek/smtp.pcap", "pcap")]
    [InlineData("pcapplusplus/Pcap++Test/PcapExamples/pcapng-example.pcapng", "pcapng")]
    [InlineData("suricata-verify/bug-4376/syn_retransmit_with_ts.pcap", "pcap")]
    [InlineData("zeek/http/1000-requests-one-dropped-response.pcap.gz", "pcapng")]
    [InlineData("ms-prot-od-netcaps/MS-RMSOD_Example2_Win2016_X64_Win10_X64_Domain_v-yvrich.cap", "pcapng")]
    public void Every_frame_written_reads_back_the_same_in_tshark(string corpusFile, string format)
    {
        string input = Path.Combine(RepositoryPaths.Corpus, corpusFile);
        string output = Path.Combine(_dir, "out." + format);
        var (code, _, error) = Tools.Wirecase("write", "-F", format, "-o", output, input);
        Assert.True(code == 0, error);
        bool pcapngToPcapng = format == "pcapng" && corpusFile.Contains(".pcapng", StringComparison.Ordinal);
        Assert.Equal(Frames(input, interfaces: pcapngToPcapng), Frames(output, interfaces: pcapngToPcapng));
    }

    [Theory]
    [InlineData("tcp.port == 25")]
    [InlineData("tcp.analysis.retransmission or tcp.analysis.duplicate_ack")]
    [InlineData("icmp or arp or vlan")]
    public void A_filtered_write_holds_exactly_the_frames_tshark_selects(string filter)
    {
        string output = Path.Combine(_dir, "filtered.pcapng");
        var (code, _, error) = Tools.Wirecase("write", "-Y", filter, "-o", output, sample.Path);
        Assert.True(code == 0, error);
        var expected = Frames(sample.Path, filter, protocols: false);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Frames(output, protocols: false));
    }

    [Fact]
    public void A_connection_and_a_findings_connections_are_written_whole()
    {
        string input = Path.Combine(RepositoryPaths.Root, "lab", "fixtures", "case-a-stalled-data", "client.pcap");
        string byConnection = Path.Combine(_dir, "connection.pcapng"), byFinding = Path.Combine(_dir, "finding.pcapng");
        Assert.Equal(0, Tools.Wirecase("write", "--connection", "0", "-o", byConnection, input).Code);
        Assert.Equal(0, Tools.Wirecase("write", "--finding", "tcp.stalled-data", "-o", byFinding, input).Code);
        var expected = Frames(input, "tcp.stream == 0");
        Assert.Equal(expected, Frames(byConnection));
        Assert.Equal(expected, Frames(byFinding));
        Assert.Equal(Frames(input), expected);   // the capture is that one connection: a whole connection keeps its dissection

        var unknown = Tools.Wirecase("write", "--finding", "no.such-finding", "-o", byFinding, input);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no finding 'no.such-finding'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("tcp.stalled-data", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_of_many_is_the_frames_of_its_tcp_stream()
    {
        string output = Path.Combine(_dir, "stream.pcapng");
        Assert.Equal(0, Tools.Wirecase("write", "--connection", "5", "-o", output, sample.Path).Code);
        var expected = Frames(sample.Path, "tcp.stream == 5", protocols: false);
        Assert.InRange(expected.Count, 2, Frames(sample.Path, "tcp", protocols: false).Count - 1);
        Assert.Equal(expected, Frames(output, protocols: false));
    }

    [Fact]
    public void A_pcap_cannot_mix_link_types_and_nothing_is_left_behind()
    {
        string output = Path.Combine(_dir, "mixed.pcap");
        var (code, _, error) = Tools.Wirecase("write", "-o", output, sample.Path);
        Assert.Equal(2, code);
        Assert.Contains("a pcap file has one link type (write pcapng with -F pcapng)", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
