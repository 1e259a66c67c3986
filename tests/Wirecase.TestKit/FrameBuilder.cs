using System.Buffers.Binary;
using System.Net;

namespace Wirecase.TestKit;

/// <summary>
/// Builds frames byte by byte for tests: Ethernet (optionally VLAN-tagged), IPv4 or IPv6, then TCP, UDP or ICMP, with
/// correct checksums computed here independently of the code under test (a plain RFC 1071 loop).
/// </summary>
public sealed class FrameBuilder
{
    private byte[] _srcMac = [0x02, 0, 0, 0, 0, 1];
    private byte[] _dstMac = [0x02, 0, 0, 0, 0, 2];
    private readonly List<(ushort Tpid, ushort Id)> _tags = [];
    private IPAddress _src = IPAddress.Parse("198.18.0.1");
    private IPAddress _dst = IPAddress.Parse("198.18.0.2");
    private byte _ttl = 64;
    private ushort _ipId = 1;
    private bool _dontFragment = true;
    private byte[] _ipOptions = [];

    public static FrameBuilder Create() => new();

    public FrameBuilder Addresses(string source, string destination)
    {
        _src = IPAddress.Parse(source);
        _dst = IPAddress.Parse(destination);
        return this;
    }

    public FrameBuilder Vlan(ushort id, ushort tpid = 0x8100)
    {
        _tags.Add((tpid, id));
        return this;
    }

    public FrameBuilder Ttl(byte ttl) { _ttl = ttl; return this; }
    public FrameBuilder IpId(ushort id) { _ipId = id; return this; }
    public FrameBuilder DontFragment(bool df) { _dontFragment = df; return this; }
    public FrameBuilder IpOptions(byte[] options) { _ipOptions = options; return this; }

    public byte[] Tcp(ushort sport, ushort dport, uint seq, uint ack, byte flags, ushort window = 65535,
        byte[]? options = null, byte[]? payload = null)
    {
        options ??= [];
        payload ??= [];
        if (options.Length % 4 != 0) options = [.. options, .. new byte[4 - options.Length % 4]];   // pad with end-of-list
        int hl = 20 + options.Length;
        var t = new byte[hl + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(t, sport);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(8), ack);
        t[12] = (byte)(hl / 4 << 4);
        t[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(14), window);
        options.CopyTo(t, 20);
        payload.CopyTo(t, hl);
        return Ip(6, t, checksumOffset: 16);
    }

    public byte[] Udp(ushort sport, ushort dport, byte[] payload, bool zeroChecksum = false)
    {
        var u = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(u, sport);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(2), dport);
        BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(4), (ushort)u.Length);
        payload.CopyTo(u, 8);
        return Ip(17, u, checksumOffset: zeroChecksum ? -1 : 6);
    }

    public byte[] IcmpEcho(ushort id, ushort sequence, byte[] payload, bool request = true)
    {
        bool v6 = _src.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var m = new byte[8 + payload.Length];
        m[0] = v6 ? (byte)(request ? 128 : 129) : (byte)(request ? 8 : 0);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(6), sequence);
        payload.CopyTo(m, 8);
        if (v6) return Ip(58, m, checksumOffset: 2);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), Checksum(0, m));
        return Ip(1, m, checksumOffset: -1);
    }

    /// <summary>Wraps a transport segment in IP and Ethernet; fills the transport checksum at <paramref name="checksumOffset"/>.</summary>
    public byte[] Ip(byte protocol, byte[] transport, int checksumOffset)
    {
        byte[] ip;
        ushort etherType;
        if (_src.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            etherType = 0x86DD;
            ip = new byte[40 + transport.Length];
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)transport.Length);
            ip[6] = protocol;
            ip[7] = _ttl;
            _src.GetAddressBytes().CopyTo(ip, 8);
            _dst.GetAddressBytes().CopyTo(ip, 24);
            if (checksumOffset >= 0)
            {
                ulong sum = Sum(Sum(0, ip.AsSpan(8, 32)), [0, 0, (byte)(transport.Length >> 8), (byte)transport.Length, 0, 0, 0, protocol]);
                BinaryPrimitives.WriteUInt16BigEndian(transport.AsSpan(checksumOffset), Fold(Sum(sum, transport)));
            }
            transport.CopyTo(ip, 40);
        }
        else
        {
            etherType = 0x0800;
            int hl = 20 + _ipOptions.Length;
            ip = new byte[hl + transport.Length];
            ip[0] = (byte)(0x40 | hl / 4);
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), _ipId);
            if (_dontFragment) ip[6] = 0x40;
            ip[8] = _ttl;
            ip[9] = protocol;
            _src.GetAddressBytes().CopyTo(ip, 12);
            _dst.GetAddressBytes().CopyTo(ip, 16);
            _ipOptions.CopyTo(ip, 20);
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Checksum(0, ip.AsSpan(0, hl)));
            if (checksumOffset >= 0)
            {
                ulong sum = Sum(Sum(0, ip.AsSpan(12, 8)), [0, protocol, (byte)(transport.Length >> 8), (byte)transport.Length]);
                BinaryPrimitives.WriteUInt16BigEndian(transport.AsSpan(checksumOffset), Fold(Sum(sum, transport)));
            }
            transport.CopyTo(ip, hl);
        }
        return Ethernet(etherType, ip);
    }

    public byte[] Ethernet(ushort etherType, byte[] payload)
    {
        var f = new List<byte>();
        f.AddRange(_dstMac);
        f.AddRange(_srcMac);
        foreach (var (tpid, id) in _tags)
        {
            f.Add((byte)(tpid >> 8)); f.Add((byte)tpid);
            f.Add((byte)(id >> 8)); f.Add((byte)id);
        }
        f.Add((byte)(etherType >> 8)); f.Add((byte)etherType);
        f.AddRange(payload);
        return f.ToArray();
    }

    /// <summary>RFC 1071, the textbook way: big-endian 16-bit words, end-around carry.</summary>
    public static ushort Checksum(ulong sum, ReadOnlySpan<byte> data) => Fold(Sum(sum, data));

    private static ulong Sum(ulong sum, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i + 1 < data.Length; i += 2) sum += (ulong)(data[i] << 8 | data[i + 1]);
        if (data.Length % 2 == 1) sum += (ulong)data[^1] << 8;
        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
