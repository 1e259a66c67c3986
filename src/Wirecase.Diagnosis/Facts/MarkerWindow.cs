using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.Diagnosis.Facts;

/// <summary>
/// The part of a capture between the user's two ping markers: pings sent with distinctive sizes before and after
/// reproducing a problem (`ping -l 22`, then `ping -l 33` on Windows; `-s` on Linux), found as the first ICMP or
/// ICMPv6 echo request carrying that many bytes of data, and the first one of the second size after it.
/// </summary>
public sealed record MarkerWindow(long FromNs, long ToNs, string? FirstFile, long FirstFrame, string? SecondFile, long SecondFrame)
{
    /// <summary>Reads the set once to find the markers; null and a one-line reason when one is missing.</summary>
    public static MarkerWindow? Find(CaptureSet set, int firstSize, int secondSize, out string? error)
    {
        error = null;
        var decoders = set.Readers.Select(_ => new PacketDecoder()).ToArray();
        var p = new DecodedPacket();
        (long Ns, string File, long Frame)? first = null, second = null;
        bool several = set.Readers.Count > 1;
        while (set.MoveNext())
        {
            var f = set.Current;
            if (f.Kind != FrameKind.Packet) continue;
            decoders[set.CurrentFileIndex].Decode(f, ref p);
            bool echoRequest = p.Has(PacketLayers.Icmp) && p.IcmpType == 8 || p.Has(PacketLayers.Icmpv6) && p.IcmpType == 128;
            if (!echoRequest) continue;
            string file = Path.GetFileName(set.CurrentReader.FileName);
            if (first is null && p.PayloadLength == firstSize) first = (f.TimestampNs, file, f.Number);
            else if (first is not null && p.PayloadLength == secondSize)
            {
                second = (f.TimestampNs, file, f.Number);
                break;
            }
        }
        if (first is null)
        {
            error = $"no ICMP echo request with {firstSize} bytes of data (the first marker) in the capture";
            return null;
        }
        if (second is null)
        {
            error = $"no ICMP echo request with {secondSize} bytes of data (the second marker) after the first marker (frame {first.Value.Frame})";
            return null;
        }
        return new MarkerWindow(first.Value.Ns, second.Value.Ns, several ? first.Value.File : null, first.Value.Frame,
            several ? second.Value.File : null, second.Value.Frame);
    }

    public bool Contains(long timestampNs) => timestampNs >= FromNs && timestampNs <= ToNs;
}
