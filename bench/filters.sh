# bench/filters.sh — the display-filter benchmark, sourced by bench/run.sh (uses its measure, find_row, R_* and TMP).
#
# On the mixed capture: `wirecase packets -Y 'tcp.analysis.retransmission'` against `tshark -r F -Y
# tcp.analysis.retransmission` (issue 7's target: at least 20x faster), and `wirecase write -Y 'tcp.port==25'` against
# reading the file (`wirecase info`, `tcpdump -r F -w /dev/null`) and `tshark -r F -Y 'tcp.port==25' -w`. The frames
# each tool selected are counted as a check.

FILTER_LINES=()
FILTER_ROWS=()

bench_filters() {
  local f=$1 name
  [ -s "$f" ] || { log "no $f: filter benchmark skipped"; return 0; }
  name=$(basename "$f")
  local retrans='tcp.analysis.retransmission' smtp='tcp.port==25'
  measure "$f" "wirecase packets -Y '$retrans'" null -- "$WIRECASE" packets -Y "$retrans" "$f"
  measure "$f" "tshark -r F -Y '$retrans'"      null -- tshark -r "$f" -Y "$retrans"
  measure "$f" "wirecase write -Y '$smtp'"      null -- "$WIRECASE" write -Y "$smtp" -o "$TMP/wirecase-25.pcapng" "$f"
  measure "$f" "tshark -r F -Y '$smtp' -w"      null -- tshark -r "$f" -Y "$smtp" -w "$TMP/tshark-25.pcapng"
  if [ -z "$(find_row "$name" "wirecase info")" ]; then
    measure "$f" "wirecase info"             null -- "$WIRECASE" info "$f"
    measure "$f" "tcpdump -r F -w /dev/null" null -- tcpdump -r "$f" -w /dev/null
  fi
  FILTER_ROWS=("$name")

  local ours theirs write tshark_write info dump
  ours=$(find_row "$name" "wirecase packets -Y '$retrans'")
  theirs=$(find_row "$name" "tshark -r F -Y '$retrans'")
  write=$(find_row "$name" "wirecase write -Y '$smtp'")
  tshark_write=$(find_row "$name" "tshark -r F -Y '$smtp' -w")
  info=$(find_row "$name" "wirecase info")
  dump=$(find_row "$name" "tcpdump -r F -w /dev/null")
  [ -n "$ours" ] && [ -n "$theirs" ] && [ -n "${R_WALL[$ours]}" ] && [ -n "${R_WALL[$theirs]}" ] &&
    FILTER_LINES+=("$(awk -v o="${R_WALL[$ours]}" -v t="${R_WALL[$theirs]}" -v om="${R_MB[$ours]}" -v tm="${R_MB[$theirs]}" 'BEGIN {
      printf "packets -Y tcp.analysis.retransmission: wirecase %s s (%s MB), tshark %s s (%s MB) = %.1fx faster (target at least 20x)", o, om, t, tm, t / o }')")
  [ -n "$write" ] && [ -n "$info" ] && [ -n "${R_WALL[$write]}" ] &&
    FILTER_LINES+=("$(awk -v w="${R_WALL[$write]}" -v i="${R_WALL[$info]}" -v d="${dump:+${R_WALL[$dump]}}" -v t="${tshark_write:+${R_WALL[$tshark_write]}}" 'BEGIN {
      printf "write -Y tcp.port==25: %s s = %.2fx wirecase info (%s s, reading and decoding every frame)", w, w / i, i
      if (d > 0) printf ", %.2fx tcpdump -r F -w /dev/null (%s s)", w / d, d
      if (t > 0) printf "; tshark -Y -w %s s = %.1fx slower", t, t / w
      printf "\n" }')")
  local n_ours n_theirs w_ours w_theirs
  n_ours=$("$WIRECASE" packets -Y "$retrans" "$f" 2>/dev/null | wc -l)
  n_theirs=$(tshark -r "$f" -Y "$retrans" -T fields -e frame.number 2>/dev/null | wc -l)
  w_ours=$(capinfos -M -c "$TMP/wirecase-25.pcapng" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/[ \t]/, "", $2); print $2 }')
  w_theirs=$(capinfos -M -c "$TMP/tshark-25.pcapng" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/[ \t]/, "", $2); print $2 }')
  FILTER_LINES+=("frames selected: tcp.analysis.retransmission wirecase $n_ours, tshark $n_theirs; tcp.port==25 written wirecase ${w_ours:-?}, tshark ${w_theirs:-?}")
}

filters_report() { section_report "Display filters and writing" '-Y|^wirecase info$|^tcpdump' FILTER_ROWS FILTER_LINES; }
