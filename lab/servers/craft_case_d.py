#!/usr/bin/env python3
"""Case D from a live TLS handshake: what the client would have seen if something between the firewall and the client
appended 2 bytes to the SYN-ACK (python3-scapy; the live capture is the firewall-side view).

    craft_case_d.py LIVE.pcap CLIENT.pcap

The SYN is kept; the SYN-ACK gets 2 payload bytes; the client's handshake ACK acknowledges ISN+3; its ClientHello (with
that acknowledgment) is then retransmitted with the backoff of the published trace (0.3, 0.6, 1.2, 1.2, 1.2 s) and the
server's side stays silent (the firewall drops the mismatched ACK).
"""
import sys

from scapy.all import IP, TCP, Raw, rdpcap, wrpcap

live = rdpcap(sys.argv[1])
tcp = [p for p in live if p.haslayer(TCP)]
syn = next(p for p in tcp if p[TCP].flags == "S")
client = (syn[IP].src, syn[TCP].sport)
synack = next(p for p in tcp if p[TCP].flags == "SA")
hello = next(p for p in tcp if (p[IP].src, p[TCP].sport) == client and len(p[TCP].payload) > 0)


def fresh(p):
    p = p.copy()
    del p[IP].len, p[IP].chksum, p[TCP].chksum
    return p


# Times as a client a few microseconds from the firewall would see them: it sends before the firewall sees, receives after.
HOP = 0.000005
first = fresh(syn)
first.time = syn.time - HOP
out = [first]
grown = fresh(synack)
grown[TCP].remove_payload()
grown = grown / Raw(b"\x00\x00")
grown = fresh(grown)
grown.time = synack.time + HOP
out.append(grown)
live_ack = next(p for p in tcp if (p[IP].src, p[TCP].sport) == client and p[TCP].flags == "A")
ack = fresh(live_ack)
ack[TCP].ack = synack[TCP].seq + 3
ack.time = max(live_ack.time - HOP, grown.time + 0.000001)
out.append(ack)
t = max(ack.time + 0.000001, hello.time - HOP)
for gap in (0, 0.3, 0.6, 1.2, 1.2, 1.2):
    t += gap
    copy = fresh(hello)
    copy[TCP].ack = synack[TCP].seq + 3
    copy.time = t
    out.append(copy)
wrpcap(sys.argv[2], out)
