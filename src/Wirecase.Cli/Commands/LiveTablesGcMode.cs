using System.Runtime;

namespace Wirecase.Cli.Commands;

/// <summary>
/// While a command builds its connection tables, full (generation 2) garbage collections find almost nothing to free:
/// every connection stays in the table until the report is written. They still walk the whole table each time, which
/// on captures with hundreds of thousands of connections costs more than the rest of the analysis. This asks the
/// runtime not to run them (GCLatencyMode.LowLatency) for the duration; the runtime still runs them when memory runs
/// short. What goes uncollected meanwhile is bounded by the tables' own size (the arrays they outgrew).
/// </summary>
internal sealed class LiveTablesGcMode : IDisposable
{
    private readonly GCLatencyMode _previous = GCSettings.LatencyMode;

    public LiveTablesGcMode()
    {
        if (!GCSettings.IsServerGC) GCSettings.LatencyMode = GCLatencyMode.LowLatency;
    }

    public void Dispose() => GCSettings.LatencyMode = _previous;
}
