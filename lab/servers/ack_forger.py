#!/usr/bin/env python3
"""Case B's intercepting firewall, the half that speaks for the server (python3-scapy, run in the firewall's namespace).

Every client-to-server segment whose TCP payload is one of SIZES bytes (the ones the firewall's iptables rule drops)
is answered towards the client with an ACK for all of it, made to look as if the server sent it. From then on the
firewall has lost that connection's byte stream, as an intercepting firewall that got the size wrong would: it
forwards nothing more of it to the server (an iptables rule for the connection, added here) and acknowledges in the
server's name whatever else the client sends on it (data, FIN), so the client never learns that nothing arrived.

The forged ACKs carry the firewall's own fingerprint, not the server's: IP TTL 64 as they leave the firewall (the
server's packets arrive with 63 after one routed hop), IP ID 0, no DF, window 8192 and no TCP options (no timestamps).

    ack_forger.py IFACE CLIENT SERVER PORT SECONDS READY-FILE SIZE...

Sniffs on IFACE (the firewall's inside interface) for SECONDS at most, looking at most at 200 segments; writes READY-FILE
once it is sniffing.
"""
import subprocess
import sys

from scapy.all import IP, TCP, Ether, AsyncSniffer, conf

iface, client, server, port, seconds, ready = sys.argv[1:7]
port, seconds, sizes = int(port), float(seconds), {int(n) for n in sys.argv[7:]}
# Client-to-server segments that carry data or a FIN; which of them to answer is decided per connection below.
bpf = f"tcp and src host {client} and dst host {server} and dst port {port} and (tcp[13] & 1 != 0 or " \
      f"ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) > 0)"
out = conf.L2socket(iface=iface)
lost = set()   # client ports of the connections whose stream the firewall has lost
answered = 0


def forge(frame):
    global answered
    ip, tcp = frame[IP], frame[TCP]
    length = ip.len - 4 * ip.ihl - 4 * tcp.dataofs
    if tcp.sport not in lost:
        if length not in sizes:
            return
        lost.add(tcp.sport)
        subprocess.run(["iptables", "-I", "FORWARD", "-p", "tcp", "-s", client, "--sport", str(tcp.sport), "-d", server,
                        "--dport", str(port), "-j", "DROP"], check=True, timeout=10)
    fin = 1 if tcp.flags.F else 0
    ack = (Ether(src=frame[Ether].dst, dst=frame[Ether].src)
           / IP(src=ip.dst, dst=ip.src, ttl=64, id=0, flags=0)
           / TCP(sport=tcp.dport, dport=tcp.sport, flags="A", seq=tcp.ack, ack=(tcp.seq + length + fin) % 2**32,
                 window=8192, options=[]))
    out.send(ack)
    answered += 1
    print(f"ack_forger: {length}-byte segment{' with FIN' if fin else ''} from {ip.src}:{tcp.sport} seq {tcp.seq} "
          f"answered with ack {ack[TCP].ack}", file=sys.stderr, flush=True)


sniffer = AsyncSniffer(iface=iface, filter=bpf, prn=forge, store=False, count=200, timeout=seconds,
                       started_callback=lambda: open(ready, "w").close())
sniffer.start()
sniffer.join(seconds + 5)
out.close()
