#!/usr/bin/env bash
# A slow path, the counterpart of slow-server: the HTTP server answers at once, but a relay on the path
# (lab/servers/delaying_relay.py in the firewall, reached transparently through an iptables REDIRECT) holds every
# response chunk 2 s before passing it on. Captured at the client (the response arrives 2 s after the request) and
# at the server (the response leaves at once: the delay is not in the server, so no slow response there).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-slowpath "$out"
lab_background server timeout 40 /usr/bin/python3 "$here/servers/slow_http.py" 198.18.2.2 8080 0 30
lab_exec fw iptables -t nat -A PREROUTING -i fwin -p tcp -d 198.18.2.2 --dport 8080 -j REDIRECT --to-ports 18080
lab_background fw timeout 40 /usr/bin/python3 "$here/servers/delaying_relay.py" 198.18.1.1 18080 198.18.2.2 8080 2 30
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 15 curl -s -o /dev/null http://198.18.2.2:8080/report || true
lab_stop_captures

# Evidence, from the capture itself (tshark, lab/lib/frames.py): the request, and the first byte of the response.
request=$(lab_frames "$out/client.pcap" match 'tcp.dstport == 8080 && tcp.len > 0' 1)
response=$(lab_frames "$out/client.pcap" match 'tcp.srcport == 8080 && tcp.len > 0' 1)
lab_expected "$out/expected.json" REQUEST="$request" RESPONSE="$response" <<'JSON'
{ "scenario": "slow-path", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "http.slow-response", "top": true, "titleContains": "198.18.2.2:8080 took 2",
                       "evidence": [@REQUEST@, @RESPONSE@] } ] },
  "absentAt": { "server.pcap": [ "http.slow-response" ] } }
JSON
