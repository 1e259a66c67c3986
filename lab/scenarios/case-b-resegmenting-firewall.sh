#!/usr/bin/env bash
# Case B: mail through a firewall that intercepts TCP and gets particular segment sizes wrong. The sending MTA pipelines
# its whole envelope (MAIL FROM, RCPT TO x n, DATA) in one segment; envelopes of 512, 514, 1024 and 1026 bytes get
# their replies, 513 and 1025 bytes hang: the firewall acknowledges those segments to the client itself and never
# passes them on, so the client holds TCP ACKs for everything it sent and no SMTP reply ever comes; after 6 s it gives
# up and closes, and the firewall, having lost that connection's stream, acknowledges the FIN as well.
#
# The fault is built from two parts in the fw namespace: an iptables FORWARD rule that drops client-to-server port-25
# segments with exactly 513 or 1025 bytes of TCP payload (IP total length 565 or 1077 with a 20-byte IP header and a
# 32-byte TCP header, timestamps on; u32 checks both header sizes), and lab/servers/ack_forger.py (python3-scapy),
# which answers each such segment towards the client with an ACK that claims to come from the server but carries the
# firewall's fingerprint (TTL 64 instead of the server's 63, IP ID 0, its own window, no TCP options); from then on it
# forwards nothing more of that connection and acknowledges the rest of what the client sends on it (the FIN) itself,
# so the server never answers anything on it either (none of its ACKs for the old position reach the client).
#
# The client is lab/servers/pipelining_client.py, not swaks: swaks --pipeline builds the envelope from its own
# arguments, so the segment's size can only be approached by trial and may change with swaks' version and EHLO name;
# the purpose-written client makes each envelope exactly 512, 513, 514, 1024, 1025 or 1026 bytes (padding the last
# recipients) and sends it with one sendall on a TCP_NODELAY socket. The server is python3-aiosmtpd.
# Captured at the client (c0) and at the server (s0), where the 513- and 1025-byte segments never arrive.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-case-b "$out"
work=$(mktemp -d)
trap 'lab_cleanup; rm -rf "$work"' EXIT INT TERM
sizes=(512 513 514 1024 1025 1026)
faulty=(513 1025)
for n in "${faulty[@]}"; do
  lab_exec fw iptables -A FORWARD -p tcp -s 198.18.1.2 -d 198.18.2.2 --dport 25 -m length --length $((20 + 32 + n)) \
    -m u32 --u32 "0>>24&0xF=5 && 0>>22&0x3C@12>>26&0x3C=32" -j DROP
done
lab_background server timeout 90 /usr/bin/python3 -m aiosmtpd -n -l 198.18.2.2:25 >/dev/null
lab_background fw timeout 80 /usr/bin/python3 "$here/servers/ack_forger.py" fwin 198.18.1.2 198.18.2.2 25 70 "$work/forger-ready" "${faulty[@]}"
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
for _ in $(seq 40); do [ -e "$work/forger-ready" ] && break; sleep 0.5; done
[ -e "$work/forger-ready" ] || { lab_log "case B: ack_forger did not start"; exit 1; }
sleep 2
outcome=()
for n in "${sizes[@]}"; do
  rc=0
  lab_exec client timeout 20 /usr/bin/python3 "$here/servers/pipelining_client.py" 198.18.2.2 25 "$n" || rc=$?
  outcome+=("$n:$rc")
done
lab_stop_captures
# The sessions went as the case says: replies for 512, 514, 1024, 1026 (exit 0), none for 513 and 1025 (exit 3).
[ "${outcome[*]}" = "512:0 513:3 514:0 1024:0 1025:3 1026:0" ] || { lab_log "case B: sessions ended ${outcome[*]}"; exit 1; }
# Exactly the 513- and 1025-byte segments were dropped: the client sent each once and retransmitted nothing (the
# forged ACKs were taken), the server saw neither, every other data segment of the client reached the server, and
# both odd envelopes were acknowledged in the server's name with the firewall's TTL 64.
count() { tshark -n -r "$1" -Y "$2" 2>/dev/null | wc -l; }
from_client='ip.src==198.18.1.2 && tcp.dstport==25'
odd='(tcp.len==513 || tcp.len==1025)'
fail() { lab_log "case B: $*"; exit 1; }
[ "$(count "$out/client.pcap" "$from_client && $odd")" = 2 ] || fail "the client did not send each odd envelope exactly once"
[ "$(count "$out/client.pcap" "$from_client && tcp.analysis.retransmission")" = 0 ] || fail "the client retransmitted"
[ "$(count "$out/server.pcap" "$from_client && $odd")" = 0 ] || fail "an odd envelope reached the server"
[ "$(count "$out/client.pcap" "$from_client && tcp.len>0 && !$odd")" = "$(count "$out/server.pcap" "$from_client && tcp.len>0")" ] \
  || fail "the firewall dropped other data segments too"
envelopes=$(lab_frames "$out/client.pcap" match "$from_client && $odd")
[ "$(count "$out/client.pcap" "ip.src==198.18.2.2 && ip.ttl==64 && tcp.analysis.acks_frame in {${envelopes// /, }}")" = 2 ] \
  || fail "the odd envelopes were not both acknowledged by the forger"
# Evidence: the 513-byte envelope, and every forged ACK (from the server's address with the firewall's TTL 64).
envelope=$(lab_frames "$out/client.pcap" match "$from_client && tcp.len==513")
forged=$(lab_frames "$out/client.pcap" match 'ip.src==198.18.2.2 && tcp.srcport==25 && ip.ttl==64')
lab_expected "$out/expected.json" ENVELOPE="$envelope" FORGED="$forged" <<'JSON'
{ "scenario": "case-b-resegmenting-firewall", "noWarnings": false,
  "points": {
    "client.pcap": [ { "id": "smtp.no-reply", "top": true, "evidence": [@ENVELOPE@] },
                     { "id": "tcp.size-specific-loss", "titleContains": "513" },
                     { "id": "tcp.middlebox-packets", "evidence": [@FORGED@] } ] } }
JSON
