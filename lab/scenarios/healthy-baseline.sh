#!/usr/bin/env bash
# A healthy baseline across protocols, one after another: HTTPS (openssl s_server with a throw-away self-signed
# certificate, fetched by curl), plain HTTP from python3's http.server with a ~2 MB bulk download, HTTP over IPv6,
# DNS from dnsmasq (no upstream: local records only) over UDP — one unknown name, answered NXDOMAIN as it should
# be — and over TCP and IPv6, and an LPD print job sent properly (lab/servers/lpd_client.py) to lab/servers/lpd_server.py.
# Captured at the client and at the server; the captures are stored gzip-compressed (the bulk download would
# otherwise make them megabytes). analyze must find no warning here.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-base "$out"
tmp=$(mktemp -d /tmp/wc-base.XXXXXX)
trap 'lab_cleanup; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# The servers' material: a self-signed certificate (one day), a small web site with a ~2 MB file.
timeout 30 openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=secure.lab.example -addext subjectAltName=DNS:secure.lab.example \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
mkdir "$tmp/www"
echo '<html><body>lab baseline</body></html>' > "$tmp/www/index.html"
seq 1 200 | sed 's/^/a small text line /' > "$tmp/www/small.txt"
# Compressible content (the fixture is stored gzip-compressed), 2,000,000 bytes.
/usr/bin/python3 -c 'import sys; line = b"wirecase lab bulk transfer: a healthy download of about two megabytes.\n"
sys.stdout.buffer.write((line * (2000000 // len(line) + 1))[:2000000])' > "$tmp/www/bulk.bin"

lab_background server timeout 60 openssl s_server -quiet -naccept 1 -accept 198.18.2.2:443 \
  -cert "$tmp/cert.pem" -key "$tmp/key.pem" -www
lab_background server timeout 60 /usr/bin/python3 -m http.server --bind 198.18.2.2 80 --directory "$tmp/www" >/dev/null 2>&1
lab_background server timeout 60 /usr/bin/python3 -m http.server --bind 2001:db8:2::2 80 --directory "$tmp/www" >/dev/null 2>&1
lab_background server timeout 60 dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
  --bind-interfaces --listen-address=198.18.2.2,2001:db8:2::2 --port=53 \
  --pid-file="$tmp/dnsmasq.pid" --dhcp-leasefile="$tmp/dnsmasq.leases" --local=/lab.example/ \
  --address=/www.lab.example/198.18.2.2 --address=/secure.lab.example/198.18.2.2 \
  --host-record=printer.lab.example,198.18.2.2,2001:db8:2::2 --host-record=mail.lab.example,198.18.2.2 >/dev/null 2>&1
lab_background server timeout 60 /usr/bin/python3 "$here/servers/lpd_server.py" 198.18.2.2 515 50
lab_capture client c0 "$out/client.pcap"
lab_capture server s0 "$out/server.pcap"
sleep 2

# HTTPS (with SNI), then plain HTTP: a page, a small file, the bulk download (rate-limited: gentle on the capture).
lab_exec client timeout 15 curl -sS -k -o /dev/null --resolve secure.lab.example:443:198.18.2.2 https://secure.lab.example/
sleep 0.3
lab_exec client timeout 15 curl -sS -o /dev/null http://198.18.2.2/
lab_exec client timeout 15 curl -sS -o /dev/null http://198.18.2.2/small.txt
lab_exec client timeout 30 curl -sS -o /dev/null --limit-rate 4M http://198.18.2.2/bulk.bin
lab_exec client timeout 15 curl -sS -o /dev/null 'http://[2001:db8:2::2]/small.txt'
sleep 0.3
# DNS: names that exist, an unknown name (NXDOMAIN: a normal answer), one query over TCP, one over IPv6.
for q in 'www.lab.example A' 'printer.lab.example A' 'printer.lab.example AAAA' 'missing.lab.example A'; do
  lab_exec client timeout 10 dig +time=2 +tries=1 @198.18.2.2 $q >/dev/null
done
lab_exec client timeout 10 dig +tcp +time=2 +tries=1 @198.18.2.2 mail.lab.example A >/dev/null
lab_exec client timeout 10 dig -6 +time=2 +tries=1 @2001:db8:2::2 printer.lab.example AAAA >/dev/null
sleep 0.3
# LPD: one print job, every step acknowledged, then a clean close.
lab_exec client timeout 15 /usr/bin/python3 "$here/servers/lpd_client.py" 198.18.2.2 515 lp 10
lab_stop_captures
gzip -9 -n "$out/client.pcap" "$out/server.pcap"
cat > "$out/expected.json" <<'JSON'
{ "scenario": "healthy-baseline", "noWarnings": true, "findings": [] }
JSON
