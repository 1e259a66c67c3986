using System.Collections.Concurrent;
using Wirecase.Capture;
using Wirecase.Reports.Model;

namespace Wirecase.Web;

public enum JobState
{
    Running,
    Done,
    Failed,
}

/// <summary>One analysis: a capture from the folder or an upload, read in the background with progress.</summary>
public sealed class AnalysisJob
{
    private CaptureSet? _set;

    internal AnalysisJob(string id, string name, string path, bool uploaded)
    {
        Id = id;
        Name = name;
        Path = path;
        Uploaded = uploaded;
    }

    public string Id { get; }
    /// <summary>The capture's name as the user knows it (the file name in the folder, or the uploaded file's name).</summary>
    public string Name { get; }
    /// <summary>Where the capture is read from (an upload's temporary file).</summary>
    public string Path { get; }
    public bool Uploaded { get; }
    public JobState State { get; private set; } = JobState.Running;
    public string? Error { get; private set; }
    public ReadingNotes? Notes { get; private set; }
    public ReportModel? Model { get; private set; }
    public long Frames => Interlocked.Read(ref _frames);
    private long _frames;

    /// <summary>0..1 while reading (bytes read of the file's size); 1 when finished.</summary>
    public double Progress
    {
        get
        {
            if (State != JobState.Running) return 1;
            var set = _set;
            if (set is null || set.TotalFileSize <= 0) return 0;
            return Math.Clamp((double)set.BytesReadFromDisk / set.TotalFileSize, 0, 0.99);
        }
    }

    internal void Run(ReportOptions options)
    {
        try
        {
            var (model, notes) = ReportAnalysis.Run([Path], Name, options, set => _set = set, () => Interlocked.Increment(ref _frames));
            Notes = notes;
            Model = model;
            if (model.Captures.Sum(c => c.Frames) == 0 && notes.Errors.Count > 0)
                Fail($"nothing could be read from {Name}: {string.Join("; ", notes.Errors)}");
            else
                State = JobState.Done;
        }
        catch (CaptureException e)
        {
            Fail($"{Name} is not a capture Wirecase can read: {e.Message}");
        }
        catch (IOException e)
        {
            Fail($"{Name} could not be read: {e.Message}");
        }
        finally
        {
            _set = null;
        }
    }

    private void Fail(string message)
    {
        Error = message;
        Model = null;
        State = JobState.Failed;
    }
}

/// <summary>
/// The analyses of one server: started in the background, kept for the report and the packet filters, at most
/// <see cref="ServeOptions.MaxJobs"/> of them (the oldest finished one and its uploaded file go first). Uploaded files
/// are deleted when their job goes and when the server stops.
/// </summary>
public sealed class AnalysisJobs(ServeOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, AnalysisJob> _jobs = new();
    private readonly ConcurrentQueue<string> _order = new();

    public AnalysisJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    public AnalysisJob Start(string name, string path, bool uploaded)
    {
        Evict();
        var job = new AnalysisJob(Guid.NewGuid().ToString("N")[..12], name, path, uploaded);
        _jobs[job.Id] = job;
        _order.Enqueue(job.Id);
        _ = Task.Run(() => job.Run(new ReportOptions()));
        return job;
    }

    private void Evict()
    {
        while (_jobs.Count >= options.MaxJobs && _order.TryPeek(out var oldest) && _jobs.TryGetValue(oldest, out var job) && job.State != JobState.Running)
        {
            _order.TryDequeue(out _);
            _jobs.TryRemove(oldest, out _);
            if (job.Uploaded) TryDelete(job.Path);
        }
    }

    public void Dispose()
    {
        foreach (var job in _jobs.Values)
            if (job.Uploaded) TryDelete(job.Path);
        _jobs.Clear();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
