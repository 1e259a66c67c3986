#!/usr/bin/env python3
"""Wireshark frame numbers (1-based) for expected.json's "evidence", found in a capture the scenario has just made with
tshark, independently of Wirecase: from protocol facts (flags, payload, window, TTL), never from fixed numbers.

    frames.py FILE match FILTER [MAX]        frames matching the display FILTER (the first MAX of them)
    frames.py FILE syn-answered-by-ack       a SYN answered by a bare ACK (no SYN-ACK, no RST), and that ACK
    frames.py FILE unanswered-syn FILTER     the first copy of each SYN matching FILTER whose connection never got a
                                             SYN-ACK or a RST (the first one only)
    frames.py FILE retransmitted FILTER      among data segments matching FILTER, the original of the segment sent
                                             most often and its first retransmission

Prints the frame numbers separated by spaces; exits 1 (saying why) when the capture does not show the fact, so that a
scenario that did not reproduce its case fails instead of writing wrong evidence.
"""
import subprocess
import sys


def tshark(file, display_filter, *fields):
    cmd = ["tshark", "-n", "-r", file, "-Y", display_filter, "-T", "fields", "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        sys.exit(f"frames.py: tshark failed on {file} with {display_filter!r}: {run.stderr.strip()}")
    return [line.split("\t") for line in run.stdout.splitlines() if line.strip()]


def found(frames, what):
    if not frames:
        sys.exit(f"frames.py: {sys.argv[1]}: no {what}")
    print(" ".join(str(f) for f in frames))


def match(file, display_filter, limit=None):
    frames = [int(row[0]) for row in tshark(file, display_filter, "frame.number")]
    found(frames[: int(limit)] if limit else frames, f"frame matches {display_filter!r}")


def syn_answered_by_ack(file):
    rows = tshark(file, "tcp", "frame.number", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport",
                  "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.len")
    packets = []
    for n, s4, s6, sp, d4, d6, dp, flags, seq, ack, length in rows:
        packets.append((int(n), (s4 or s6, sp), (d4 or d6, dp), int(flags, 16), int(seq), int(ack or 0), int(length)))
    for i, (n, src, dst, flags, seq, _, _) in enumerate(packets):
        if flags & 0x3F != 0x02:   # a SYN alone
            continue
        # The first packet that comes back on the same address and port pair answers it.
        reply = next((p for p in packets[i + 1:] if p[1] == dst and p[2] == src), None)
        if reply and reply[3] & 0x3F == 0x10 and reply[6] == 0 and reply[5] != (seq + 1) % 2**32:
            found([n, reply[0]], "")
            return
    found([], "SYN answered by a bare ACK for another sequence space")


def unanswered_syn(file, display_filter):
    syns = tshark(file, f"tcp.flags == 0x002 && !tcp.analysis.retransmission && ({display_filter})", "frame.number", "tcp.stream")
    answered = {row[0] for row in tshark(file, "tcp.flags.reset == 1 || (tcp.flags.syn == 1 && tcp.flags.ack == 1)", "tcp.stream")}
    found([int(n) for n, stream in syns if stream not in answered][:1], f"unanswered SYN matching {display_filter!r}")


def retransmitted(file, display_filter):
    rows = tshark(file, f"tcp.len > 0 && ({display_filter})", "frame.number", "tcp.stream", "tcp.seq_raw")
    copies = {}
    for n, stream, seq in rows:
        copies.setdefault((stream, seq), []).append(int(n))
    most = max(copies.values(), key=len, default=[])
    found(most[:2] if len(most) > 1 else [], f"retransmitted segment matching {display_filter!r}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    file, question, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    {"match": match, "syn-answered-by-ack": syn_answered_by_ack, "unanswered-syn": unanswered_syn,
     "retransmitted": retransmitted}[question](file, *args)
