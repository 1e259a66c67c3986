#!/usr/bin/env python3
"""Make a second vantage point's capture of the same traffic, for the correlation benchmark.

    bench/second-point.py IN.pcap OUT.pcap [--shift S] [--delay-us U] [--drop-every N]

OUT holds IN's frames as a capture one router further on, taken by a host whose clock is off, would: every timestamp
moved by S seconds (3.7: the capture host's clock is off) plus U microseconds (250: the hop's delay), the IPv4 TTL or
IPv6 hop limit one less (IPv4 header checksum recomputed), and every N-th TCP segment that carries data left out
(5000: lost between the points; 0 keeps all). Classic pcap with Ethernet frames (what make-captures.sh writes); other
link types are refused. Standard library only; streams, so memory stays small whatever the size.
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


def hop(frame: bytearray) -> bool:
    """Decrements TTL/hop limit in place; returns True for a TCP segment with payload."""
    if len(frame) < 14:
        return False
    off, ethertype = 14, struct.unpack_from("!H", frame, 12)[0]
    while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 4:
        ethertype = struct.unpack_from("!H", frame, off + 2)[0]
        off += 4
    if ethertype == 0x0800 and len(frame) >= off + 20:
        ihl = (frame[off] & 0x0F) * 4
        if ihl < 20 or len(frame) < off + ihl:
            return False
        if frame[off + 8] > 1:
            frame[off + 8] -= 1
            frame[off + 10:off + 12] = b"\0\0"
            frame[off + 10:off + 12] = struct.pack("!H", ip_checksum(bytes(frame[off:off + ihl])))
        total = struct.unpack_from("!H", frame, off + 2)[0]
        if frame[off + 9] != 6 or len(frame) < off + ihl + 13:
            return False
        tcp_header = (frame[off + ihl + 12] >> 4) * 4
        return total - ihl - tcp_header > 0
    if ethertype == 0x86DD and len(frame) >= off + 40:
        if frame[off + 7] > 1:
            frame[off + 7] -= 1
        payload = struct.unpack_from("!H", frame, off + 4)[0]
        if frame[off + 6] != 6 or len(frame) < off + 40 + 13:
            return False
        return payload - (frame[off + 40 + 12] >> 4) * 4 > 0
    return False


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
        move = round((a.shift + a.delay_us / 1e6) * unit)
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
            if hop(frame):
                data_segments += 1
                if a.drop_every and data_segments % a.drop_every == 0:
                    dropped += 1
                    continue
            t = sec * unit + frac + move
            dst.write(record.pack(t // unit, t % unit, caplen, origlen))
            dst.write(frame)
    print(f"second-point.py: {frames} frames read, {dropped} TCP data segments left out, clock moved "
          f"{a.shift:+} s + {a.delay_us:g} µs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
