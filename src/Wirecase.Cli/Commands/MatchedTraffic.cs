using System.Runtime.CompilerServices;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;

namespace Wirecase.Cli.Commands;

/// <summary>
/// A first pass for `-Y` on commands that report connections (`conv`, `follow`, `analyze`): which frames match the
/// display filter, and the TCP connections (per file, by tcp.stream) and address/port pairs they belong to. The report
/// then covers those connections whole, so their TCP context (handshake, retransmissions, state) stays intact.
/// </summary>
internal sealed class MatchedTraffic
{
    public HashSet<(string? File, long Frame)> Frames { get; } = [];
    public HashSet<(string? File, int Stream)> Streams { get; } = [];
    /// <summary>The first matching TCP connection, in frame order.</summary>
    public (string? File, int Stream)? FirstStream { get; private set; }
    private readonly HashSet<(string? File, IpAddressValue A, ushort PortA, IpAddressValue B, ushort PortB, byte Protocol)> _pairs = [];
    private readonly HashSet<(string? File, IpAddressValue A, IpAddressValue B)> _hosts = [];

    /// <summary>The TCP connection of each frame asked about in <see cref="Collect"/> (evidence frames).</summary>
    public Dictionary<(string? File, long Frame), int> StreamOf { get; } = [];

    /// <param name="locate">Frames whose TCP connection the caller wants to know (<see cref="StreamOf"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    public static MatchedTraffic? Collect(IReadOnlyList<string> files, FrameFilter filter, CliConsole console,
        IReadOnlySet<(string? File, long Frame)>? locate = null)
    {
        if (files.Contains("-"))
        {
            console.Error.WriteLine("wirecase: -Y here needs a first pass over the files and cannot read stdin");
            return null;
        }
        var matched = new MatchedTraffic();
        using var run = CaptureRun.Open(files, CliConsole.Quiet);
        if (run is null) return matched;
        bool application = (filter.Filter?.Needs & Query.Fields.FieldNeeds.Application) != 0;
        using var frames = new AnalysedFrames(run.Set, application);
        while (frames.MoveNext())
        {
            var frame = frames.Frame;
            var analysis = frames.Analysed ? frames.Analysis : default;
            string? file = frames.FileName;
            if (locate is not null && frames.Analysed && locate.Contains((file, frame.Number))) matched.StreamOf[(file, frame.Number)] = analysis.Stream;
            if (!filter.Matches(frame, frames.Packet, frames.Analysed, analysis, frames.Application?.Protocol, file, frames.Connections)) continue;
            matched.Frames.Add((file, frame.Number));
            if (frames.Analysed)
            {
                matched.Streams.Add((file, analysis.Stream));
                matched.FirstStream ??= (file, analysis.Stream);
            }
            ref readonly var p = ref frames.Packet;
            if (p.IsIp)
            {
                matched._hosts.Add(Ordered(file, p.Source, p.Destination));
                if (p.IsTcp || p.IsUdp)
                {
                    bool swap = p.Source.CompareTo(p.Destination) > 0 || (p.Source.Equals(p.Destination) && p.SourcePort > p.DestinationPort);
                    matched._pairs.Add(swap
                        ? (file, p.Destination, p.DestinationPort, p.Source, p.SourcePort, p.IpProtocol)
                        : (file, p.Source, p.SourcePort, p.Destination, p.DestinationPort, p.IpProtocol));
                }
            }
        }
        return matched;
    }

    /// <summary>Whether a UDP (or TCP) conversation between these endpoints had a matching frame.</summary>
    public bool HasPair(string? file, IpAddressValue a, ushort portA, IpAddressValue b, ushort portB, byte protocol)
    {
        bool swap = a.CompareTo(b) > 0 || (a.Equals(b) && portA > portB);
        return swap ? _pairs.Contains((file, b, portB, a, portA, protocol)) : _pairs.Contains((file, a, portA, b, portB, protocol));
    }

    public bool HasHosts(string? file, IpAddressValue a, IpAddressValue b) => _hosts.Contains(Ordered(file, a, b));

    private static (string?, IpAddressValue, IpAddressValue) Ordered(string? file, IpAddressValue a, IpAddressValue b) =>
        a.CompareTo(b) > 0 ? (file, b, a) : (file, a, b);
}
