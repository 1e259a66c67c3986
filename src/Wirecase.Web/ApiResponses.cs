using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wirecase.Web;

// The JSON bodies of /api. Typed records (not anonymous objects) so that their serializers are generated at build time:
// the published wirecase is compiled ahead of time, where reflection-based serialization does not exist.

/// <summary>One capture of the served folder (GET /api/captures).</summary>
public sealed record ApiCapture(string Name, long Size, DateTime Modified);

/// <summary>An analysis just started (POST /api/analyze): its id and where to poll it.</summary>
public sealed record ApiJobStarted(string Id, string Status);

/// <summary>An analysis and how far it got (GET /api/jobs/{id}).</summary>
public sealed record ApiJob(
    string Id,
    string Name,
    string State,
    double Progress,
    long Frames,
    string? Error,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    int? Findings,
    string? Report);

/// <summary>The frames of one connection that a display filter selects (GET /api/jobs/{id}/packets).</summary>
public sealed record ApiPackets(int Stream, string Filter, IReadOnlyList<string> Frames);

/// <summary>Any /api failure: what went wrong, in one line.</summary>
public sealed record ApiError(string Error);

/// <summary>The generated serializers, with the names /api has always used (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiCapture[]))]
[JsonSerializable(typeof(ApiJobStarted))]
[JsonSerializable(typeof(ApiJob))]
[JsonSerializable(typeof(ApiPackets))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
