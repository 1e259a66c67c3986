using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Wirecase.Cli;
using Wirecase.EndToEnd.Tests.Corpus;

namespace Wirecase.EndToEnd.Tests;

/// <summary>
/// Every `--json` output follows its published JSON Schema (schemas/*.schema.json, draft 2020-12): each line of each
/// command's output on every lab scenario and every corpus capture is validated; the schema named by a line's
/// `schema` field is the one applied. A field a writer adds without documenting it fails (closed objects).
/// </summary>
public sealed class JsonSchemaTests
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>The schema file for a schema id: "wirecase.analysis/1" → schemas/wirecase.analysis-1.schema.json.</summary>
    private static JsonSchema SchemaFor(string id) => Schemas.GetOrAdd(id, i =>
        JsonSchema.FromFile(Path.Combine(RepositoryPaths.Root, "schemas", i.Replace('/', '-') + ".schema.json")));

    public static TheoryData<string> Scenarios() =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "lab", "fixtures")).Select(d => Path.GetFileName(d)).Order()];

    public static TheoryData<string> CorpusFiles() => [.. CorpusManifest.Entries.Select(e => e.File)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_command_on_a_lab_scenario_writes_valid_json(string scenario)
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "lab", "fixtures", scenario))
            .Where(f => Path.GetFileName(f).Contains(".pcap", StringComparison.Ordinal)).Order().ToArray();
        Validate("wirecase.analysis/1", ["analyze", "--json", .. files]);
        foreach (var f in files) Validate("wirecase.analysis/1", ["analyze", "--json", f]);
        if (files.Length >= 2 && !scenario.StartsWith("ring", StringComparison.Ordinal))
            Validate("wirecase.correlation/1", ["correlate", "--json", .. files], allowFailure: true);
        foreach (var f in files) PerFile(f, packetLines: int.MaxValue);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_command_on_a_corpus_capture_writes_valid_json(string file)
    {
        string path = Path.Combine(RepositoryPaths.Corpus, file);
        Validate("wirecase.analysis/1", ["analyze", "--json", path], allowFailure: true);
        PerFile(path, packetLines: 400);
    }

    private static void PerFile(string path, int packetLines)
    {
        Validate("wirecase.info/1", ["info", "--json", path], allowFailure: true);
        Validate("wirecase.packet/1", ["packets", "--json", "-c", packetLines.ToString(System.Globalization.CultureInfo.InvariantCulture), path], allowFailure: true);
        foreach (var kind in new[] { "tcp", "udp", "ip" })
            Validate("wirecase.conversation/1", ["conv", "--json", kind, path], allowFailure: true);
        Validate("wirecase.session/1", ["sessions", "--json", path], allowFailure: true);
    }

    /// <param name="expected">The schema for lines that name none (a line that names one gets that one).</param>
    /// <param name="allowFailure">A damaged capture may exit non-zero; what it wrote must still be valid.</param>
    private static void Validate(string expected, string[] args, bool allowFailure = false)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false));
        if (!allowFailure) Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}: {error}");
        string text = Encoding.UTF8.GetString(output.ToArray());
        // Analyses and correlations are one indented object; the other commands write one object per line.
        var documents = text.TrimStart().StartsWith("{\n", StringComparison.Ordinal) || text.TrimStart().StartsWith("{\r", StringComparison.Ordinal)
            ? [text]
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int line = 0;
        foreach (var json in documents)
        {
            line++;
            using var doc = JsonDocument.Parse(json);
            string id = doc.RootElement.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : expected;
            var result = SchemaFor(id).Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}").Take(5);
                Assert.Fail($"{string.Join(' ', args)} line {line} does not follow {id}:\n{string.Join("\n", errors)}\n{json[..Math.Min(json.Length, 400)]}");
            }
        }
    }
}
