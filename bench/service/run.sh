#!/usr/bin/env bash
# Load benchmark of `encore serve` with full-size artifacts (issue 5, item 10): start-up time to /health/ready, RSS,
# and wrk throughput / p50 / p99 per seed-API endpoint at several connection counts, with the in-memory and the
# Redis event store, plus p99 at about half the peak rate. See bench/service/README.md.
#
# Usage: bench/service/run.sh [RESULTS_DIR]        (default: bench/service/results/<UTC time>)
# Environment (defaults in brackets):
#   ARTIFACTS    where the artifact set is, generated if missing [/tmp/encore-service-bench]
#   DURATION     wrk time per point [10s]          WARMUP   wrk time per endpoint before measuring [3s]
#   CONNECTIONS  connection counts [1 4 16]        STORES   event stores to run [memory redis]
#   ENDPOINTS    [default offline similar put get online blended] (put first fills the histories online reads)
#   STARTS       start-ups timed per store [3]     HALF_PEAK  1 measures p99 at ~half the peak rate [1]
#   PORT         the service's port [8077]         REDIS_PORT a private redis-server's port [6391]
#   K            the k parameter; empty = each endpoint's default, as the seed's clients get []
#   NO_BUILD     1 skips the Release builds
#   REAL_IDS     1 asks for the set's own user and track ids (listed by `Encore.Benchmarks service-ids`) instead of
#                the synthetic set's 2u+1 and 97i+11: for a pipeline's output, e.g. ARTIFACTS=/tmp/encore-full/run [0]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${1:-$ROOT/bench/service/results/$(date -u +%Y%m%dT%H%M%SZ)}
ARTIFACTS=${ARTIFACTS:-/tmp/encore-service-bench}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-1 4 16}
STORES=${STORES:-memory redis}
ENDPOINTS=${ENDPOINTS:-default offline similar put get online blended}
STARTS=${STARTS:-3}
HALF_PEAK=${HALF_PEAK:-1}
PORT=${PORT:-8077}
REDIS_PORT=${REDIS_PORT:-6391}
export K=${K:-}
URL=http://127.0.0.1:$PORT
ENCORE=$ROOT/src/Encore.Cli/bin/Release/net10.0/encore
GENERATOR=$ROOT/bench/Encore.Benchmarks/bin/Release/net10.0/Encore.Benchmarks
SCRIPT=$ROOT/bench/service/seed-api.lua

for tool in wrk curl redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y wrk redis-server curl)" >&2; exit 1; }
done
mkdir -p "$RESULTS"

if [[ ${NO_BUILD:-0} != 1 ]]; then
  dotnet build -c Release "$ROOT/src/Encore.Cli" -v q -nologo >/dev/null
  dotnet build -c Release "$ROOT/bench/Encore.Benchmarks" -v q -nologo >/dev/null
fi

if [[ ! -f $ARTIFACTS/artifacts/manifest.json ]]; then
  echo "Generating full-size artifacts into $ARTIFACTS"
  "$GENERATOR" service-artifacts --out "$ARTIFACTS" | tee "$RESULTS/artifacts.log"
fi

if [[ ${REAL_IDS:-0} == 1 ]]; then
  "$GENERATOR" service-ids --artifacts "$ARTIFACTS/artifacts" --out "$RESULTS/ids" | tee "$RESULTS/ids.log"
  export USER_IDS=$RESULTS/ids/users.txt TRACK_IDS=$RESULTS/ids/tracks.txt
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "memory: $(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "redis: $(redis-server --version)"
  echo "duration per point: $DURATION, warm-up per endpoint: $WARMUP, k: ${K:-endpoint default}"
  echo "artifacts: $ARTIFACTS/artifacts, ids: $([[ ${REAL_IDS:-0} == 1 ]] && echo "the set's own (USER_IDS, TRACK_IDS)" || echo "synthetic (2u+1, 97i+11)")"
} >"$RESULTS/machine.txt"

SERVER_PID=
REDIS_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts the service with the store $1 and waits for /health/ready; READY_MS is how long that took.
start_server() {
  local store=$1 log=$2 started
  started=$(now_ms)
  ENCORE_Events__Store=$store ENCORE_Events__Redis__ConnectionString=127.0.0.1:$REDIS_PORT \
    ENCORE_Events__Redis__KeyPrefix="bench:$(date +%s%N):" ENCORE_Artifacts__WatchManifest=false \
    ENCORE_Logging__LogLevel__Default=Warning \
    "$ENCORE" serve --artifacts "$ARTIFACTS/artifacts" --urls "$URL" >"$log" 2>&1 &
  SERVER_PID=$!
  until curl -sf -o /dev/null "$URL/health/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the service exited; see $log" >&2; tail -5 "$log" >&2; exit 1; }
    (($(now_ms) - started < 180000)) || { echo "error: not ready after 180 s; see $log" >&2; exit 1; }
    sleep 0.02
  done
  READY_MS=$(($(now_ms) - started))
}

stop_server() {
  # SIGTERM: a background job of a script ignores SIGINT. The host stops cleanly on either.
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

rss_mb() { awk -v f="$1" '$1 == f":" {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"; }

# wrk output → "req/s p50_ms p99_ms non2xx socket_errors"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, bad, errors }' "$1"
}

run_wrk() { # endpoint connections duration output [delay_ms]
  local threads=$(($2 < 2 ? $2 : 2))
  ENDPOINT=$1 DELAY_MS=${5:-0} wrk -t"$threads" -c"$2" -d"$3" --latency -s "$SCRIPT" "$URL" >"$4" 2>&1
}

SUMMARY=$RESULTS/summary.tsv
echo -e "store\tendpoint\tconnections\treq_s\tp50_ms\tp99_ms\tnon2xx\tsocket_errors" >"$SUMMARY"
STARTUP=$RESULTS/startup.tsv
echo -e "store\trun\tready_ms\trss_mb" >"$STARTUP"
MEMORY=$RESULTS/memory.tsv
echo -e "store\trss_after_start_mb\trss_after_load_mb\tpeak_rss_mb" >"$MEMORY"
HALF=$RESULTS/half-peak.tsv
echo -e "store\tendpoint\tpeak_req_s\tconnections\tdelay_ms\treq_s\tp50_ms\tp99_ms\tnon2xx" >"$HALF"

for store in $STORES; do
  if [[ $store == redis ]]; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$RESULTS/redis.log" 2>&1 &
    REDIS_PID=$!
    until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
  fi

  for run in $(seq 1 "$STARTS"); do
    start_server "$store" "$RESULTS/serve-$store-start$run.log"
    echo -e "$store\t$run\t$READY_MS\t$(rss_mb VmRSS)" >>"$STARTUP"
    echo "$store start-up $run: ready in $READY_MS ms, RSS $(rss_mb VmRSS) MB"
    stop_server
  done

  start_server "$store" "$RESULTS/serve-$store.log"
  rss_start=$(rss_mb VmRSS)
  for endpoint in $ENDPOINTS; do
    run_wrk "$endpoint" 4 "$WARMUP" "$RESULTS/warmup-$store-$endpoint.txt"
    peak=0
    p50_one=
    for c in $CONNECTIONS; do
      out=$RESULTS/wrk-$store-$endpoint-c$c.txt
      run_wrk "$endpoint" "$c" "$DURATION" "$out"
      read -r rps p50 p99 bad errors < <(parse_wrk "$out")
      echo -e "$store\t$endpoint\t$c\t$rps\t$p50\t$p99\t$bad\t$errors" >>"$SUMMARY"
      printf '%-7s %-8s c=%-3s %8s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s\n' "$store" "$endpoint" "$c" "$rps" "$p50" "$p99" "$bad"
      if ((rps > peak)); then peak=$rps; fi
      if [[ -z $p50_one ]]; then p50_one=$p50; fi
    done

    if [[ $HALF_PEAK == 1 && $peak -gt 0 ]]; then
      # wrk (unlike wrk2) has no target rate: a 1 ms pause before each request caps a connection near
      # 1 / (1 ms + latency + timer slack). A 2 s calibration run measures that rate per connection; then enough
      # connections for half the peak hold the offered load there.
      c=$(awk -v peak="$peak" -v lat="$p50_one" 'BEGIN { c = int(peak / 2 * (1 + lat) / 1000 + 0.5); print (c < 1 ? 1 : (c > 512 ? 512 : c)) }')
      run_wrk "$endpoint" "$c" 2s "$RESULTS/calibrate-$store-$endpoint.txt" 1
      read -r rps _ < <(parse_wrk "$RESULTS/calibrate-$store-$endpoint.txt")
      c=$(awk -v peak="$peak" -v rps="$rps" -v c="$c" 'BEGIN { n = (rps > 0 ? int(peak / 2 / (rps / c) + 0.5) : c); print (n < 1 ? 1 : (n > 512 ? 512 : n)) }')
      out=$RESULTS/wrk-$store-$endpoint-half.txt
      run_wrk "$endpoint" "$c" "$DURATION" "$out" 1
      read -r rps p50 p99 bad errors < <(parse_wrk "$out")
      echo -e "$store\t$endpoint\t$peak\t$c\t1\t$rps\t$p50\t$p99\t$bad" >>"$HALF"
      printf '%-7s %-8s half peak (%s req/s): c=%s %s req/s  p99 %s ms\n' "$store" "$endpoint" "$peak" "$c" "$rps" "$p99"
    fi
  done

  echo -e "$store\t$rss_start\t$(rss_mb VmRSS)\t$(rss_mb VmHWM)" >>"$MEMORY"
  stop_server
  if [[ -n $REDIS_PID ]]; then
    kill "$REDIS_PID" && wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
  fi
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/machine.txt"
"$ROOT/bench/service/summarize.sh" "$RESULTS" | tee "$RESULTS/summary.md"
