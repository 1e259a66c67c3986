#!/usr/bin/env python3
"""An SMTP server that takes the whole message and never answers the end-of-data line (Case E of CASES.md).

    silent_smtp.py ADDRESS PORT SECONDS

Greets, answers EHLO/MAIL/RCPT/DATA normally, reads the message, and then says nothing until the client closes the
connection or SECONDS pass (the server stops by itself after that: every loop here is bounded).
"""
import socket
import sys
import time

address, port, lifetime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + lifetime
listener = socket.create_server((address, port), family=socket.AF_INET6 if ":" in address else socket.AF_INET)
listener.settimeout(1.0)


def serve(conn):
    conn.settimeout(1.0)
    conn.sendall(b"220 lab.example ESMTP silent\r\n")
    buffer, in_data = b"", False
    while time.monotonic() < deadline:
        try:
            chunk = conn.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            line = line.rstrip(b"\r")
            if in_data:
                if line == b".":
                    in_data = False   # the end of the message: and no reply, ever
                continue
            verb = line.split(b" ", 1)[0].upper()
            if verb == b"EHLO":
                conn.sendall(b"250-lab.example\r\n250 PIPELINING\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                in_data = True
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 Ok\r\n")


while time.monotonic() < deadline:
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        continue
    with conn:
        serve(conn)
