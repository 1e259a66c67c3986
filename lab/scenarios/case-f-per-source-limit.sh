#!/usr/bin/env bash
# Case F: the firewall drops SYNs from a source that already has 3 connections open (iptables connlimit), silently.
# 198.18.1.2 (many clients behind one NAT address) opens 10 at once, 198.18.1.3 opens 2: the first loses most of its
# attempts, the second none. Captured at the client side and at the server.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-f "$out"
lab_exec client ip addr add 198.18.1.3/24 dev c0
lab_exec fw iptables -A FORWARD -p tcp --syn -d 198.18.2.2 --dport 515 -m connlimit --connlimit-above 3 --connlimit-mask 32 -j DROP
lab_background server timeout 60 /usr/bin/python3 "$here/servers/lpd_server.py" 198.18.2.2 515 40
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 30 /usr/bin/python3 "$here/servers/many_connections.py" 198.18.1.3 198.18.2.2 515 2 6 &
other=$!
lab_exec client timeout 30 /usr/bin/python3 "$here/servers/many_connections.py" 198.18.1.2 198.18.2.2 515 10 6
wait "$other" || true
lab_stop_captures
# Evidence: the first SYN from 198.18.1.2 whose connection never got a SYN-ACK or a RST, found with tshark.
syn=$(lab_frames "$out/client.pcap" unanswered-syn 'ip.src==198.18.1.2 && tcp.dstport==515')
lab_expected "$out/expected.json" SYN="$syn" <<'JSON'
{ "scenario": "case-f-per-source-limit", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.unanswered-syn", "top": true, "titleContains": "198.18.2.2:515", "explanationContains": "came from 198.18.1.2", "evidence": [@SYN@] } ] } }
JSON
