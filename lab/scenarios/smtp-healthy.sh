#!/usr/bin/env bash
# A healthy baseline: mail through a real SMTP server (python3-aiosmtpd) with swaks, and an HTTP download with curl
# from python3's http.server. Captured at the client and at the server. analyze must find no warning here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-healthy "$out"
lab_background server /usr/bin/python3 -m aiosmtpd -n -l 198.18.2.2:25
lab_background server timeout 60 /usr/bin/python3 -m http.server --bind 198.18.2.2 80 --directory "$here/servers"
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client timeout 20 swaks --server 198.18.2.2 --from alice@lab.example --to bob@lab.example \
  --header "Subject: lab baseline" --body "a healthy message" >/dev/null
lab_exec client timeout 20 curl -s -o /dev/null http://198.18.2.2/silent_smtp.py
lab_stop_captures
cat > "$out/expected.json" <<'JSON'
{ "scenario": "smtp-healthy", "noWarnings": true, "findings": [] }
JSON
