#!/usr/bin/env bash
# Case A: mail stalls mid-DATA. The firewall drops every packet of 1000 bytes or more towards the SMTP server (a
# length match standing in for a black hole that loses full-size segments), small ones pass. swaks retransmits with
# backoff until its 12 s timeout and gives up. Captured at the client and past the firewall (fw-out, the "edge" the
# data never reaches).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-a "$out"
lab_exec fw iptables -A FORWARD -p tcp -d 198.18.2.2 --dport 25 -m length --length 1000:65535 -j DROP
lab_background server timeout 60 /usr/bin/python3 -m aiosmtpd -n -l 198.18.2.2:25
lab_capture client c0 "$out/client.pcap"
lab_capture fw fwout "$out/fw-out.pcap"
sleep 2
lab_exec client timeout 40 swaks --server 198.18.2.2 --from alice@lab.example --to bob@lab.example \
  --header "Subject: lab case A" --body "$(head -c 6000 /dev/zero | tr '\0' 'y')" --timeout 12 >/dev/null 2>&1 || true
lab_stop_captures
# Evidence: the first copy of the data segment that never got through and its first retransmission (the segment
# the client sent most often), found with tshark.
stalled=$(lab_frames "$out/client.pcap" retransmitted 'ip.src==198.18.1.2 && tcp.dstport==25')
lab_expected "$out/expected.json" STALLED="$stalled" <<'JSON'
{ "scenario": "case-a-stalled-data", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "tcp.stalled-data", "top": true, "explanationContains": "backing off exponentially", "evidence": [@STALLED@] },
                     { "id": "tcp.mtu-black-hole" } ] } }
JSON
