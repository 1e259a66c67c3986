namespace Wirecase.Capture.Writing;

/// <summary>The formats Wirecase writes.</summary>
public enum CaptureWriteFormat
{
    Pcapng,
    Pcap,
}

/// <summary>
/// Writes frames read from captures into a new capture file, keeping their timestamps (to the nanosecond), lengths on
/// the wire, link types, interfaces and comments. <see cref="Write"/> takes the frame and which input file it came from
/// (interfaces are per file).
/// </summary>
public abstract class CaptureWriter : IDisposable
{
    protected CaptureWriter(Stream output) => Output = output;

    protected Stream Output { get; }

    public long FramesWritten { get; protected set; }

    public static CaptureWriter Create(Stream output, CaptureWriteFormat format, string application) => format switch
    {
        CaptureWriteFormat.Pcap => new PcapFileWriter(output),
        _ => new PcapngFileWriter(output, application),
    };

    /// <summary>Writes one packet frame. Throws <see cref="CaptureWriteException"/> when the format cannot hold it (a pcap
    /// file has one link type).</summary>
    /// <param name="fileInterfaces">The input file's interfaces known so far: pcapng output describes the ones before
    /// the frame's too, so that a single file's interface ids stay as they were.</param>
    public abstract void Write(in CaptureFrame frame, int fileIndex, IReadOnlyList<CaptureInterface>? fileInterfaces = null);

    public virtual void Dispose()
    {
        Output.Flush();
        GC.SuppressFinalize(this);
    }
}
