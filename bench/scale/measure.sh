#!/usr/bin/env bash
# Runs a command N times under /usr/bin/time -v and prints wall seconds and peak RSS of each run and
# their medians. Usage: bench/scale/measure.sh RUNS -- command args...
# Each run's full output goes to $LOG_DIR (default /tmp/encore-bench) as run-<i>.log.
set -euo pipefail
runs=$1; shift
[ "$1" = "--" ] && shift
log_dir=${LOG_DIR:-/tmp/encore-bench}
mkdir -p "$log_dir"
walls=(); rss=()
for i in $(seq 1 "$runs"); do
  [ -n "${BEFORE_EACH:-}" ] && bash -c "$BEFORE_EACH"
  /usr/bin/time -v -o "$log_dir/time-$i.txt" "$@" >"$log_dir/run-$i.log" 2>&1
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log_dir/time-$i.txt" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log_dir/time-$i.txt")
  walls+=("$wall"); rss+=("$kb")
  awk -v i="$i" -v w="$wall" -v k="$kb" 'BEGIN { printf "run %d: %.1f s, peak RSS %.2f GB\n", i, w, k/1048576 }'
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
awk -v w="$(median "${walls[@]}")" -v k="$(median "${rss[@]}")" -v n="$runs" 'BEGIN { printf "median: %.1f s, peak RSS %.2f GB (%d runs)\n", w, k/1048576, n }'
