#!/usr/bin/env bash
# Case E: TCP healthy, SMTP not. The server takes the message and never answers the end-of-data line; swaks gives up
# after its timeout and closes. Captured at the client and at the server.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-e "$out"
lab_background server timeout 60 /usr/bin/python3 "$here/servers/silent_smtp.py" 198.18.2.2 25 40
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 30 swaks --server 198.18.2.2 --from alice@lab.example --to bob@lab.example \
  --header "Subject: lab case E" --body "$(head -c 3000 /dev/zero | tr '\0' 'x')" --timeout 8 >/dev/null 2>&1 || true
lab_stop_captures
# Evidence at each point: the client's segment that ends with the end-of-data line "<CR><LF>.<CR><LF>", found with tshark.
eod='tcp.dstport==25 && tcp.payload[-5:5]==0d:0a:2e:0d:0a'
lab_expected "$out/expected.json" CLIENT="$(lab_frames "$out/client.pcap" match "$eod")" SERVER="$(lab_frames "$out/server.pcap" match "$eod")" <<'JSON'
{ "scenario": "case-e-smtp-no-reply", "noWarnings": false,
  "findings": [ { "id": "smtp.no-reply-after-data", "top": true, "explanationContains": "TCP acknowledged all of it" } ],
  "points": {
    "client.pcap": [ { "id": "smtp.no-reply-after-data", "evidence": [@CLIENT@] } ],
    "server.pcap": [ { "id": "smtp.no-reply-after-data", "evidence": [@SERVER@] } ] } }
JSON
