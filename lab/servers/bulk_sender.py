#!/usr/bin/env python3
"""Sends BYTES bytes to DEST:PORT and closes (bounded by a 30 s socket timeout).

    bulk_sender.py DEST PORT BYTES
"""
import socket
import sys

dest, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((dest, port), timeout=30)
chunk = b"z" * 65536
sent = 0
while sent < size:
    s.sendall(chunk[: min(len(chunk), size - sent)])
    sent += min(len(chunk), size - sent)
s.close()
