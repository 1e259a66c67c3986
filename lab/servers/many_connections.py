#!/usr/bin/env python3
"""Opens COUNT connections from SOURCE to DEST:PORT at once and holds them HOLD seconds (Case F's busy source).

    many_connections.py SOURCE DEST PORT COUNT HOLD
"""
import socket
import sys
import threading
import time

source, dest, port, count, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
held = []


def one():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(4)
    try:
        s.connect((dest, port))
        s.sendall(b"\x03lp\n")
        held.append(s)
    except OSError:
        s.close()


threads = [threading.Thread(target=one) for _ in range(count)]
for t in threads:
    t.start()
    time.sleep(0.05)
for t in threads:
    t.join(10)
time.sleep(hold)
for s in held:
    s.close()
