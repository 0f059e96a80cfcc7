#!/usr/bin/env bash
# The long fuzz of issue 12's chaos suite: the generator of tests/Encore.Server.Tests/Fuzz (malformed paths,
# parameters, headers and bodies over the REST and seed-compatible APIs) against a real `encore serve` on loopback,
# for minutes instead of the test's 10,000 requests. Counts every status, 5xx, 4xx that are not problem+json naming
# what was wrong, and transport errors; also the server's RSS before and after and any "Unhandled error" it logged.
#
# Usage: bench/chaos/fuzz.sh [RESULTS_DIR]          (default: bench/chaos/results/fuzz-<UTC time>)
# Environment (defaults in brackets):
#   SECONDS_TO_RUN  how long to fuzz [120]        CONNECTIONS  concurrent connections [4]
#   SEED            the generator's seed [random]  PORT         the service's port [8078]
#   ARTIFACTS       a small generated set, made if missing [/tmp/encore-chaos-fuzz]
#   NO_BUILD        1 skips the Release builds
# Exit status: 0 when every answer was right, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${1:-$ROOT/bench/chaos/results/fuzz-$(date -u +%Y%m%dT%H%M%SZ)}
SECONDS_TO_RUN=${SECONDS_TO_RUN:-120}
CONNECTIONS=${CONNECTIONS:-4}
SEED=${SEED:-$((RANDOM * 32768 + RANDOM))}
PORT=${PORT:-8078}
ARTIFACTS=${ARTIFACTS:-/tmp/encore-chaos-fuzz}
KEY=chaos-fuzz-key
URL=http://127.0.0.1:$PORT
ENCORE=$ROOT/src/Encore.Cli/bin/Release/net10.0/encore
GENERATOR=$ROOT/bench/Encore.Benchmarks/bin/Release/net10.0/Encore.Benchmarks
FUZZ=$ROOT/bench/chaos/fuzz/bin/Release/net10.0/Encore.ChaosFuzz

command -v curl >/dev/null || { echo "error: curl not found (apt-get install -y curl)" >&2; exit 1; }
mkdir -p "$RESULTS"
if [[ ${NO_BUILD:-0} != 1 ]]; then
  for project in src/Encore.Cli bench/Encore.Benchmarks bench/chaos/fuzz; do
    dotnet build -c Release "$ROOT/$project" -v q -nologo >/dev/null
  done
fi

if [[ ! -f $ARTIFACTS/artifacts/manifest.json ]]; then
  "$GENERATOR" service-artifacts --out "$ARTIFACTS" --users 2000 --tracks 5000 --similar-sources 5000 >"$RESULTS/artifacts.log"
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "seconds: $SECONDS_TO_RUN, connections: $CONNECTIONS, seed: $SEED, artifacts: $ARTIFACTS/artifacts (2,000 users, 5,000 tracks)"
} | tee "$RESULTS/machine.txt"

SERVER_PID=
cleanup() { [[ -n $SERVER_PID ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT

ENCORE_Server__ApiKey=$KEY ENCORE_Artifacts__WatchManifest=false ENCORE_Logging__LogLevel__Default=Warning \
  "$ENCORE" serve --artifacts "$ARTIFACTS/artifacts" --urls "$URL" >"$RESULTS/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1800); do
  curl -sf -o /dev/null "$URL/health/ready" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the service exited; see $RESULTS/serve.log" >&2; exit 1; }
  sleep 0.1
done
rss_mb() { awk '$1 == "VmRSS:" {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"; }
echo "RSS at start: $(rss_mb) MB" | tee -a "$RESULTS/machine.txt"

status=0
"$FUZZ" --url "$URL" --key "$KEY" --seed "$SEED" --seconds "$SECONDS_TO_RUN" --connections "$CONNECTIONS" \
  | tee "$RESULTS/fuzz.txt" || status=1
echo "RSS at end: $(rss_mb) MB, peak $(awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status") MB" | tee -a "$RESULTS/fuzz.txt"
unhandled=$(grep -c "Unhandled error" "$RESULTS/serve.log" || true)
echo "unhandled errors logged by the service: $unhandled" | tee -a "$RESULTS/fuzz.txt"
((unhandled == 0)) || status=1
exit "$status"
