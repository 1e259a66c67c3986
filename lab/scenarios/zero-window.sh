#!/usr/bin/env bash
# A receiver that stops reading: the server's application sleeps 4 s with a small receive buffer while the client
# sends 300 kB; the server's TCP advertises a zero window until the application reads again. Captured at the client.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-zero "$out"
lab_background server timeout 40 /usr/bin/python3 "$here/servers/slow_reader.py" 198.18.2.2 7000 4
lab_capture client c0 "$out/client.pcap"
sleep 2
lab_exec client timeout 30 /usr/bin/python3 "$here/servers/bulk_sender.py" 198.18.2.2 7000 300000 || true
sleep 5   # the sender's kernel still holds data: let the pause and the resumed reading be captured
lab_stop_captures
# Evidence: the server's first segment advertising a zero window, found with tshark.
zero=$(lab_frames "$out/client.pcap" match 'ip.src==198.18.2.2 && tcp.srcport==7000 && tcp.window_size_value==0 && tcp.flags.reset==0 && tcp.flags.syn==0' 1)
lab_expected "$out/expected.json" ZERO="$zero" <<'JSON'
{ "scenario": "zero-window", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.zero-window", "top": true, "titleContains": "198.18.2.2:7000 stopped reading", "evidence": [@ZERO@] } ] } }
JSON
