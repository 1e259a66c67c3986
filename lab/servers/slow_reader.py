#!/usr/bin/env python3
"""A server that stops reading (a small receive buffer and PAUSE seconds without reading), then reads everything.

    slow_reader.py ADDRESS PORT PAUSE
"""
import socket
import sys
import time

address, port, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
listener.bind((address, port))
listener.listen(1)
listener.settimeout(20)
conn, _ = listener.accept()
time.sleep(pause)
conn.settimeout(10)
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    try:
        if not conn.recv(65536):
            break
    except socket.timeout:
        break
conn.close()
