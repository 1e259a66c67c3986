#!/usr/bin/env bash
# A slow server: the HTTP application holds every response 2 s while the network round trip is well under a
# millisecond. Captured at the client and at the server (the server's capture shows the response leaving late: the
# delay is inside the server).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-slow "$out"
lab_background server timeout 40 /usr/bin/python3 "$here/servers/slow_http.py" 198.18.2.2 8080 2 20
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 15 curl -s -o /dev/null http://198.18.2.2:8080/report || true
lab_stop_captures
# Evidence at each point: the server's segment that starts the HTTP response ("HTTP/"), found with tshark.
response='tcp.srcport==8080 && tcp.payload[0:5]==48:54:54:50:2f'
lab_expected "$out/expected.json" CLIENT="$(lab_frames "$out/client.pcap" match "$response" 1)" SERVER="$(lab_frames "$out/server.pcap" match "$response" 1)" <<'JSON'
{ "scenario": "slow-server", "noWarnings": false,
  "findings": [ { "id": "http.slow-response", "top": true, "titleContains": "198.18.2.2:8080 took 2" } ],
  "points": {
    "client.pcap": [ { "id": "http.slow-response", "evidence": [@CLIENT@] } ],
    "server.pcap": [ { "id": "http.slow-response", "evidence": [@SERVER@] } ] } }
JSON
