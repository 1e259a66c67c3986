#!/usr/bin/env bash
# make-reference.sh — tshark's view of the application transactions in the corpus, for ProtocolAgreementTests.
#
#   tests/Wirecase.EndToEnd.Tests/ProtocolReference/make-reference.sh [CORPUS]    # CORPUS: ../shared/corpus
#
# For every corpus file whose MANIFEST notes list SMTP, TLS, HTTP or DNS, runs tshark (default profile, two passes
# so that request/response links are known) and writes one TSV per protocol into this folder:
#   smtp.tsv  file, frame, reply codes in the frame (comma-separated)        (tshark: smtp.response.code)
#   smtpc.tsv file, frame, command verbs in the frame                         (tshark: smtp.req.command)
#   tls.tsv   file, frame, handshake types, SNI, cipher suite, alert descriptions
#   http.tsv  file, frame, response code, http.time, request frame
#   dns.tsv   file, frame, id, rcode, dns.time (responses only)
# The output is committed: the tests compare against it without running tshark. Needs tshark (Debian package
# tshark); records the version in VERSION.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../../shared/corpus}
corpus=$(cd "$corpus" && pwd)
command -v tshark >/dev/null || { echo "make-reference.sh: tshark is not installed (apt-get install -y tshark)" >&2; exit 1; }
tshark --version | head -1 > "$here/VERSION"
files() { awk -F'\t' -v p="$1" 'NR>1 && tolower($9) ~ ("protocols:[^|]*" p) {print $1}' "$corpus/MANIFEST.tsv"; }
run() {   # file, filter, fields...
  local f=$1 filter=$2; shift 2
  local args=()
  for e in "$@"; do args+=(-e "$e"); done
  (cd "$corpus" && LC_ALL=C.UTF-8 timeout 120 tshark -2 -r "$f" -Y "$filter" -T fields -E separator=/t -E occurrence=a -E aggregator=, "${args[@]}" 2>/dev/null) \
    | sed "s|^|$f\t|" || true
}
: > "$here/smtp.tsv"; : > "$here/smtpc.tsv"; : > "$here/tls.tsv"; : > "$here/http.tsv"; : > "$here/dns.tsv"
for f in $(files smtp); do
  run "$f" smtp.response.code frame.number smtp.response.code >> "$here/smtp.tsv"
  run "$f" smtp.req.command frame.number smtp.req.command >> "$here/smtpc.tsv"
done
for f in $(files tls); do
  run "$f" "tls.handshake.type==1 or tls.handshake.type==2 or tls.alert_message" frame.number tls.handshake.type \
      tls.handshake.extensions_server_name tls.handshake.ciphersuite tls.alert_message.desc >> "$here/tls.tsv"
done
for f in $(files http); do
  run "$f" http.response.code frame.number http.response.code http.time http.request_in >> "$here/http.tsv"
done
for f in $(files dns); do
  run "$f" "dns.flags.response==1" frame.number dns.id dns.flags.rcode dns.time >> "$here/dns.tsv"
done
wc -l "$here"/*.tsv
