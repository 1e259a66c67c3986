#!/usr/bin/env python3
"""Case C's client side: opens an LPD connection from a fixed source port, sends a command, then disappears without
the server noticing (its abortive close is dropped by the caller's firewall rule), and finally connects again from
the same port.

    vanishing_client.py phase1|phase2 SOURCE DEST PORT
"""
import socket
import struct
import sys

phase, source, dest, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((source, 722))
s.settimeout(8)
if phase == "phase1":
    s.connect((dest, port))
    s.sendall(b"\x02lp\n")
    s.recv(1)
    # Abortive close: an RST the firewall rule in front of us drops, so the server keeps the connection.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
else:
    try:
        s.connect((dest, port))
        s.sendall(b"\x02lp\n")
        s.recv(1)
    except OSError:
        pass
    s.close()
