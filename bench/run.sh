#!/usr/bin/env bash
# bench/run.sh — end-to-end benchmark: Wirecase against tcpdump, capinfos, tshark
# and tcptrace on real traffic captures (made by ../shared/bench/make-captures.sh).
#
#   sudo bench/run.sh             # 1 GB mixed.pcap + ~5 M-frame small-packets.pcap
#   sudo bench/run.sh --quick     # a 200 MB mixed.pcap only
#   sudo bench/run.sh --correlation   # only the correlation benchmark (two points cut from mixed.pcap)
#   sudo bench/run.sh --filters       # only the display-filter and write benchmark (mixed.pcap)
#   sudo bench/run.sh --reports       # only the HTML report benchmark (mixed.pcap)
#   bench/run.sh --no-build       # reuse bench/.bin (root is needed only to install
#                                 # packages and to make captures)
#
# Steps: install missing Debian packages (apt-get) -> dotnet publish the CLI in
# Release into bench/.bin -> make the captures unless they already exist -> time
# every command RUNS times on a warm page cache (GNU time: wall seconds and peak
# RSS; the median of the runs is reported) -> a Markdown table on stdout and in
# bench/results/latest.md (+ a timestamped copy; stdout/stderr of the last run of
# each command in bench/results/logs/).
#
# Environment:
#   RUNS              timed runs per command (3)
#   MIXED_TARGET_MB   size of mixed.pcap (1000; --quick sets 200); passed to make-captures.sh
#   BENCH_DATA        where the captures live (/tmp/bench-data for the default size,
#                     /tmp/bench-data/mixed-<N>MB for another MIXED_TARGET_MB, so a quick
#                     capture never stands in for the full one)
#   TCPTRACE_TIMEOUT  seconds before tcptrace is given up (120)
#   MAKE_CAPTURES     the capture script (<repo>/../shared/bench/make-captures.sh)
#   make-captures.sh's own tunables (MIXED_MAX_S, SMALL_TARGET_PKTS, SEED, ...) pass through.
#
# This script changes no network settings itself (make-captures.sh does, inside
# its own namespaces) and deletes nothing it did not create.
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

QUICK=0
BUILD=1
CORRELATION_ONLY=0
FILTERS_ONLY=0
REPORTS_ONLY=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --correlation) CORRELATION_ONLY=1 ;;
    --filters) FILTERS_ONLY=1 ;;
    --reports) REPORTS_ONLY=1 ;;
    --no-build) BUILD=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)   # the repository root
BENCH=$ROOT/bench
BIN=$BENCH/.bin
WIRECASE=$BIN/wirecase
RESULTS=$BENCH/results
LOGS=$RESULTS/logs
MAKE_CAPTURES=${MAKE_CAPTURES:-$ROOT/../shared/bench/make-captures.sh}
RUNS=${RUNS:-3}
TCPTRACE_TIMEOUT=${TCPTRACE_TIMEOUT:-120}
if ((QUICK)); then MIXED_TARGET_MB=200; fi
MIXED_TARGET_MB=${MIXED_TARGET_MB:-1000}
export MIXED_TARGET_MB
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive integer" >&2; exit 2; }
[[ $MIXED_TARGET_MB =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: MIXED_TARGET_MB must be a positive integer" >&2; exit 2; }
if [ -z "${BENCH_DATA:-}" ]; then
  BENCH_DATA=/tmp/bench-data
  ((MIXED_TARGET_MB == 1000)) || BENCH_DATA=/tmp/bench-data/mixed-${MIXED_TARGET_MB}MB
fi

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Scratch files for this run only (removed on exit).
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wirecase-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------------ packages
# Debian packages: make-captures.sh needs the first group, the benchmark the rest.
# (iputils-ping and ethtool: make-captures.sh pings between its namespaces, and
# turns checksum/segmentation offload off with ethtool so that captured frames
# look like wire frames with valid checksums.)
PACKAGES=(tcpdump iproute2 python3 curl openssl swaks iperf3 nginx apache2-utils
  wireshark-common iputils-ping ethtool
  tshark tcptrace time
  clang zlib1g-dev)   # link the native (ahead-of-time compiled) wirecase

ensure_packages() {
  local p missing=()
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" = "ii " ] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  is_root || die "missing packages (${missing[*]}); run as root (sudo bench/run.sh) to install them"
  log "installing: ${missing[*]}"
  # wireshark-common asks whether non-root users may capture: answer no, non-interactively.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

# --------------------------------------------------------------------- build
build() {
  # Under sudo, build as the invoking user so that root-owned bin/ and obj/
  # folders are not left in the developer's tree.
  local as=()
  if is_root && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then as=(sudo -u "$SUDO_USER" -H --); fi
  log "building Wirecase (Release, native executable as setup.sh builds it) into bench/.bin"
  if ! (cd "$ROOT" && "${as[@]}" dotnet publish src/Wirecase.Cli -c Release --use-current-runtime -o bench/.bin) > "$TMP/build.log" 2>&1; then
    tail -30 "$TMP/build.log" >&2
    die "dotnet publish failed"
  fi
}

# ------------------------------------------------------------------ captures
# A capture counts as present when its file exists and no earlier run of this
# script was interrupted while making it (the .incomplete marker).
have_capture() { [ -s "$BENCH_DATA/$1.pcap" ] && [ ! -e "$BENCH_DATA/.$1.incomplete" ]; }

make_capture() {   # mixed | small
  local what=$1 file=$2
  have_capture "$file" && { log "using existing $BENCH_DATA/$file.pcap"; return 0; }
  is_root || die "$BENCH_DATA/$file.pcap is missing; making it needs root (sudo bench/run.sh)"
  [ -x "$MAKE_CAPTURES" ] || [ -r "$MAKE_CAPTURES" ] || die "capture script not found: $MAKE_CAPTURES"
  mkdir -p "$BENCH_DATA"
  touch "$BENCH_DATA/.$file.incomplete"
  log "making $BENCH_DATA/$file.pcap (make-captures.sh $what, MIXED_TARGET_MB=$MIXED_TARGET_MB)"
  OUT=$BENCH_DATA bash "$MAKE_CAPTURES" "$what"
  rm -f "$BENCH_DATA/.$file.incomplete"
}

# ------------------------------------------------------------------- timing
# Results, one entry per (capture, command); frame counts per capture (from capinfos).
R_CAPTURE=() R_LABEL=() R_WALL=() R_RANGE=() R_MB=() R_NOTE=()
declare -A FRAMES=()

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
slug() { tr -c 'A-Za-z0-9\n' '-' <<< "$1" | tr -s '-' | sed 's/-$//'; }

# measure CAPTURE_FILE LABEL STDOUT -- COMMAND...
#   Runs COMMAND RUNS times after one untimed `cat CAPTURE_FILE > /dev/null`
#   (warm page cache). STDOUT is "null" (discard) or "keep" (save the last run's
#   output in results/logs). stderr of the last run is always saved there.
measure() {
  local file=$1 label=$2 keep=$3; shift 4
  local name; name=$(basename "$file")
  local base; base=$LOGS/$(slug "${name%.*}-$label")
  local out=/dev/null
  if [ "$keep" = keep ]; then out=$base.out; fi
  local i rc line wall kb walls=() kbs=() note=""
  log "$name: $label"
  cat "$file" > /dev/null
  for ((i = 1; i <= RUNS; i++)); do
    rc=0
    /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" > "$out" 2> "$base.err" || rc=$?
    # GNU time writes "Command exited with non-zero status N" (or "terminated by
    # signal") before the format line: the numbers are on the last line.
    line=$(tail -n 1 "$TMP/time")
    read -r wall kb <<< "$line"
    if [ "$rc" = 124 ] && [ "${1:-}" = timeout ]; then
      note="timed out (> $TCPTRACE_TIMEOUT s), given up"
      break
    elif [ "$rc" != 0 ]; then
      note="exit status $rc (see logs/$(basename "$base").err)"
    fi
    walls+=("$wall") kbs+=("$kb")
  done
  # Wirecase should say nothing on stderr for a clean capture: surface what it says.
  if [[ $label == wirecase* ]] && [ -s "$base.err" ]; then
    note+="${note:+; }stderr ($(wc -l < "$base.err") lines): $(head -n 1 "$base.err" | cut -c 1-160 | sed 's/|/\\|/g')"
  fi
  R_CAPTURE+=("$name") R_LABEL+=("$label") R_NOTE+=("$note")
  if ((${#walls[@]})) && [[ $note != timed* ]]; then
    R_WALL+=("$(median "${walls[@]}")")
    R_RANGE+=("$(printf '%s\n' "${walls[@]}" | sort -g | sed -n '1p;$p' | paste -sd '-' | sed 's/-/–/')")
    R_MB+=("$(awk -v k="$(median "${kbs[@]}")" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')")
  else
    R_WALL+=("") R_RANGE+=("") R_MB+=("")
  fi
}

bench_capture() {   # all commands on one capture
  local f=$1
  # An independent frame count (untimed) for the table and the checks below.
  FRAMES[$(basename "$f")]=$(capinfos -M -c "$f" 2>/dev/null | awk -F: '/^Number of packets/ { gsub(/[ \t]/, "", $2); print $2 }' || true)
  measure "$f" "wirecase info"              keep -- "$WIRECASE" info "$f"
  measure "$f" "wirecase packets"           null -- "$WIRECASE" packets "$f"
  # Full TCP analysis: every segment judged (tcp.analysis.* flags), per-connection metrics, every connection
  # reassembled (gaps counted), the conversation table written.
  measure "$f" "wirecase conv tcp"          null -- "$WIRECASE" conv tcp "$f"
  # The same plus every application analyzer (SMTP, TLS, HTTP, DNS, LPD, ICMP) and their session tables written.
  measure "$f" "wirecase sessions"          null -- "$WIRECASE" sessions "$f"
  measure "$f" "tcpdump -r F -w /dev/null"  null -- tcpdump -r "$f" -w /dev/null
  measure "$f" "capinfos F"                 keep -- capinfos "$f"
  measure "$f" "tshark -r F -q"             null -- tshark -r "$f" -q
  measure "$f" "tshark -r F -q -z conv,tcp" null -- tshark -r "$f" -q -z conv,tcp
  measure "$f" "tshark -2 -r F -q -z expert" null -- tshark -2 -r "$f" -q -z expert
  measure "$f" "tcptrace -l -r F"           null -- timeout "$TCPTRACE_TIMEOUT" tcptrace -l -r "$f"
}

# ------------------------------------------------------------------- report
# "2.0x slower" / "3.1x faster" for T relative to the baseline B (both seconds).
versus() {
  awk -v t="$1" -v b="$2" 'BEGIN {
    if (t == "" || b == "" || t <= 0 || b <= 0) { print "n/a"; exit }
    r = t / b
    if (r >= 1) printf "%.1fx slower\n", r; else printf "%.1fx faster\n", 1 / r }'
}

# The row index of (capture, label), or nothing.
find_row() {
  local i
  for i in "${!R_LABEL[@]}"; do
    [ "${R_CAPTURE[$i]}" = "$1" ] && [ "${R_LABEL[$i]}" = "$2" ] && { echo "$i"; return; }
  done
}

capture_desc() {   # "mixed.pcap (1.00 GB, 1.22 M frames)": size from stat, frames from capinfos
  local f=$1 name
  name=$(basename "$f")
  awk -v n="$name" -v b="$(stat -c %s "$f")" -v fr="${FRAMES[$name]:-}" 'BEGIN {
    s = fr == "" ? "? frames" : sprintf("%.2f M frames", fr / 1e6)
    printf "%s (%.2f GB, %s)", n, b / 1e9, s }'
}

# section_table TITLE LABEL_REGEX CAPTURE...: a titled table of the rows of these captures whose label matches.
section_table() {
  local title=$1 pattern=$2 i name desc
  shift 2
  echo
  echo "## $title"
  echo
  echo "| capture | command | median wall s | wall s min–max | peak RSS MB | notes |"
  echo "|---|---|---:|---:|---:|---|"
  for name in "$@"; do
    desc=$name
    for i in "${!R_LABEL[@]}"; do
      [ "${R_CAPTURE[$i]}" = "$name" ] && [[ ${R_LABEL[$i]} =~ $pattern ]] || continue
      printf '| %s | `%s` | %s | %s | %s | %s |\n' "$desc" "${R_LABEL[$i]}" "${R_WALL[$i]:-—}" "${R_RANGE[$i]:-—}" "${R_MB[$i]:-—}" "${R_NOTE[$i]}"
      desc=""
    done
  done
}

# section_report TITLE LABEL_REGEX ROWS_ARRAY LINES_ARRAY: section_table over the named captures, then the named lines.
section_report() {
  local -n rows=$3 lines=$4
  ((${#rows[@]})) || return 0
  section_table "$1" "$2" "${rows[@]}"
  echo
  local line
  for line in "${lines[@]}"; do echo "- $line"; done
}

report() {
  local f name i base tcp ratio desc out wc_frames
  echo "# Wirecase end-to-end benchmark ($( ((QUICK)) && echo quick || echo full )$( ((CORRELATION_ONLY)) && echo ", correlation only")$( ((FILTERS_ONLY)) && echo ", filters only")$( ((REPORTS_ONLY)) && echo ", reports only"))"
  echo
  echo "- date: $(date -u +%FT%TZ); host: $(nproc) cores, $(awk -F: '/model name/ { sub(/^ +/, "", $2); print $2; exit }' /proc/cpuinfo)," \
    "$(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1e6 }' /proc/meminfo); kernel $(uname -r)"
  echo "- wirecase: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ] && echo ' + uncommitted changes in src/'), Release," \
    ".NET $(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
  echo "- tools: $(tcpdump --version 2>&1 | head -n 1); tshark $(tshark --version 2>/dev/null | awk 'NR == 1 { print $3 }');" \
    "capinfos $(capinfos --version 2>/dev/null | awk 'NR == 1 { print $3 }'); tcptrace $(tcptrace -v 2>&1 | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
  echo "- method: runs per command: $RUNS, each command after one untimed \`cat F > /dev/null\` (warm page cache); median wall seconds" \
    "and median peak RSS (GNU time \`%e %M\`, MB = 10^6 bytes); stdout to /dev/null (small outputs to a file)"
  if ((CORRELATION_ONLY)); then correlation_report; return 0; fi
  if ((FILTERS_ONLY)); then filters_report; return 0; fi
  if ((REPORTS_ONLY)); then reports_report; return 0; fi
  echo
  echo "| capture | command | median wall s | wall s min–max | peak RSS MB | vs \`wirecase info\` | notes |"
  echo "|---|---|---:|---:|---:|---|---|"
  for f in "${CAPTURES[@]}"; do
    name=$(basename "$f")
    base=$(find_row "$name" "wirecase info")
    desc=$(capture_desc "$f")
    for i in "${!R_LABEL[@]}"; do
      [ "${R_CAPTURE[$i]}" = "$name" ] || continue
      if [ "$i" = "$base" ]; then ratio="baseline"
      else ratio=$(versus "${R_WALL[$i]}" "${base:+${R_WALL[$base]}}"); fi
      [ -n "${R_WALL[$i]}" ] || ratio="—"
      printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$desc" "${R_LABEL[$i]}" "${R_WALL[$i]:-—}" \
        "${R_RANGE[$i]:-—}" "${R_MB[$i]:-—}" "$ratio" "${R_NOTE[$i]}"
      desc=""
    done
  done
  echo
  for f in "${CAPTURES[@]}"; do
    name=$(basename "$f")
    base=$(find_row "$name" "wirecase info")
    tcp=$(find_row "$name" "tcpdump -r F -w /dev/null")
    [ -n "$base" ] && [ -n "$tcp" ] && [ -n "${R_WALL[$base]}" ] && [ -n "${R_WALL[$tcp]}" ] || continue
    awk -v n="$name" -v w="${R_WALL[$base]}" -v t="${R_WALL[$tcp]}" -v wm="${R_MB[$base]}" -v tm="${R_MB[$tcp]}" 'BEGIN {
      printf "- %s: wirecase info / tcpdump -r F -w /dev/null = %s s / %s s = %s; peak RSS %s MB vs %s MB\n",
        n, w, t, (t > 0 ? sprintf("%.2f", w / t) : "n/a"), wm, tm }'
  done
  echo
  local -A summarised=()
  for f in "${CAPTURES[@]}"; do
    name=$(basename "$f")
    [ -z "${summarised[$name]:-}" ] || continue
    summarised[$name]=1
    local conv expert trace
    conv=$(find_row "$name" "wirecase conv tcp")
    expert=$(find_row "$name" "tshark -2 -r F -q -z expert")
    trace=$(find_row "$name" "tcptrace -l -r F")
    [ -n "$conv" ] && [ -n "${R_WALL[$conv]}" ] || continue
    awk -v n="$name" -v c="${R_WALL[$conv]}" -v cm="${R_MB[$conv]}" -v e="${expert:+${R_WALL[$expert]}}" \
        -v em="${expert:+${R_MB[$expert]}}" -v t="${trace:+${R_WALL[$trace]}}" -v tm="${trace:+${R_MB[$trace]}}" 'BEGIN {
      printf "- %s: TCP analysis, wirecase conv tcp %s s (%s MB)", n, c, cm
      if (e > 0) printf "; tshark -2 expert %s s (%s MB) = %.1fx slower", e, em, e / c
      if (t > 0) printf "; tcptrace -l %s s (%s MB) = %.1fx slower", t, tm, t / c
      printf "\n" }'
  done
  for f in "${CAPTURES[@]}"; do
    name=$(basename "$f")
    local conv sessions expert
    conv=$(find_row "$name" "wirecase conv tcp")
    sessions=$(find_row "$name" "wirecase sessions")
    expert=$(find_row "$name" "tshark -2 -r F -q -z expert")
    [ -n "$conv" ] && [ -n "$sessions" ] && [ -n "${R_WALL[$conv]}" ] && [ -n "${R_WALL[$sessions]}" ] || continue
    awk -v n="$name" -v c="${R_WALL[$conv]}" -v s="${R_WALL[$sessions]}" -v sm="${R_MB[$sessions]}" -v e="${expert:+${R_WALL[$expert]}}" 'BEGIN {
      printf "- %s: all application analyzers, wirecase sessions %s s (%s MB) = %.2fx the TCP-only pass (conv tcp %s s)", n, s, sm, s / c, c
      if (e > 0) printf "; tshark -2 expert = %.1fx slower", e / s
      printf "\n" }'
  done
  for i in "${!PREFIX_LABEL[@]}"; do echo "- ${PREFIX_LABEL[$i]}"; done
  correlation_report
  filters_report
  reports_report
  echo
  echo "Checks (what \`wirecase info\` said about each capture; its full output is in results/logs/):"
  echo
  for f in "${CAPTURES[@]}"; do
    name=$(basename "$f")
    out=$LOGS/$(slug "${name%.*}-wirecase info").out
    [ -s "$out" ] || { echo "- $name: no \`wirecase info\` output"; continue; }
    wc_frames=$(awk -F: '/^Packets:/ { gsub(/[ \t,]/, "", $2); sub(/\(.*/, "", $2); print $2; exit }' "$out")
    if [ "$wc_frames" = "${FRAMES[$name]:-}" ]; then
      echo "- $name: frames: wirecase info $wc_frames = capinfos ${FRAMES[$name]:-?}"
    else
      echo "- $name: frames DIFFER: wirecase info ${wc_frames:-?}, capinfos ${FRAMES[$name]:-?}"
    fi
    grep -E '^(Decode problems|Bad checksums|Damage|Strict time order):' "$out" | sed "s/^/- $name: /; s/  */ /g" || true
  done
}

# ---------------------------------------------------------------------- main
ensure_packages
if ((BUILD)); then build; fi
[ -x "$WIRECASE" ] || die "$WIRECASE not found (run without --no-build)"

make_capture mixed mixed
((QUICK || CORRELATION_ONLY || FILTERS_ONLY || REPORTS_ONLY)) || make_capture small small-packets

CAPTURES=("$BENCH_DATA/mixed.pcap")
if ((QUICK == 0 && CORRELATION_ONLY == 0 && FILTERS_ONLY == 0 && REPORTS_ONLY == 0)) && have_capture small-packets; then CAPTURES+=("$BENCH_DATA/small-packets.pcap"); fi

mkdir -p "$LOGS"
# shellcheck source=bench/correlation.sh
source "$BENCH/correlation.sh"
# shellcheck source=bench/filters.sh
source "$BENCH/filters.sh"
# shellcheck source=bench/reports.sh
source "$BENCH/reports.sh"
if ((CORRELATION_ONLY || FILTERS_ONLY || REPORTS_ONLY)); then
  CAPTURES=()
else
  for f in "${CAPTURES[@]}"; do bench_capture "$f"; done
fi
((FILTERS_ONLY || REPORTS_ONLY)) || bench_correlation "$BENCH_DATA/mixed.pcap"
((CORRELATION_ONLY || REPORTS_ONLY)) || bench_filters "$BENCH_DATA/mixed.pcap"
((CORRELATION_ONLY || FILTERS_ONLY)) || bench_reports "$BENCH_DATA/mixed.pcap"

# Memory must grow with concurrent connections, not with file size: the same TCP analysis on a ~250 MB prefix of the
# mixed capture (whole records, cut with tcpdump -c) next to the whole file.
PREFIX_LABEL=()
bench_prefix() {
  local f=$1 frames bytes n prefix row whole
  frames=${FRAMES[$(basename "$f")]:-}
  bytes=$(stat -c %s "$f")
  [ -n "$frames" ] && ((bytes > 300000000)) || return 0
  n=$(awk -v fr="$frames" -v b="$bytes" 'BEGIN { printf "%d", fr * 250e6 / b }')
  prefix=$TMP/prefix-250MB.pcap
  tcpdump -r "$f" -w "$prefix" -c "$n" 2>/dev/null
  measure "$prefix" "wirecase conv tcp (250 MB prefix)" null -- "$WIRECASE" conv tcp "$prefix"
  row=$(find_row "$(basename "$prefix")" "wirecase conv tcp (250 MB prefix)")
  whole=$(find_row "$(basename "$f")" "wirecase conv tcp")
  [ -n "$row" ] && [ -n "$whole" ] || return 0
  PREFIX_LABEL+=("peak memory of wirecase conv tcp: ${R_MB[$row]} MB on a 250 MB prefix ($n frames), ${R_MB[$whole]} MB on the whole $(basename "$f")")
}
for f in "${CAPTURES[@]}"; do [[ $(basename "$f") == mixed* ]] && bench_prefix "$f"; done

report > "$TMP/report.md"
cat "$TMP/report.md"
cp "$TMP/report.md" "$RESULTS/latest.md"
SUFFIX=""; ((QUICK == 0)) || SUFFIX=-quick; ((CORRELATION_ONLY == 0)) || SUFFIX+=-correlation; ((FILTERS_ONLY == 0)) || SUFFIX+=-filters; ((REPORTS_ONLY == 0)) || SUFFIX+=-reports
STAMPED=$RESULTS/$(date -u +%Y%m%d-%H%M%S)$SUFFIX.md
cp "$TMP/report.md" "$STAMPED"
# Under sudo, hand what this script wrote to the invoking user.
if is_root && [ -n "${SUDO_UID:-}" ]; then
  chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$RESULTS" "$RESULTS/latest.md" "$STAMPED" "$LOGS" "$LOGS"/*
fi
log "wrote $RESULTS/latest.md"
