#!/usr/bin/env python3
"""A TCP relay on the path that holds every response chunk DELAY seconds: a slow path in front of a fast server.

    delaying_relay.py LISTEN-ADDRESS LISTEN-PORT SERVER-ADDRESS SERVER-PORT DELAY LIFETIME

Run in the firewall's namespace and reached transparently (iptables -t nat ... -j REDIRECT to LISTEN-PORT): for
each client it accepts, it opens its own connection to SERVER-ADDRESS:SERVER-PORT, forwards what the client sends
at once, and passes each chunk the server sends (and the server's end of stream) to the client DELAY seconds after
it arrived. Stops by itself after LIFETIME seconds; every loop is bounded by that deadline.
"""
import collections
import socket
import sys
import threading
import time

listen_address, listen_port = sys.argv[1], int(sys.argv[2])
server_address, server_port = sys.argv[3], int(sys.argv[4])
delay, lifetime = float(sys.argv[5]), float(sys.argv[6])
deadline = time.monotonic() + lifetime
TICK = 0.2


def pump_up(client, server):
    """Client to server, at once; the client's end of stream is passed on as ours."""
    while time.monotonic() < deadline:
        try:
            chunk = client.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not chunk:
            break
        server.sendall(chunk)
    try:
        server.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def pump_down(server, client):
    """Server to client through a delay line: each chunk leaves DELAY seconds after it arrived."""
    line = collections.deque()   # (due time, chunk; b"" is the end of stream)
    ready = threading.Condition()

    def sender():
        while time.monotonic() < deadline:
            with ready:
                while not line and time.monotonic() < deadline:
                    ready.wait(TICK)
                if not line:
                    return
                due, chunk = line[0]
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, deadline - time.monotonic())))
                continue
            with ready:
                line.popleft()
            if not chunk:
                try:
                    client.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            try:
                client.sendall(chunk)
            except OSError:
                return

    out = threading.Thread(target=sender, daemon=True)
    out.start()
    while time.monotonic() < deadline:
        try:
            chunk = server.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            chunk = b""
        with ready:
            line.append((time.monotonic() + delay, chunk))
            ready.notify()
        if not chunk:
            break
    out.join(max(0.0, deadline - time.monotonic()))


def relay(client):
    with client:
        try:
            server = socket.create_connection((server_address, server_port), timeout=TICK * 10)
        except OSError:
            return
        with server:
            client.settimeout(TICK)
            server.settimeout(TICK)
            up = threading.Thread(target=pump_up, args=(client, server), daemon=True)
            up.start()
            pump_down(server, client)
            up.join(max(0.0, deadline - time.monotonic()))


family = socket.AF_INET6 if ":" in listen_address else socket.AF_INET
listener = socket.create_server((listen_address, listen_port), family=family)
listener.settimeout(TICK)
workers = []
while time.monotonic() < deadline:
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        continue
    worker = threading.Thread(target=relay, args=(conn,), daemon=True)
    worker.start()
    workers.append(worker)
for worker in workers:
    worker.join(max(0.0, deadline - time.monotonic()))
