#!/usr/bin/env bash
# A port that rejects (nothing listens: the server's stack answers RST) and a port a firewall drops silently
# (iptables DROP in the fw namespace): curl tries each a bounded number of times. Captured at the client and at the
# server. analyze must report tcp.rejected for the first and tcp.unanswered-syn for the second, and tell them apart.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-reject "$out"
lab_exec fw iptables -A FORWARD -p tcp -d 198.18.2.2 --dport 9090 -j DROP
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 10 curl -s --max-time 3 http://198.18.2.2:8080/ >/dev/null 2>&1 || true
lab_exec client timeout 10 curl -s --max-time 4 http://198.18.2.2:9090/ >/dev/null 2>&1 || true
lab_stop_captures
# Evidence: the RST that answers the SYN to 8080 (at both points) and the first SYN to 9090, found with tshark.
rst='ip.src==198.18.2.2 && tcp.srcport==8080 && tcp.flags.reset==1'
syn='tcp.dstport==9090 && tcp.flags==0x002 && !tcp.analysis.retransmission'
lab_expected "$out/expected.json" CLIENT_RST="$(lab_frames "$out/client.pcap" match "$rst" 1)" \
  CLIENT_SYN="$(lab_frames "$out/client.pcap" match "$syn" 1)" SERVER_RST="$(lab_frames "$out/server.pcap" match "$rst" 1)" <<'JSON'
{ "scenario": "reject-and-drop", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.rejected", "titleContains": "198.18.2.2:8080", "evidence": [@CLIENT_RST@] },
                     { "id": "tcp.unanswered-syn", "titleContains": "198.18.2.2:9090", "evidence": [@CLIENT_SYN@] } ],
    "server.pcap": [ { "id": "tcp.rejected", "titleContains": "198.18.2.2:8080", "evidence": [@SERVER_RST@] } ] } }
JSON
