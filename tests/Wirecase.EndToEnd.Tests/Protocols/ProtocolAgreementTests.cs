using System.Globalization;
using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Protocols;

/// <summary>
/// The application analyzers against tshark's view of the same transactions in the corpus (ProtocolReference/*.tsv,
/// made by make-reference.sh with tshark 4.0.17): SMTP reply codes, TLS hellos (SNI, chosen cipher), HTTP status
/// and http.time, DNS rcode and dns.time — frame by frame, times within a microsecond.
/// </summary>
public sealed class ProtocolAgreementTests(ITestOutputHelper output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void Smtp_reply_codes_agree_frame_by_frame()
    {
        var expected = ProtocolReference.Rows("smtp.tsv").Select(r => $"{r[0]}#{r[1]} {r[2]}").ToHashSet();
        var files = ProtocolReference.Rows("smtp.tsv").Select(r => r[0]).Distinct().ToList();
        var ours = new HashSet<string>();
        foreach (var file in files)
        {
            var app = ApplicationRun.Of(file);
            foreach (var frame in app.Smtp.SelectMany(s => Replies(s)).GroupBy(r => r.Frame))
                ours.Add($"{file}#{frame.Key} {string.Join(",", frame.Select(r => r.Code))}");
        }
        Report("SMTP replies", expected, ours, ProtocolExplanations.SmtpReplies);
    }

    private static IEnumerable<(long Frame, int Code)> Replies(global::Wirecase.Protocols.Smtp.SmtpSession s)
    {
        var all = new List<global::Wirecase.Protocols.Smtp.SmtpReply>();
        if (s.Greeting is { } g) all.Add(g);
        all.AddRange(s.Commands.Select(c => c.Reply).OfType<global::Wirecase.Protocols.Smtp.SmtpReply>().Distinct());
        all.AddRange(s.UnexpectedReplies);
        return all.OrderBy(r => r.At.Frame).Select(r => (r.At.Frame, r.Code));
    }

    [Fact]
    public void Smtp_commands_tshark_sees_are_seen_in_the_same_frames()
    {
        var expected = ProtocolReference.Rows("smtpc.tsv")
            .SelectMany(r => r[2].Split(',').Select(v => $"{r[0]}#{r[1]} {ProtocolExplanations.TsharkCommand(v.ToUpperInvariant())}")).ToHashSet();
        var ours = new HashSet<string>();
        foreach (var file in ProtocolReference.Rows("smtpc.tsv").Select(r => r[0]).Distinct())
            foreach (var c in ApplicationRun.Of(file).Smtp.SelectMany(s => s.Commands))
                ours.Add($"{file}#{c.At.Frame} {c.Verb}");
        // tshark does not parse commands pipelined after the first in a segment, so only its commands are checked.
        Report("SMTP commands", expected, ours, ProtocolExplanations.SmtpCommands, onlyMissing: true);
    }

    [Fact]
    public void Tls_hellos_agree_sni_and_chosen_cipher()
    {
        var expected = new HashSet<string>();
        foreach (var r in ProtocolReference.Rows("tls.tsv"))
        {
            var types = r[2].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (types.Contains("1")) expected.Add($"{r[0]}#{r[1]} ClientHello sni={r[3]}");
            if (types.Contains("2") && r[4].Length > 0) expected.Add($"{r[0]}#{r[1]} ServerHello cipher={r[4].Split(',')[0]}");
        }
        var ours = new HashSet<string>();
        foreach (var file in ProtocolReference.Rows("tls.tsv").Select(r => r[0]).Distinct())
        {
            foreach (var t in ApplicationRun.Of(file).Tls)
            {
                foreach (var ch in t.ClientHellos) ours.Add($"{file}#{ch.At.Frame} ClientHello sni={ch.ServerName}");
                // SSL 2.0 numbers its messages differently (tshark's type 2 there is CLIENT-MASTER-KEY): not compared.
                if (t.ServerHello is { Version: not 0x0002 } sh) ours.Add($"{file}#{sh.At.Frame} ServerHello cipher=0x{sh.CipherSuite:x4}");
                if (t.HelloRetryRequest is { } hrr) ours.Add($"{file}#{hrr.At.Frame} ServerHello cipher=0x{hrr.CipherSuite:x4}");
            }
        }
        Report("TLS hellos", expected, ours, ProtocolExplanations.Tls);
    }

    [Fact]
    public void Http_responses_agree_status_and_time_since_request()
    {
        var expected = new HashSet<string>();
        foreach (var r in ProtocolReference.Rows("http.tsv"))
            foreach (var code in r[2].Split(','))
                expected.Add($"{r[0]}#{r[1]} {code} time={Micro(r[3])}");
        var ours = new HashSet<string>();
        foreach (var file in ProtocolReference.Rows("http.tsv").Select(r => r[0]).Distinct())
        {
            var http = ApplicationRun.Of(file).Http;
            foreach (var e in http.SelectMany(s => s.Exchanges))
                if (e.Response is { CompletedAt: { } done } rs)
                    ours.Add($"{file}#{done.Frame} {rs.Status} time={(e.CompletionTimeNs is { } ns ? (ns / 1000.0).ToString("0", Inv) : "")}");
            foreach (var rs in http.SelectMany(s => s.UnexpectedResponses))
                if (rs.CompletedAt is { } done) ours.Add($"{file}#{done.Frame} {rs.Status} time=");
        }
        Report("HTTP responses", expected, ours, ProtocolExplanations.Http);
    }

    [Fact]
    public void Dns_responses_agree_id_rcode_and_latency()
    {
        var expected = ProtocolReference.Rows("dns.tsv").Select(r => $"{r[0]}#{r[1]} {r[2]} rcode={r[3]} time={Micro(r[4])}").ToHashSet();
        var ours = new HashSet<string>();
        foreach (var file in ProtocolReference.Rows("dns.tsv").Select(r => r[0]).Distinct())
        {
            var dns = ApplicationRun.Of(file).Dns;
            foreach (var e in dns.Exchanges)
                if (e is { Response: { } rs, ResponseAt: { } at })
                    ours.Add($"{file}#{at.Frame} 0x{rs.Id:x4} rcode={rs.Rcode} time={(e.LatencyNs!.Value / 1000.0).ToString("0", Inv)}");
            foreach (var (rs, at) in dns.UnmatchedResponses)
                ours.Add($"{file}#{at.Frame} 0x{rs.Id:x4} rcode={rs.Rcode} time=");
        }
        Report("DNS responses", expected, ours, ProtocolExplanations.Dns);
    }

    /// <summary>tshark's seconds with nanosecond digits as whole microseconds (empty stays empty).</summary>
    private static string Micro(string seconds) =>
        seconds.Length == 0 ? "" : (double.Parse(seconds, Inv) * 1e6).ToString("0", Inv);

    private void Report(string what, HashSet<string> expected, HashSet<string> ours, Dictionary<string, string> explained, bool onlyMissing = false)
    {
        var missing = expected.Except(ours).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var extra = onlyMissing ? [] : ours.Except(expected).OrderBy(x => x, StringComparer.Ordinal).ToList();
        int agreeing = expected.Intersect(ours).Count();
        output.WriteLine($"{what}: tshark {expected.Count}, Wirecase {ours.Count}, agreeing {agreeing} ({100.0 * agreeing / Math.Max(1, expected.Count):0.0}% of tshark's)");
        var unexplained = new List<string>();
        foreach (var (side, rows) in new[] { ("tshark only", missing), ("Wirecase only", extra) })
        {
            foreach (var row in rows)
            {
                string file = row[..row.IndexOf('#', StringComparison.Ordinal)];
                if (explained.TryGetValue(file, out var reason)) output.WriteLine($"  {side}: {row} — {reason}");
                else unexplained.Add($"{side}: {row}");
            }
        }
        foreach (var u in unexplained) output.WriteLine($"  UNEXPLAINED {u}");
        Assert.Empty(unexplained);
        // An explanation that no longer explains anything is stale: remove it.
        var used = missing.Concat(extra).Select(r => r[..r.IndexOf('#', StringComparison.Ordinal)]).ToHashSet();
        var stale = explained.Keys.Where(f => expected.Concat(ours).Any(r => r.StartsWith(f + "#", StringComparison.Ordinal)) && !used.Contains(f)).ToList();
        Assert.True(stale.Count == 0, "explanations no longer needed: " + string.Join(", ", stale));
    }
}
