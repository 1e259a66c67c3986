#!/usr/bin/env bash
# Case D: a live TLS handshake (openssl s_server / s_client) captured at the client side of the firewall stands for
# the firewall's inside view (fw-in.pcap); the client's view, where the SYN-ACK arrived 2 bytes longer, is built from
# it with python3-scapy (lab/servers/craft_case_d.py), since nothing here can grow a packet in flight.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-d "$out"
work=$(mktemp -d)
trap 'lab_cleanup; rm -rf "$work"' EXIT INT TERM
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 30 -subj "/CN=www.lab.example" >/dev/null 2>&1
lab_background server timeout 30 openssl s_server -accept 198.18.2.2:443 -cert "$work/cert.pem" -key "$work/key.pem" -quiet
lab_capture fw fwin "$out/fw-in.pcap"
sleep 2
lab_exec client timeout 10 openssl s_client -connect 198.18.2.2:443 -servername www.lab.example </dev/null >/dev/null 2>&1 || true
lab_stop_captures
/usr/bin/python3 "$here/servers/craft_case_d.py" "$out/fw-in.pcap" "$out/client.pcap"
cat > "$out/expected.json" <<'JSON'
{ "scenario": "case-d-synack-payload", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.synack-payload", "top": true, "explanationContains": "ISN+1+2" } ] } }
JSON
