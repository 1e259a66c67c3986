#!/usr/bin/env bash
# Case C: an LPD client from source port 722 vanishes without the print server noticing (its reset is dropped on the
# way), then opens a new connection from the same port: the server, still holding the old connection, answers the SYN
# with a bare ACK for the old sequence space. Captured at the client, at the firewall's inside and outside interfaces
# (fw-in, fw-out) and at the server: every point sees the SYN answered by the bare ACK, none sees the lost reset.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-c "$out"
lab_background server timeout 60 /usr/bin/python3 "$here/servers/lpd_server.py" 198.18.2.2 515 40
lab_capture client c0 "$out/client.pcap"
lab_capture fw fwin "$out/fw-in.pcap"
lab_capture fw fwout "$out/fw-out.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2
lab_exec client iptables -A OUTPUT -p tcp --sport 722 --tcp-flags RST RST -j DROP
lab_exec client timeout 15 /usr/bin/python3 "$here/servers/vanishing_client.py" phase1 198.18.1.2 198.18.2.2 515
sleep 3
lab_exec client iptables -D OUTPUT -p tcp --sport 722 --tcp-flags RST RST -j DROP
lab_exec client timeout 15 /usr/bin/python3 "$here/servers/vanishing_client.py" phase2 198.18.1.2 198.18.2.2 515 || true
lab_stop_captures
# Evidence at each point: the new SYN from port 722 and the bare ACK that answers it, found with tshark.
args=()
for f in client fw-in fw-out server; do args+=("${f//-/_}=$(lab_frames "$out/$f.pcap" syn-answered-by-ack)"); done
lab_expected "$out/expected.json" "${args[@]}" <<'JSON'
{ "scenario": "case-c-half-open", "noWarnings": false,
  "findings": [ { "id": "tcp.syn-answered-by-ack", "top": true, "explanationContains": "no FIN or RST was seen" } ],
  "points": {
    "client.pcap": [ { "id": "tcp.syn-answered-by-ack", "evidence": [@client@] } ],
    "fw-in.pcap": [ { "id": "tcp.syn-answered-by-ack", "evidence": [@fw_in@] } ],
    "fw-out.pcap": [ { "id": "tcp.syn-answered-by-ack", "evidence": [@fw_out@] } ],
    "server.pcap": [ { "id": "tcp.syn-answered-by-ack", "evidence": [@server@] } ] } }
JSON
