#!/usr/bin/env python3
"""A minimal LPD listener (RFC 1179): acknowledges each daemon command with one zero byte and keeps every connection
open until the client closes it or SECONDS pass (all loops bounded).

    lpd_server.py ADDRESS PORT SECONDS
"""
import selectors
import socket
import sys
import time

address, port, lifetime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + lifetime
selector = selectors.DefaultSelector()
listener = socket.create_server((address, port))
listener.setblocking(False)
selector.register(listener, selectors.EVENT_READ)
while time.monotonic() < deadline:
    for key, _ in selector.select(timeout=0.5):
        if key.fileobj is listener:
            conn, _ = listener.accept()
            conn.setblocking(False)
            selector.register(conn, selectors.EVENT_READ)
            continue
        conn = key.fileobj
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if not data:
            selector.unregister(conn)
            conn.close()
        elif b"\n" in data:
            conn.sendall(b"\0")
