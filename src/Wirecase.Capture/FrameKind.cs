namespace Wirecase.Capture;

/// <summary>What a numbered record is. Wireshark numbers some non-packet records as frames (pcapng custom blocks,
/// systemd journal entries), so they get a frame number here too, to keep evidence numbers equal to Wireshark's.</summary>
public enum FrameKind : byte
{
    /// <summary>A captured packet (pcap record, pcapng EPB/SPB/PB, NetMon frame).</summary>
    Packet,
    /// <summary>A pcapng Custom Block (0x00000BAD / 0x40000BAD): shown as a frame by Wireshark, not a packet.</summary>
    CustomBlock,
    /// <summary>A pcapng systemd Journal Export Block: shown as a frame by Wireshark, not a packet.</summary>
    SystemdJournal,
}
