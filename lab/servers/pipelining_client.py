#!/usr/bin/env python3
"""Case B's sending MTA: one SMTP session that pipelines its whole envelope (MAIL FROM, RCPT TO x n, DATA) in one TCP
segment of exactly SIZE bytes of payload, after EHLO and its reply.

    pipelining_client.py SERVER PORT SIZE

With replies to every pipelined command (the last one 354), it sends a short message, then QUIT, and exits 0. With
no reply at all within 6 s it gives up and closes the connection without a QUIT (as an MTA does when its reply
timeout expires), and exits 3. Anything else exits 1. Every wait is bounded.

The recipients are lines of the same length (61 bytes), the last ones padded by a few bytes to reach SIZE exactly.
"""
import socket
import sys
import time

server, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
WAIT = 6.0


def envelope(size):
    """MAIL FROM + n RCPT TO + DATA, exactly SIZE bytes."""
    mail, data = b"MAIL FROM:<relay@lab.example>\r\n", b"DATA\r\n"
    rcpt = lambda i, pad=0: b"RCPT TO:<recipient.%02d%s@accounting.branch-office.lab.example>\r\n" % (i, b"x" * pad)
    room = size - len(mail) - len(data)
    n = room // len(rcpt(1))
    extra = room - n * len(rcpt(1))   # fewer bytes than one line: spread over the last lines, one or a few each
    pads = [extra // n + (1 if i >= n - extra % n else 0) for i in range(n)]
    body = mail + b"".join(rcpt(i + 1, pads[i]) for i in range(n)) + data
    assert len(body) == size and n >= 1, (len(body), size)
    return body, n + 2


class Replies:
    def __init__(self, sock):
        self.sock, self.buffer = sock, b""

    def read(self, count, wait):
        """Up to COUNT complete replies (their final lines) within WAIT seconds."""
        replies, deadline = [], time.monotonic() + wait
        while len(replies) < count:
            while b"\r\n" in self.buffer and len(replies) < count:
                line, self.buffer = self.buffer.split(b"\r\n", 1)
                if len(line) >= 4 and line[3:4] == b" ":
                    replies.append(line)
            if len(replies) >= count:
                break
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                break
            if not chunk:
                break
            self.buffer += chunk
        return replies


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.settimeout(5)
s.connect((server, port))
replies = Replies(s)
if not replies.read(1, 5):
    sys.exit("pipelining_client: no greeting")
s.sendall(b"EHLO sender.lab.example\r\n")
if not replies.read(1, 5):
    sys.exit("pipelining_client: no reply to EHLO")
# Let TCP acknowledge the whole EHLO reply on its own (the delayed-ACK timer is at most 200 ms), so that the envelope
# segment carries no acknowledgment the server still waits for.
time.sleep(0.3)
commands, expected = envelope(size)
s.sendall(commands)   # one segment: TCP_NODELAY, nothing in flight, well under the MSS
got = replies.read(expected, WAIT)
if not got:
    print(f"pipelining_client: {size}-byte envelope: no reply in {WAIT:.0f} s, giving up", file=sys.stderr)
    s.close()
    sys.exit(3)
if len(got) < expected or not got[-1].startswith(b"354"):
    print(f"pipelining_client: {size}-byte envelope: replies {got!r}", file=sys.stderr)
    s.close()
    sys.exit(1)
s.sendall(b"From: relay@lab.example\r\nSubject: lab case B, %d-byte envelope\r\n\r\nhello\r\n.\r\n" % size)
done = replies.read(1, 5)
s.sendall(b"QUIT\r\n")
replies.read(1, 5)
s.close()
print(f"pipelining_client: {size}-byte envelope: {done[0].decode() if done else 'no reply to the message'}", file=sys.stderr)
sys.exit(0 if done and done[0].startswith(b"250") else 1)
