namespace Wirecase.Capture;

/// <summary>
/// A LINKTYPE_ number (tcpdump.org link-layer header types). Every number a file names is passed through; the named
/// members are the ones Wirecase decodes or names. Values at or above <see cref="NetMonMediaBase"/> are Network Monitor
/// media types with no LINKTYPE equivalent (media type = value - NetMonMediaBase).
/// </summary>
public enum LinkType : uint
{
    Null = 0,
    Ethernet = 1,
    TokenRing = 6,
    ArcNet = 7,
    Slip = 8,
    Ppp = 9,
    Fddi = 10,
    AtmRfc1483 = 100,
    Raw = 101,
    /// <summary>OpenBSD's DLT_RAW number, written by some tools as link type 12; raw IP.</summary>
    RawOpenBsd = 12,
    /// <summary>Raw IP on some old BSDs (DLT_RAW = 14).</summary>
    RawOld14 = 14,
    Loop = 108,
    LinuxSll = 113,
    Ieee80211 = 105,
    Ieee80211Radiotap = 127,
    UserFirst = 147,
    User13 = 160,
    UsbLinux = 189,
    UsbLinuxMmapped = 220,
    DBus = 231,
    Ipv4 = 228,
    Ipv6 = 229,
    NfLog = 239,
    Netlink = 253,
    LinuxSll2 = 276,
    DsaTagBrcm = 281,
    NetMonMediaBase = 0x1_0000,
}

/// <summary>Names for link types, in the style of libpcap's pcap_datalink_val_to_name.</summary>
public static class LinkTypeNames
{
    /// <summary>A short name such as "EN10MB" or "LINUX_SLL2"; unknown numbers print as "LINKTYPE_n".</summary>
    public static string ShortName(LinkType type) => type switch
    {
        LinkType.Null => "NULL",
        LinkType.Ethernet => "EN10MB",
        LinkType.TokenRing => "IEEE802",
        LinkType.ArcNet => "ARCNET",
        LinkType.Slip => "SLIP",
        LinkType.Ppp => "PPP",
        LinkType.Fddi => "FDDI",
        LinkType.AtmRfc1483 => "ATM_RFC1483",
        LinkType.Raw => "RAW",
        LinkType.RawOpenBsd => "RAW(12)",
        LinkType.RawOld14 => "RAW(14)",
        LinkType.Loop => "LOOP",
        LinkType.LinuxSll => "LINUX_SLL",
        LinkType.Ieee80211 => "IEEE802_11",
        LinkType.Ieee80211Radiotap => "IEEE802_11_RADIO",
        LinkType.User13 => "USER13",
        LinkType.UsbLinux => "USB_LINUX",
        LinkType.UsbLinuxMmapped => "USB_LINUX_MMAPPED",
        LinkType.DBus => "DBUS",
        LinkType.Ipv4 => "IPV4",
        LinkType.Ipv6 => "IPV6",
        LinkType.NfLog => "NFLOG",
        LinkType.Netlink => "NETLINK",
        LinkType.LinuxSll2 => "LINUX_SLL2",
        LinkType.DsaTagBrcm => "DSA_TAG_BRCM",
        >= LinkType.NetMonMediaBase => $"NETMON_MEDIA_0x{(uint)type - (uint)LinkType.NetMonMediaBase:X4}",
        _ => $"LINKTYPE_{(uint)type}",
    };

    /// <summary>A description such as "Ethernet" for reports.</summary>
    public static string Description(LinkType type) => type switch
    {
        LinkType.Null => "BSD loopback",
        LinkType.Ethernet => "Ethernet",
        LinkType.TokenRing => "Token Ring",
        LinkType.Ppp => "PPP",
        LinkType.Fddi => "FDDI",
        LinkType.Raw or LinkType.RawOpenBsd or LinkType.RawOld14 => "Raw IP",
        LinkType.Loop => "OpenBSD loopback",
        LinkType.LinuxSll => "Linux cooked-mode capture v1",
        LinkType.LinuxSll2 => "Linux cooked-mode capture v2",
        LinkType.Ieee80211 => "IEEE 802.11",
        LinkType.Ieee80211Radiotap => "IEEE 802.11 plus radiotap header",
        LinkType.Ipv4 => "Raw IPv4",
        LinkType.Ipv6 => "Raw IPv6",
        LinkType.NfLog => "Linux netfilter log",
        LinkType.Netlink => "Linux netlink",
        LinkType.DBus => "D-Bus",
        LinkType.DsaTagBrcm => "Broadcom DSA tag",
        >= LinkType.NetMonMediaBase => "Network Monitor media without a LINKTYPE",
        _ => ShortName(type),
    };

    /// <summary>
    /// The largest captured length accepted for a record of this link type. 262144 is the limit libpcap and
    /// Wireshark use for ordinary link types; the few that carry whole messages (D-Bus, USB) get 16 MiB so that memory
    /// stays bounded whatever a file claims.
    /// </summary>
    public static int MaxCapturedLength(LinkType type) => type switch
    {
        LinkType.DBus or LinkType.UsbLinux or LinkType.UsbLinuxMmapped => 16 * 1024 * 1024,
        _ => 262_144,
    };
}
