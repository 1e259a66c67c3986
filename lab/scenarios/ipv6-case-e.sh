#!/usr/bin/env bash
# Case E over IPv6: the silent SMTP server on 2001:db8:2::2 takes the message and never answers the dot; swaks gives
# up after its timeout. Captured at the client.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-v6 "$out"
lab_background server timeout 60 /usr/bin/python3 "$here/servers/silent_smtp.py" 2001:db8:2::2 25 40
lab_capture client c0 "$out/client.pcap"
sleep 2
lab_exec client timeout 30 swaks -6 --server 2001:db8:2::2 --from alice@lab.example --to bob@lab.example \
  --header "Subject: lab case E over IPv6" --body "over IPv6" --timeout 8 >/dev/null 2>&1 || true
lab_stop_captures
# Evidence: the client's segment that ends with the end-of-data line "<CR><LF>.<CR><LF>", found with tshark.
eod=$(lab_frames "$out/client.pcap" match 'ipv6.src==2001:db8:1::2 && tcp.dstport==25 && tcp.payload[-5:5]==0d:0a:2e:0d:0a')
lab_expected "$out/expected.json" EOD="$eod" <<'JSON'
{ "scenario": "ipv6-case-e", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "smtp.no-reply-after-data", "top": true, "titleContains": "[2001:db8:2::2]:25", "evidence": [@EOD@] } ] } }
JSON
