#!/usr/bin/env bash
# Start-up time and memory of `encore serve` on a full-size synthetic artifact set (661,812 users × 50 recs,
# 959,261 tracks × 10 similar, 1,000,000 catalogue items): from process start until /health/ready answers 200,
# then the resident memory (VmRSS) and its peak (VmHWM). Usage: bench/serving/startup.sh [RUNS] [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dir=${2:-/tmp/encore-serving-full}
encore=src/Encore.Cli/bin/Release/net10.0/encore
dotnet build -c Release src/Encore.Cli >/dev/null
# Writes the synthetic set once (and prints the in-process load time of each part).
"$encore" bench serving --dir "$dir" --runs 1
port=$((20000 + RANDOM % 20000))
for run in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$encore" serve --artifacts "$dir" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "encore serve exited" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s.%N)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  printf 'run %d: ready in %.2f s, RSS %d MB, peak RSS %d MB\n' "$run" "$(echo "$ready - $start" | bc)" $((rss / 1024)) $((hwm / 1024))
  kill -TERM "$pid"
  wait "$pid" || true
done
