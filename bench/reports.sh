# bench/reports.sh — the HTML report benchmark, sourced by bench/run.sh (uses its measure, find_row, R_* and TMP).
#
# On the mixed capture: `wirecase report F -o report.html` against `wirecase analyze F` (issue 8's target: the report
# in at most 1.5x the time of the analysis), and the size of the page written.

REPORT_LINES=()
REPORT_ROWS=()

bench_reports() {
  local f=$1 name
  [ -s "$f" ] || { log "no $f: report benchmark skipped"; return 0; }
  name=$(basename "$f")
  if [ -z "$(find_row "$name" "wirecase analyze")" ]; then
    measure "$f" "wirecase analyze" null -- "$WIRECASE" analyze "$f"
  fi
  measure "$f" "wirecase report -o report.html" null -- "$WIRECASE" report "$f" -o "$TMP/report.html"
  REPORT_ROWS=("$name")
  local analyze report size
  analyze=$(find_row "$name" "wirecase analyze")
  report=$(find_row "$name" "wirecase report -o report.html")
  size=$(stat -c %s "$TMP/report.html" 2>/dev/null || echo 0)
  [ -n "$analyze" ] && [ -n "$report" ] && [ -n "${R_WALL[$analyze]}" ] && [ -n "${R_WALL[$report]}" ] &&
    REPORT_LINES+=("$(awk -v r="${R_WALL[$report]}" -v a="${R_WALL[$analyze]}" -v rm="${R_MB[$report]}" -v am="${R_MB[$analyze]}" -v s="$size" 'BEGIN {
      printf "report: %s s (%s MB) = %.2fx wirecase analyze (%s s, %s MB) (target at most 1.5x); the page is %.2f MB", r, rm, r / a, a, am, s / 1e6 }')")
}

reports_report() { section_report "HTML report" '^wirecase (analyze|report)' REPORT_ROWS REPORT_LINES; }
