#!/usr/bin/env bash
# Ping markers around a failure: a refused connection before the markers, then `ping -s 22` (the user's first
# marker), a connection to a port the firewall drops, `ping -s 33`, and another refused connection after. Analysed
# between the markers, only the dropped port is reported. Captured at the client.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-markers "$out"
lab_exec fw iptables -A FORWARD -p tcp -d 198.18.2.2 --dport 9090 -j DROP
lab_capture client c0 "$out/client.pcap"
sleep 2
lab_exec client timeout 5 curl -s --max-time 2 http://198.18.2.2:8080/ >/dev/null 2>&1 || true
lab_exec client ping -c 1 -s 22 -W 2 198.18.2.2 >/dev/null
lab_exec client timeout 10 curl -s --max-time 4 http://198.18.2.2:9090/ >/dev/null 2>&1 || true
lab_exec client ping -c 1 -s 33 -W 2 198.18.2.2 >/dev/null
lab_exec client timeout 5 curl -s --max-time 2 http://198.18.2.2:8081/ >/dev/null 2>&1 || true
lab_stop_captures
# Evidence: the first SYN to the dropped port 9090, found with tshark.
syn=$(lab_frames "$out/client.pcap" unanswered-syn 'tcp.dstport==9090')
lab_expected "$out/expected.json" SYN="$syn" <<'JSON'
{ "scenario": "ping-markers", "noWarnings": false, "markers": [22, 33],
  "points": {
    "client.pcap": [ { "id": "tcp.unanswered-syn", "top": true, "titleContains": "198.18.2.2:9090", "evidence": [@SYN@] } ] },
  "absent": [ "tcp.rejected" ] }
JSON
