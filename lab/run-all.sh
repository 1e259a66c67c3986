#!/usr/bin/env bash
# lab/run-all.sh — regenerates every lab fixture (as root): installs what the lab needs from Debian, then runs each
# scenario in its own network namespaces and writes its captures and expected.json under lab/fixtures/<scenario>/.
#
#   sudo lab/run-all.sh              # all scenarios
#   sudo lab/run-all.sh case-e-smtp-no-reply
#
# Traffic stays between the lab's namespaces (198.18.0.0/15); every scenario removes its namespaces and processes,
# also on failure; every server and client runs under a timeout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "run-all.sh: needs root (network namespaces)" >&2; exit 1; }
need=()
for p in iproute2:ip tcpdump:tcpdump swaks:swaks curl:curl ethtool:ethtool iptables:iptables iputils-ping:ping tshark:tshark dnsmasq-base:dnsmasq dnsutils:dig; do
  command -v "${p#*:}" >/dev/null || need+=("${p%%:*}")
done
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
/usr/bin/python3 -c 'import scapy' 2>/dev/null || need+=(python3-scapy)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=($(cd "$here/scenarios" && ls *.sh | sed 's/\.sh$//'))
for s in "${scenarios[@]}"; do
  echo "[lab] $s" >&2
  rm -rf "$here/fixtures/$s"
  # Bounded: a scenario that hangs is stopped (its EXIT/TERM trap removes its namespaces and processes).
  timeout --kill-after=15 180 bash "$here/scenarios/$s.sh" "$here/fixtures/$s"
  ls -l "$here/fixtures/$s" >&2
done
