#!/usr/bin/env python3
"""An HTTP server that thinks DELAY seconds before answering every GET (a slow application), for LIFETIME seconds.

    slow_http.py ADDRESS PORT DELAY LIFETIME
"""
import http.server
import sys
import threading
import time

address, port, delay, lifetime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])


class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay)
        body = b"slow but fine\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer((address, port), Slow)
threading.Timer(lifetime, server.shutdown).start()
server.serve_forever()
