#!/usr/bin/env python3
"""Make a second vantage point's capture of the same traffic, for the correlation benchmark.

    bench/second-point.py IN.pcap OUT.pcap [--shift S] [--delay-us U] [--drop-every N]

OUT holds IN's frames as a capture one router nearer the servers, taken by a host whose clock is off, would: every
timestamp moved by S seconds (3.7: the capture host's clock is off); packets of a connection's opener (the side that
sent the SYN; for connections whose SYN is not in IN, the side with the higher port) arrive U microseconds later
(250: the hop's delay) with the IPv4 TTL or IPv6 hop limit one less (IPv4 header checksum recomputed), the other side's
packets passed here U microseconds earlier; every N-th TCP segment that carries data is left out (5000: lost between
the points; 0 keeps all). Classic pcap with Ethernet frames (what make-captures.sh writes); other link types are
refused. Standard library only; it streams, keeping one entry per TCP connection.
"""
import argparse
import struct
import sys


def ip_checksum(header: bytes) -> int:
    total = 0
    for i in range(0, len(header), 2):
        total += (header[i] << 8) | header[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


OPENERS = set()


def tcp_info(frame, off, ip_header, src, dst):
    """(from the opener?, carries data?) of the TCP segment at off + ip_header."""
    t = off + ip_header
    sport, dport = struct.unpack_from("!HH", frame, t)
    flags = frame[t + 13]
    me, peer = (src, sport), (dst, dport)
    if flags & 0x12 == 0x02:  # SYN without ACK: this side opens the connection
        OPENERS.add((me, peer))
    if (me, peer) in OPENERS:
        return True
    if (peer, me) in OPENERS:
        return False
    return sport > dport


def hop(frame: bytearray):
    """Returns (from the opener?, TCP segment with payload?) and decrements the opener's TTL/hop limit in place."""
    if len(frame) < 14:
        return False, False
    off, ethertype = 14, struct.unpack_from("!H", frame, 12)[0]
    while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 4:
        ethertype = struct.unpack_from("!H", frame, off + 2)[0]
        off += 4
    if ethertype == 0x0800 and len(frame) >= off + 20:
        ihl = (frame[off] & 0x0F) * 4
        if ihl < 20 or len(frame) < off + ihl:
            return False, False
        total = struct.unpack_from("!H", frame, off + 2)[0]
        if frame[off + 9] != 6 or len(frame) < off + ihl + 14:
            return False, False
        opener = tcp_info(frame, off, ihl, bytes(frame[off + 12:off + 16]), bytes(frame[off + 16:off + 20]))
        if opener and frame[off + 8] > 1:
            frame[off + 8] -= 1
            frame[off + 10:off + 12] = b"\0\0"
            frame[off + 10:off + 12] = struct.pack("!H", ip_checksum(bytes(frame[off:off + ihl])))
        return opener, total - ihl - (frame[off + ihl + 12] >> 4) * 4 > 0
    if ethertype == 0x86DD and len(frame) >= off + 40:
        payload = struct.unpack_from("!H", frame, off + 4)[0]
        if frame[off + 6] != 6 or len(frame) < off + 40 + 14:
            return False, False
        opener = tcp_info(frame, off, 40, bytes(frame[off + 8:off + 24]), bytes(frame[off + 24:off + 40]))
        if opener and frame[off + 7] > 1:
            frame[off + 7] -= 1
        return opener, payload - (frame[off + 40 + 12] >> 4) * 4 > 0
    return False, False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--shift", type=float, default=3.7)
    ap.add_argument("--delay-us", type=float, default=250.0)
    ap.add_argument("--drop-every", type=int, default=5000)
    a = ap.parse_args()
    with open(a.input, "rb") as src, open(a.output, "wb") as dst:
        header = src.read(24)
        if len(header) < 24:
            sys.exit(f"second-point.py: {a.input}: not a pcap file (too short)")
        magic = header[:4]
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            endian = "<"
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            endian = ">"
        else:
            sys.exit(f"second-point.py: {a.input}: not a classic pcap file (pcapng: convert with editcap -F pcap)")
        nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        unit = 1_000_000_000 if nano else 1_000_000
        linktype = struct.unpack_from(endian + "I", header, 20)[0] & 0x0FFFFFFF
        if linktype != 1:
            sys.exit(f"second-point.py: {a.input}: link type {linktype}, only Ethernet (1) is supported")
        dst.write(header)
        later = round((a.shift + a.delay_us / 1e6) * unit)
        earlier = round((a.shift - a.delay_us / 1e6) * unit)
        record = struct.Struct(endian + "IIII")
        data_segments = dropped = frames = 0
        while True:
            rh = src.read(16)
            if len(rh) < 16:
                break
            sec, frac, caplen, origlen = record.unpack(rh)
            frame = bytearray(src.read(caplen))
            if len(frame) < caplen:
                break
            frames += 1
            opener, data = hop(frame)
            if data:
                data_segments += 1
                if a.drop_every and data_segments % a.drop_every == 0:
                    dropped += 1
                    continue
            t = sec * unit + frac + (later if opener else earlier)
            dst.write(record.pack(t // unit, t % unit, caplen, origlen))
            dst.write(frame)
    print(f"second-point.py: {frames} frames read, {dropped} TCP data segments left out, clock moved "
          f"{a.shift:+} s, the opener's packets {a.delay_us:g} µs later and the other side's {a.delay_us:g} µs earlier", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
