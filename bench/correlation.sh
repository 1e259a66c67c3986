# bench/correlation.sh — the correlation benchmark, sourced by bench/run.sh (uses its measure, find_row, R_* and TMP).
#
# Two vantage points of the same traffic: point A is a ~500 MB prefix of mixed.pcap (whole records, tcpdump -c);
# point B is A as seen one router further on by a host whose clock is 3.7 s off (bench/second-point.py: timestamps
# +3.7 s + 250 µs, TTL - 1, every 5000th TCP data segment left out). Timed: analysing A alone, correlating A with B
# (the target: at most 3x the analysis), analysing both (analysis + correlation in one reading), and for memory the
# correlation with windows of 2, 10 and 60 s and on a ~250 MB pair cut the same way.

CORR_LINES=()
CORR_ROWS=()

bench_correlation() {
  local f=$1 frames bytes n a b a250 b250
  [ -s "$f" ] || { log "no $f: correlation benchmark skipped"; return 0; }
  frames=$(capinfos -M -c "$f" 2>/dev/null | awk -F: '/^Number of packets/ { gsub(/[ \t]/, "", $2); print $2 }')
  bytes=$(stat -c %s "$f")
  [ -n "$frames" ] || { log "capinfos could not count $f: correlation benchmark skipped"; return 0; }
  local target=500000000
  ((bytes > target)) || target=$((bytes))
  n=$(awk -v fr="$frames" -v b="$bytes" -v t="$target" 'BEGIN { printf "%d", fr * t / b }')
  a=$TMP/point-a.pcap b=$TMP/point-b.pcap a250=$TMP/point-a-half.pcap b250=$TMP/point-b-half.pcap
  log "correlation: cutting point A ($n frames) and making point B"
  tcpdump -r "$f" -w "$a" -c "$n" 2>/dev/null
  python3 "$BENCH/second-point.py" "$a" "$b" 2> "$LOGS/second-point.log"
  tcpdump -r "$a" -w "$a250" -c "$((n / 2))" 2>/dev/null
  python3 "$BENCH/second-point.py" "$a250" "$b250" 2> "$LOGS/second-point-half.log"
  cat "$b" "$b250" > /dev/null
  measure "$a" "wirecase analyze A"                  null -- "$WIRECASE" analyze "$a"
  measure "$a" "wirecase correlate A B"              keep -- "$WIRECASE" correlate --ladder none "$a" "$b"
  measure "$a" "wirecase analyze A B"                null -- "$WIRECASE" analyze "$a" "$b"
  measure "$a" "wirecase correlate --window 2 A B"   null -- "$WIRECASE" correlate --ladder none --window 2 "$a" "$b"
  measure "$a" "wirecase correlate --window 60 A B"  null -- "$WIRECASE" correlate --ladder none --window 60 "$a" "$b"
  measure "$a250" "wirecase correlate A B"           null -- "$WIRECASE" correlate --ladder none "$a250" "$b250"
  CORR_ROWS=("$(basename "$a")" "$(basename "$a250")")

  local one two both w2 w60 half
  one=$(find_row point-a.pcap "wirecase analyze A")
  two=$(find_row point-a.pcap "wirecase correlate A B")
  both=$(find_row point-a.pcap "wirecase analyze A B")
  w2=$(find_row point-a.pcap "wirecase correlate --window 2 A B")
  w60=$(find_row point-a.pcap "wirecase correlate --window 60 A B")
  half=$(find_row point-a-half.pcap "wirecase correlate A B")
  CORR_LINES+=("points: A = $(awk -v b="$(stat -c %s "$a")" 'BEGIN { printf "%.0f MB", b / 1e6 }') ($n frames of $(basename "$f")); B = A one router on, clock +3.7 s, $(sed -n 's/.*read, \([0-9]*\) TCP data segments left out.*/\1/p' "$LOGS/second-point.log") TCP data segments left out")
  if [ -n "$one" ] && [ -n "$two" ] && [ -n "${R_WALL[$one]}" ] && [ -n "${R_WALL[$two]}" ]; then
    CORR_LINES+=("$(awk -v o="${R_WALL[$one]}" -v t="${R_WALL[$two]}" -v b="${both:+${R_WALL[$both]}}" 'BEGIN {
      printf "time: correlate A B %s s = %.2fx analyze A (%s s; target at most 3x)", t, t / o, o
      if (b > 0) printf "; analyze A B (both points analysed and correlated in one reading) %s s = %.2fx", b, b / o }')")
  fi
  [ -n "$two" ] && [ -n "$w2" ] && [ -n "$w60" ] &&
    CORR_LINES+=("memory vs window: ${R_MB[$w2]} MB (2 s), ${R_MB[$two]} MB (10 s), ${R_MB[$w60]} MB (60 s); analyze A alone ${R_MB[$one]:-?} MB")
  [ -n "$two" ] && [ -n "$half" ] &&
    CORR_LINES+=("memory vs file size: correlate ${R_MB[$half]} MB on the ~250 MB pair, ${R_MB[$two]} MB on the ~500 MB pair")
  local out=$LOGS/$(slug "point-a-wirecase correlate A B").out
  if [ -s "$out" ]; then
    CORR_LINES+=("what correlate found: $(grep -m1 -E '^  point-b ' "$out" | sed 's/.*; clock /clock of B /'); $(awk '/^  point-a → point-b/ { getline nx; print $0 " | " nx }' "$out" | tr -s ' ' | sed 's/^ //')")
  fi
}

correlation_report() { section_report "Correlation (two vantage points of the same traffic)" '.' CORR_ROWS CORR_LINES; }
