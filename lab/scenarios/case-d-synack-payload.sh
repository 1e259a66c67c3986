#!/usr/bin/env bash
# Case D: a live TLS handshake (openssl s_server / s_client) captured at the client side of the firewall stands for
# the firewall's inside view (fw-in.pcap); the client's view, where the SYN-ACK arrived 2 bytes longer, is built from
# it with python3-scapy (lab/servers/craft_case_d.py), since nothing here can grow a packet in flight. The firewall
# also NATs the client to its outside address (SNAT to 198.18.2.1), and the outside view is captured live (fw-out.pcap):
# the same connection with another source address and the same initial sequence number (Linux NAT does not rewrite
# sequence numbers), which lets the three views be matched.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-d "$out"
work=$(mktemp -d)
trap 'lab_cleanup; rm -rf "$work"' EXIT INT TERM
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 30 -subj "/CN=www.lab.example" >/dev/null 2>&1
lab_exec fw iptables -t nat -A POSTROUTING -o fwout -j SNAT --to-source 198.18.2.1
lab_background server timeout 30 openssl s_server -accept 198.18.2.2:443 -cert "$work/cert.pem" -key "$work/key.pem" -quiet
lab_capture fw fwin "$out/fw-in.pcap"
lab_capture fw fwout "$out/fw-out.pcap"
sleep 2
lab_exec client timeout 10 openssl s_client -connect 198.18.2.2:443 -servername www.lab.example </dev/null >/dev/null 2>&1 || true
lab_stop_captures
/usr/bin/python3 "$here/servers/craft_case_d.py" "$out/fw-in.pcap" "$out/client.pcap"
# The NAT did its part: outside, the SYN comes from 198.18.2.1 with the inside SYN's sequence number.
isn_in=$(tshark -n -r "$out/fw-in.pcap" -Y 'tcp.flags==0x002 && ip.src==198.18.1.2' -T fields -e tcp.seq_raw 2>/dev/null | sed -n 1p)
isn_out=$(tshark -n -r "$out/fw-out.pcap" -Y 'tcp.flags==0x002 && ip.src==198.18.2.1' -T fields -e tcp.seq_raw 2>/dev/null | sed -n 1p)
[ -n "$isn_in" ] && [ "$isn_in" = "$isn_out" ] || { lab_log "case D: SYN not NATed as expected (inside ISN '$isn_in', outside '$isn_out')"; exit 1; }
# Evidence: the SYN-ACK that carries payload, found with tshark.
synack=$(lab_frames "$out/client.pcap" match 'tcp.flags.syn==1 && tcp.flags.ack==1 && tcp.len>0')
lab_expected "$out/expected.json" SYNACK="$synack" <<'JSON'
{ "scenario": "case-d-synack-payload", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.synack-payload", "top": true, "explanationContains": "ISN+1+2", "evidence": [@SYNACK@] } ] } }
JSON
