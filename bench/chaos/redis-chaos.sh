#!/usr/bin/env bash
# The longer Redis chaos run (issue 12): `encore serve` over a private redis-server, wrk driving the events and
# recommendation endpoints of both APIs, while Redis is killed (SIGKILL), hung (SIGSTOP, then SIGCONT) and restarted
# (SIGTERM, then started again), once per persistence setting. Counts responses by status (5xx other than 503 must
# be 0; 503 is the answer to a write while the store is down), 503s,
# degraded recommendations, and acknowledged writes against what is read back from Redis afterwards.
#
#   apt-get install -y wrk redis-server curl     # once
#   bench/chaos/redis-chaos.sh [results dir]     # defaults: 60 s per setting, AOF everysec and always
#   DURATION=40 FSYNCS="everysec always" CONNECTIONS=4 bench/chaos/redis-chaos.sh /tmp/chaos
#
# The faults, at fixed offsets into each run: kill at 15% (Redis down for FAULT_S seconds), SIGSTOP at 45% (hung for
# FAULT_S), SIGTERM at 75% (down for FAULT_S). Results: summary.tsv, one wrk output and one service log per setting.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${1:-$ROOT/bench/chaos/results/$(date -u +%Y%m%dT%H%M%SZ)}
ARTIFACTS=${ARTIFACTS:-/tmp/encore-chaos-artifacts}
USERS=${USERS:-20000}
TRACKS=${TRACKS:-20000}
DURATION=${DURATION:-60}
FAULT_S=${FAULT_S:-3}
FSYNCS=${FSYNCS:-everysec always}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-8078}
REDIS_PORT=${REDIS_PORT:-6392}
URL=http://127.0.0.1:$PORT
ENCORE=$ROOT/src/Encore.Cli/bin/Release/net10.0/encore
GENERATOR=$ROOT/bench/Encore.Benchmarks/bin/Release/net10.0/Encore.Benchmarks
PREFIX="chaos:$(date +%s):"

for tool in wrk curl redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y wrk redis-server curl)" >&2; exit 1; }
done
mkdir -p "$RESULTS"

if [[ ${NO_BUILD:-0} != 1 ]]; then
  dotnet build -c Release "$ROOT/src/Encore.Cli" -v q -nologo >/dev/null
  dotnet build -c Release "$ROOT/bench/Encore.Benchmarks" -v q -nologo >/dev/null
  # The read-back tool (a file-based app over the service's own Redis store), compiled once before the runs.
  dotnet build -c Release "$ROOT/bench/chaos/readback.cs" -v q -nologo >/dev/null
fi

if [[ ! -f $ARTIFACTS/artifacts/manifest.json ]]; then
  "$GENERATOR" service-artifacts --out "$ARTIFACTS" --users "$USERS" --tracks "$TRACKS" --similar-sources "$TRACKS" \
    >"$RESULTS/artifacts.log"
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "redis: $(redis-server --version)"
  echo "duration per setting: ${DURATION}s, fault length: ${FAULT_S}s, wrk: $CONNECTIONS threads x 1 connection"
} >"$RESULTS/machine.txt"

SERVER_PID=
REDIS_PID=
REDIS_DIR=
cleanup() {
  [[ -n $REDIS_PID ]] && kill -CONT "$REDIS_PID" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  [[ -n $REDIS_DIR ]] && rm -rf "$REDIS_DIR"
  return 0
}
trap cleanup EXIT

start_redis() { # appendfsync
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync "$1" \
    --dir "$REDIS_DIR" --loglevel warning >>"$REDIS_DIR.log" 2>&1 &
  REDIS_PID=$!
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
}

# Waits until $1 seconds into the run that started at $RUN_START.
at() { local wait; wait=$(awk -v t="$1" -v s="$RUN_START" -v n="$(date +%s.%N)" 'BEGIN { d = s + t - n; print (d > 0 ? d : 0) }'); sleep "$wait"; }

SUMMARY=$RESULTS/summary.tsv
echo -e "appendfsync\trequests\t2xx\t503\t5xx_not_503\t500\tother\twrites\twrites_acknowledged\twrites_503\tdegraded_recs\trecs_not_200\tmisaligned\tsocket_errors\tread_back\tmissing" >"$SUMMARY"

for fsync in $FSYNCS; do
  REDIS_DIR=$(mktemp -d)
  ACKS=$RESULTS/acks-$fsync
  rm -rf "$ACKS" && mkdir -p "$ACKS"
  start_redis "$fsync"
  ENCORE_Events__Store=redis ENCORE_Events__Redis__ConnectionString=127.0.0.1:$REDIS_PORT \
    ENCORE_Events__Redis__KeyPrefix="$PREFIX" ENCORE_Artifacts__WatchManifest=false \
    "$ENCORE" serve --artifacts "$ARTIFACTS/artifacts" --urls "$URL" >"$RESULTS/serve-$fsync.log" 2>&1 &
  SERVER_PID=$!
  until curl -sf -o /dev/null "$URL/health/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the service exited; see $RESULTS/serve-$fsync.log" >&2; exit 1; }
    sleep 0.1
  done
  # One write before the load, so the service's connection to Redis is up when the clock starts.
  until curl -sf -o /dev/null -X POST "$URL/put?user_id=1&item_id=11"; do sleep 0.1; done

  RUN_START=$(date +%s.%N)
  ACKS=$ACKS USERS=$USERS TRACKS=$TRACKS wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
    -s "$ROOT/bench/chaos/redis-chaos.lua" "$URL" >"$RESULTS/wrk-$fsync.txt" 2>&1 &
  WRK_PID=$!
  {
    at "$(awk -v d="$DURATION" 'BEGIN { print d * 0.15 }')"; echo "$(date -u +%T) kill -KILL redis"; kill -KILL "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
    sleep "$FAULT_S"; start_redis "$fsync"; echo "$(date -u +%T) redis started again"
    at "$(awk -v d="$DURATION" 'BEGIN { print d * 0.45 }')"; echo "$(date -u +%T) kill -STOP redis"; kill -STOP "$REDIS_PID"
    sleep "$FAULT_S"; kill -CONT "$REDIS_PID"; echo "$(date -u +%T) kill -CONT redis"
    at "$(awk -v d="$DURATION" 'BEGIN { print d * 0.75 }')"; echo "$(date -u +%T) kill -TERM redis"; kill -TERM "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
    sleep "$FAULT_S"; start_redis "$fsync"; echo "$(date -u +%T) redis started again"
  } >"$RESULTS/faults-$fsync.log" 2>&1
  wait "$WRK_PID"

  line=$(grep '^CHAOS' "$RESULTS/wrk-$fsync.txt") || { echo "error: no tallies in $RESULTS/wrk-$fsync.txt" >&2; exit 1; }
  value() { sed -E "s/.* $1=([0-9]+).*/\1/" <<<"$line"; }
  readback=$(dotnet run -c Release --no-build "$ROOT/bench/chaos/readback.cs" -- "127.0.0.1:$REDIS_PORT" "$PREFIX" "$ACKS")
  found=$(sed -E 's/.* found=([0-9]+).*/\1/' <<<"$readback")
  missing=$(sed -E 's/.* missing=([0-9]+).*/\1/' <<<"$readback")
  echo -e "$fsync\t$(value total)\t$(value s2xx)\t$(value s503)\t$(value s5xx)\t$(value s500)\t$(value other)\t$(value writes)\t$(value writes_ok)\t$(value writes_503)\t$(value reads_degraded)\t$(value recs_not_ok)\t$(value misaligned)\t$(value socket_errors)\t$found\t$missing" >>"$SUMMARY"
  grep -c "dependency is unavailable" "$RESULTS/serve-$fsync.log" >"$RESULTS/warning-lines-$fsync.txt" || true

  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=
  rm -rf "$REDIS_DIR"; REDIS_DIR=
done

column -t -s $'\t' "$SUMMARY"
