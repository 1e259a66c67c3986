#!/usr/bin/env python3
"""A well-behaved LPD client (RFC 1179): sends one print job and closes the connection cleanly.

    lpd_client.py ADDRESS PORT QUEUE SECONDS

The receive-job command (0x02 QUEUE LF), then the control-file subcommand (0x02 COUNT SP cfA... LF) and its file
followed by one zero byte, then the data-file subcommand (0x03 COUNT SP dfA... LF) and its file followed by one zero
byte. Every command, subcommand and file is acknowledged by the server with one zero byte before the next is sent
(RFC 1179 §6.2, §7). Each wait is bounded by SECONDS; a missing or non-zero acknowledgement ends the job with exit
status 1.
"""
import socket
import sys

address, port, queue, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
host, job = "labclient", "001"
data_file = b"".join(b"lab print job line %02d: a healthy baseline\n" % n for n in range(1, 11))
control_file = (
    f"H{host}\nPalice\nJlab baseline\nldfA{job}{host}\nUdfA{job}{host}\nNlab-baseline.txt\n".encode("ascii")
)


def expect_ack(conn, what):
    reply = conn.recv(1)
    if reply != b"\0":
        sys.exit(f"lpd_client: {what}: expected a zero byte, got {reply!r}")


with socket.create_connection((address, port), timeout=seconds) as conn:
    conn.sendall(b"\x02" + queue.encode("ascii") + b"\n")
    expect_ack(conn, "receive job")
    conn.sendall(b"\x02%d cfA%s%s\n" % (len(control_file), job.encode(), host.encode()))
    expect_ack(conn, "control file subcommand")
    conn.sendall(control_file + b"\0")
    expect_ack(conn, "control file")
    conn.sendall(b"\x03%d dfA%s%s\n" % (len(data_file), job.encode(), host.encode()))
    expect_ack(conn, "data file subcommand")
    conn.sendall(data_file + b"\0")
    expect_ack(conn, "data file")
    # Done: say so by closing our side, then wait (bounded) for the server to close its side.
    conn.shutdown(socket.SHUT_WR)
    for _ in range(100):
        if not conn.recv(4096):
            break
