#!/usr/bin/env bash
# Reload chaos under load (issue 12): `encore serve` answers wrk's requests while its artifact set is damaged and
# reloaded again and again (a corrupt data page behind a valid footer, a truncated file, text instead of Parquet, a
# file with another file's columns, every row of the lists twice, an empty popular chart, a missing file), each bad
# reload followed by a good one. The two Parquet files of the wrong content are written once, at the start, by
# bench/chaos/duckdb-sql.cs. Counts wrk's non-2xx
# responses and socket errors (both must be 0), the reloads refused (422) and accepted (200), and checks that
# /health/ready stays "ready" throughout. The CI version is tests/Encore.Server.Tests/Chaos/ReloadChaosTests.cs.
#
# Usage: bench/chaos/reload.sh [RESULTS_DIR]        (default: bench/chaos/results/reload-<UTC time>)
# Environment (defaults in brackets):
#   ARTIFACTS    a good artifact set (a train/demo artifacts directory); generated with `encore demo` if missing
#                [/tmp/encore-chaos-reload/demo/artifacts]
#   DURATION     how long wrk runs, in seconds [120]
#   CONNECTIONS  wrk connections [16]          THREADS  wrk threads [2]
#   PAUSE        seconds between reloads [0.5]  PORT     the service's port [18478]
#   NO_BUILD     1 skips the Release build of the CLI
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${1:-$ROOT/bench/chaos/results/reload-$(date -u +%Y%m%dT%H%M%SZ)}
ARTIFACTS=${ARTIFACTS:-/tmp/encore-chaos-reload/demo/artifacts}
DURATION=${DURATION:-120}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PAUSE=${PAUSE:-0.5}
PORT=${PORT:-18478}
URL=http://127.0.0.1:$PORT
ENCORE=$ROOT/src/Encore.Cli/bin/Release/net10.0/encore

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y wrk curl python3)" >&2; exit 1; }
done
mkdir -p "$RESULTS"
[[ ${NO_BUILD:-0} == 1 ]] || dotnet build -c Release "$ROOT/src/Encore.Cli" -v q -nologo >/dev/null
if [[ ! -f $ARTIFACTS/manifest.json ]]; then
  demo=$(dirname "$ARTIFACTS")
  echo "Generating a small set with encore demo into $demo"
  "$ENCORE" demo --out "$demo" --no-serve --users 2000 --tracks 2000 >"$RESULTS/demo.log"
fi

WORK=$(mktemp -d)
SET=$WORK/set
SERVER_PID=
WRK_PID=
cleanup() {
  [[ -n $WRK_PID ]] && kill "$WRK_PID" 2>/dev/null && wait "$WRK_PID" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

restore() { rm -rf "$SET" && cp -r "$ARTIFACTS" "$SET"; }

# The served lists: recommendations.parquet when the set has one, personal_als.parquet otherwise.
offline_file() { [[ -f $SET/recommendations.parquet ]] && echo "$SET/recommendations.parquet" || echo "$SET/personal_als.parquet"; }

# Overwrites the middle half of a Parquet file's data pages with random bytes and keeps its footer.
corrupt_pages() {
  python3 - "$1" <<'PY'
import os, struct, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
footer = struct.unpack("<i", data[-8:-4])[0]
end = len(data) - 8 - footer
quarter = (end - 4) // 4
data[4 + quarter:4 + 3 * quarter] = os.urandom(2 * quarter)
open(path, "wb").write(data)
PY
}

DAMAGES=(corrupt-page truncated not-parquet wrong-columns duplicate-rows empty-popular missing-file)
damage() {
  case $1 in
    corrupt-page) corrupt_pages "$(offline_file)" ;;
    truncated) truncate -s $(($(stat -c %s "$SET/similar.parquet") / 2)) "$SET/similar.parquet" ;;
    not-parquet) echo "rank,item_id" >"$SET/top_popular.parquet" ;;
    wrong-columns) cp "$SET/top_popular.parquet" "$(offline_file)" ;;
    duplicate-rows) cp "$WORK/duplicated.parquet" "$(offline_file)" ;;
    empty-popular) cp "$WORK/empty-popular.parquet" "$SET/top_popular.parquet" ;;
    missing-file) rm "$SET/similar.parquet" ;;
  esac
}

restore
# The lists with every row twice, and a popular chart with no rows, written once (DuckDB through duckdb-sql.cs).
OFFLINE_NAME=$(basename "$(offline_file)")
sql() { printf "%s" "$1" | sed "s/'/''/g"; }
dotnet run --file "$ROOT/bench/chaos/duckdb-sql.cs" -- \
  "COPY (SELECT p.* FROM read_parquet('$(sql "$SET/$OFFLINE_NAME")') p CROSS JOIN range(2) ORDER BY 1, 2) TO '$(sql "$WORK/duplicated.parquet")' (FORMAT parquet)" \
  "COPY (SELECT * FROM read_parquet('$(sql "$SET/top_popular.parquet")') WHERE false) TO '$(sql "$WORK/empty-popular.parquet")' (FORMAT parquet)" \
  >"$RESULTS/duckdb-sql.log" 2>&1 || { echo "error: duckdb-sql.cs failed (see $RESULTS/duckdb-sql.log)" >&2; exit 1; }

if curl -s -o /dev/null "$URL/health/live"; then
  echo "error: something already listens on port $PORT (the machine may be shared); set PORT" >&2
  exit 1
fi
"$ENCORE" serve --artifacts "$SET" --urls "$URL" --Artifacts:WatchManifest=false >"$RESULTS/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready") == 200 ]] && break
  sleep 0.2
done
kill -0 "$SERVER_PID" 2>/dev/null && [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready") == 200 ]] ||
  { echo "error: the service did not get ready (see $RESULTS/serve.log)" >&2; exit 1; }

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wrk: ${DURATION}s, $CONNECTIONS connections, $THREADS threads; pause between reloads: ${PAUSE}s"
  echo "artifacts: $ARTIFACTS"
} >"$RESULTS/machine.txt"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/chaos/reload-requests.lua" "$URL" >"$RESULTS/wrk.txt" 2>&1 &
WRK_PID=$!

refused=0 accepted=0 unexpected=0 not_ready=0 cycle=0
while kill -0 "$WRK_PID" 2>/dev/null; do
  kind=${DAMAGES[$((cycle % ${#DAMAGES[@]}))]}
  damage "$kind"
  code=$(curl -s -o "$WORK/reload.json" -w '%{http_code}' -X POST "$URL/admin/reload")
  if [[ $code == 422 ]]; then refused=$((refused + 1)); else unexpected=$((unexpected + 1)); echo "bad set ($kind): $code $(cat "$WORK/reload.json")" >>"$RESULTS/unexpected.txt"; fi
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready") == 200 ]] || not_ready=$((not_ready + 1))
  sleep "$PAUSE"
  restore
  code=$(curl -s -o "$WORK/reload.json" -w '%{http_code}' -X POST "$URL/admin/reload")
  if [[ $code == 200 ]]; then accepted=$((accepted + 1)); else unexpected=$((unexpected + 1)); echo "good set: $code $(cat "$WORK/reload.json")" >>"$RESULTS/unexpected.txt"; fi
  sleep "$PAUSE"
  cycle=$((cycle + 1))
done
wait "$WRK_PID" || true
WRK_PID=

requests=$(awk '/requests in/{print $1}' "$RESULTS/wrk.txt")
non2xx=$(awk -F': ' '/Non-2xx/{print $2}' "$RESULTS/wrk.txt"); non2xx=${non2xx:-0}
socket=$(awk '/Socket errors/{print}' "$RESULTS/wrk.txt"); socket=${socket:-none}
curl -s "$URL/stats" >"$RESULTS/stats.json"
curl -s "$URL/metrics" | grep '^encore_artifact' >"$RESULTS/metrics.txt" || true
{
  echo "requests: $requests"
  echo "non-2xx: $non2xx"
  echo "socket errors: $socket"
  echo "bad sets refused (422): $refused"
  echo "good sets loaded (200): $accepted"
  echo "unexpected reload answers: $unexpected"
  echo "/health/ready not 200 after a refused reload: $not_ready"
  grep -E 'Requests/sec|^ +Latency +[0-9]' "$RESULTS/wrk.txt" | sed 's/^ *//'
  sed -n '/Latency Distribution/,/requests in/p' "$RESULTS/wrk.txt" | grep '99%' | sed 's/^ */p99: /'
} | tee "$RESULTS/summary.txt"
[[ $non2xx == 0 && $socket == none && $unexpected == 0 && $not_ready == 0 ]]
