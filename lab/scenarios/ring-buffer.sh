#!/usr/bin/env bash
# A ring buffer of several capture files with a fault across a file boundary. tcpdump at the client starts a new
# file with the first packet that comes 4 s (counted in whole seconds) or more after the current file was opened
# (-G 4; at most 6 files: -W 6; tcpdump's -C counts in whole megabytes, too big here). The traffic comes in bursts
# shorter than 3 s spaced more than 4 s apart, so each burst lands in its own file:
#   file 1: healthy HTTP
#   file 2: healthy HTTP, then Case E: the SMTP server (lab/servers/silent_smtp.py) takes the message and never
#           answers the end-of-data line
#   file 3: healthy HTTP while the SMTP client is still waiting
#   file 4: the SMTP client gives up (QUIT, close) 10 s after the end of data, then healthy HTTP
# The files are renamed ring_00001.pcap ... in capture order. Only analysed together, as one capture set, do they
# show the whole fault. The script checks the layout (the end of data and the give-up in different files) and fails
# otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?output folder}
source "$here/lib/topology.sh"
lab_scenario wc-ring "$out"
tmp=$(mktemp -d /tmp/wc-ring.XXXXXX)
trap 'lab_cleanup; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

mkdir "$tmp/www"
echo '<html><body>lab ring buffer</body></html>' > "$tmp/www/index.html"
seq 1 100 | sed 's/^/a status line /' > "$tmp/www/status.txt"
lab_background server timeout 60 /usr/bin/python3 -m http.server --bind 198.18.2.2 80 --directory "$tmp/www" >/dev/null 2>&1
lab_background server timeout 60 /usr/bin/python3 "$here/servers/silent_smtp.py" 198.18.2.2 25 50
sleep 1
# The ring: file names carry the time (seconds since the epoch, so they sort in capture order) until renamed.
lab_background client timeout 60 tcpdump -i c0 -s 0 -U -Z root -G 4 -W 6 -w "$tmp/raw-%s.pcap" -- tcp or udp or icmp \
  >/dev/null 2>&1
sleep 1.5

http_burst() {   # a few quick, healthy HTTP requests
  local target
  for target in / /status.txt /index.html; do
    lab_exec client timeout 10 curl -sS -o /dev/null "http://198.18.2.2$target"
  done
}

http_burst                       # file 1
sleep 4.5
http_burst                       # file 2, then the message the server never answers
lab_background client timeout 30 swaks --server 198.18.2.2 --from alice@lab.example --to bob@lab.example \
  --header "Subject: lab ring buffer" --body "a message across a file boundary" --timeout 10 >/dev/null 2>&1
swaks=${LAB_PIDS[-1]}
sleep 4.5
http_burst                       # file 3, while swaks waits for the reply
wait "$swaks" || true            # swaks gives up: file 4
http_burst
lab_stop_captures

# Rename in capture order.
n=0
for f in $(ls "$tmp"/raw-*.pcap | sort); do
  n=$((n + 1))
  cp "$f" "$out/$(printf 'ring_%05d.pcap' "$n")"
done
# Where the fault lies, from the captures themselves (tshark, file by file): the first segment that ends the message
# (CR LF . CR LF) and the client's QUIT when it gave up.
frames() { timeout 30 tshark -n -r "$1" -Y "$2" -T fields -e frame.number 2>/dev/null | head -n 1; }
eod="" eod_file="" quit_file=""
for f in $(cd "$out" && ls ring_*.pcap); do
  hit=$(frames "$out/$f" 'tcp.dstport == 25 && tcp.payload contains 0d:0a:2e:0d:0a')
  if [ -z "$eod" ] && [ -n "$hit" ]; then eod="$f#$hit"; eod_file=$f; fi
  if [ -z "$quit_file" ] && [ -n "$(frames "$out/$f" 'tcp.dstport == 25 && tcp.payload contains "QUIT"')" ]; then
    quit_file=$f
  fi
done
lab_log "ring-buffer: $n files; end of data at $eod; the client gives up in $quit_file"
if [ "$n" -lt 3 ] || [ "$n" -gt 6 ]; then lab_log "ring-buffer: expected 3 to 6 files, got $n"; exit 1; fi
if [ -z "$eod_file" ] || [ -z "$quit_file" ] || ! [[ "$eod_file" < "$quit_file" ]]; then
  lab_log "ring-buffer: the end of data and the give-up are not in different files"; exit 1
fi
cat > "$out/expected.json" <<JSON
{ "scenario": "ring-buffer", "noWarnings": false, "set": true,
  "findings": [ { "id": "smtp.no-reply-after-data", "top": true, "explanationContains": "TCP acknowledged all of it",
                  "evidence": [ "$eod" ] } ] }
JSON
/usr/bin/python3 -m json.tool "$out/expected.json" >/dev/null
