#!/usr/bin/env bash
# A fleet, tested for real (issue 15): three `encore serve` replicas on loopback behind HAProxy (health checks on
# /health/ready), one redis-server with AOF (appendfsync everysec) for the events, the artifact sets published to a
# local S3 server (.ci/s3rver) and pulled by every replica (serve --artifacts s3://..., polling the manifest). Five
# scenarios, each printing its figures (docs/deploy.md discusses them):
#   a. steady load (wrk) through the balancer versus one replica: throughput, p50, p99
#   b. a new set published under load: when each replica switched, how long two versions answered side by side,
#      failed requests
#   c. kill -9 of one replica under load: failed requests, when HAProxy took it out, when it was back after a restart
#   d. events written through one replica read through the others; redis-server restarted (SIGTERM) and killed
#      (SIGKILL) under load: 503s, degraded reads, 500s, acknowledged writes missing afterwards
#   e. every replica restarted in turn (drained in HAProxy first) under load: failed requests; every event acknowledged
#      in d and e is still in Redis
#
#   apt-get install -y haproxy wrk redis-server curl nodejs npm      # once
#   bench/fleet/run.sh [results dir]
#   DURATION=10 CONNECTIONS=8 NO_BUILD=1 bench/fleet/run.sh /tmp/fleet
#
# The data (encore generate 20k x 20k, prepare, two trainings with different seeds: the sets v1 and v2) is kept in
# $DATA between runs. Every process started here is stopped on exit (trap). Results: summary.txt, and the wrk
# outputs and logs of every process, in the results directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/bench/fleet
RESULTS=${1:-$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)}
DATA=${DATA:-/tmp/encore-fleet-data}
USERS=${USERS:-20000}
TRACKS=${TRACKS:-20000}
DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
WRITERS=${WRITERS:-4}
POLL=${POLL:-00:00:02}
SCENARIOS=${SCENARIOS:-a b c d e}   # a subset runs only those (e reads back d's writes only when d ran)
BASE_PORT=${BASE_PORT:-18180}
ENCORE=$ROOT/src/Encore.Cli/bin/Release/net10.0/encore
BUCKET=encore-fleet
SET_URL=s3://$BUCKET/recsys
PREFIX="fleet:$(date +%s):"

export FLEET_LB_PORT=$BASE_PORT FLEET_STATS_PORT=$((BASE_PORT + 1)) FLEET_ADMIN_PORT=$((BASE_PORT + 2))
export FLEET_R1_PORT=$((BASE_PORT + 3)) FLEET_R2_PORT=$((BASE_PORT + 4)) FLEET_R3_PORT=$((BASE_PORT + 5))
REDIS_PORT=$((BASE_PORT + 6))
LB=http://127.0.0.1:$FLEET_LB_PORT
REPLICA_PORTS=(unused "$FLEET_R1_PORT" "$FLEET_R2_PORT" "$FLEET_R3_PORT")

for tool in haproxy wrk redis-server redis-cli curl node npm sha256sum; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y haproxy wrk redis-server curl nodejs npm)" >&2; exit 1; }
done
for port in $(seq "$BASE_PORT" $((BASE_PORT + 6))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "error: port $port is in use; set BASE_PORT" >&2; exit 1; fi
done
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.txt
: >"$SUMMARY"
say() { echo "$*" | tee -a "$SUMMARY"; }

if [[ ${NO_BUILD:-0} != 1 ]]; then
  dotnet build -c Release "$ROOT/src/Encore.Cli" -v q -nologo >/dev/null
  # The read-back tool of the Redis chaos bench (the service's own Redis store), for d and e.
  dotnet build -c Release "$ROOT/bench/chaos/readback.cs" -v q -nologo >/dev/null
fi
[[ -d $ROOT/.ci/s3rver/node_modules ]] || npm ci --prefix "$ROOT/.ci/s3rver" --no-audit --no-fund --loglevel=error >/dev/null

# ---- the two artifact sets ----
if [[ ! -f $DATA/v2/manifest.json ]]; then
  mkdir -p "$DATA"
  "$ENCORE" generate --users "$USERS" --tracks "$TRACKS" --out "$DATA/raw" >"$DATA/generate.log"
  "$ENCORE" prepare --raw "$DATA/raw" --out "$DATA/data" >"$DATA/prepare.log"
  "$ENCORE" train --data "$DATA/data" --out "$DATA/v1" --no-ranker --iterations 10 >"$DATA/train-v1.log"
  "$ENCORE" train --data "$DATA/data" --out "$DATA/v2" --no-ranker --iterations 10 --seed 1 >"$DATA/train-v2.log"
fi
version_of() { sha256sum "$1/manifest.json" | cut -c1-12; }
V1=$(version_of "$DATA/v1")
V2=$(version_of "$DATA/v2")

# ---- processes, all stopped on exit ----
WORK=$(mktemp -d)
S3_PID= REDIS_PID= HAPROXY_PID= LOAD_PID=
R_PID=(unused "" "" "")
cleanup() {
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null || true
  for i in 1 2 3; do [[ -n ${R_PID[$i]} ]] && kill "${R_PID[$i]}" 2>/dev/null || true; done
  for i in 1 2 3; do [[ -n ${R_PID[$i]} ]] && wait "${R_PID[$i]}" 2>/dev/null || true; done
  [[ -n $HAPROXY_PID ]] && kill "$HAPROXY_PID" 2>/dev/null && wait "$HAPROXY_PID" 2>/dev/null || true
  [[ -n $REDIS_PID ]] && kill -CONT "$REDIS_PID" 2>/dev/null && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  [[ -n $S3_PID ]] && kill "$S3_PID" 2>/dev/null && wait "$S3_PID" 2>/dev/null || true
  rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

# Every line of a process's output, stamped with the wall-clock time it arrived (bash's EPOCHREALTIME: no fork).
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# S3 credentials and endpoint as the standard AWS variables: encore publish and every replica read them.
node "$ROOT/.ci/s3rver/start.js" 0 "$WORK/s3" "$BUCKET" >"$RESULTS/s3rver.log" 2>&1 &
S3_PID=$!
for _ in $(seq 100); do grep -q '^s3rver listening on ' "$RESULTS/s3rver.log" && break; sleep 0.1; done
export AWS_ENDPOINT_URL_S3
AWS_ENDPOINT_URL_S3=$(sed -n 's/^s3rver listening on //p' "$RESULTS/s3rver.log" | head -n 1)
[[ -n $AWS_ENDPOINT_URL_S3 ]] || { echo "error: s3rver did not start: $(cat "$RESULTS/s3rver.log")" >&2; exit 1; }
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --appendfsync everysec --save "" \
    --dir "$WORK" --loglevel warning >>"$RESULTS/redis.log" 2>&1 &
  REDIS_PID=$!
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.05; done
}
start_redis

"$ENCORE" publish --artifacts "$DATA/v1" --to "$SET_URL" >"$RESULTS/publish-v1.log"

start_replica() { # index
  local i=$1
  ENCORE_Events__Store=redis ENCORE_Events__Redis__ConnectionString="127.0.0.1:$REDIS_PORT" \
    ENCORE_Events__Redis__KeyPrefix="$PREFIX" ENCORE_Artifacts__PollInterval="$POLL" \
    ENCORE_Artifacts__CacheDirectory="$WORK/cache-r$i" \
    "$ENCORE" serve --artifacts "$SET_URL" --data "$DATA/data/items.parquet" --urls "http://127.0.0.1:${REPLICA_PORTS[$i]}" \
    > >(stamp >>"$RESULTS/replica-r$i.log") 2>&1 &
  R_PID[$i]=$!
}
wait_ready() { # index
  local i=$1
  until curl -sf -o /dev/null "http://127.0.0.1:${REPLICA_PORTS[$i]}/health/ready"; do
    kill -0 "${R_PID[$i]}" 2>/dev/null || { echo "error: replica r$i exited; see $RESULTS/replica-r$i.log" >&2; exit 1; }
    sleep 0.1
  done
}
for i in 1 2 3; do start_replica "$i"; done
for i in 1 2 3; do wait_ready "$i"; done

haproxy -db -f "$HERE/haproxy.cfg" > >(stamp >"$RESULTS/haproxy.log") 2>&1 &
HAPROXY_PID=$!
until curl -sf -o /dev/null "$LB/health/ready"; do kill -0 "$HAPROXY_PID" || { cat "$RESULTS/haproxy.log" >&2; exit 1; }; sleep 0.1; done
# Until every replica has passed its checks (rise 2).
until [[ $(curl -s "http://127.0.0.1:$FLEET_STATS_PORT/;csv" | grep -c '^encore,r[123],.*,UP,') == 3 ]]; do sleep 0.2; done
haproxy_admin() { # command: HAProxy's runtime API on its TCP admin socket
  exec 3<>"/dev/tcp/127.0.0.1/$FLEET_ADMIN_PORT"
  echo "$1" >&3
  cat <&3 >/dev/null
  exec 3<&-
}

# Listeners and tracks of the set, for the load: random listeners with personal lists, and what they are recommended.
USERS_FILE=$RESULTS/users.txt ITEMS_FILE=$RESULTS/items.txt
: >"$USERS_FILE"
for _ in $(seq 60); do curl -sf "$LB/v1/users/random" | grep -oE '"user_id":"?[^",}]+' | sed -E 's/.*:"?//' >>"$USERS_FILE"; done
sort -u -o "$USERS_FILE" "$USERS_FILE"
: >"$ITEMS_FILE"
while read -r user; do
  curl -sf "$LB/v1/users/$user/recommendations?kind=offline&k=10" | grep -oE '"item_id":"?[^",}]+' | sed -E 's/.*:"?//' >>"$ITEMS_FILE"
done <"$USERS_FILE"
sort -u -o "$ITEMS_FILE" "$ITEMS_FILE"
export USERS_FILE ITEMS_FILE

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "haproxy: $(haproxy -v | head -n 1 | cut -d' ' -f3); $(redis-server --version | cut -d' ' -f1-3); wrk: $THREADS threads x $CONNECTIONS connections, ${DURATION}s per run"
  echo "set: $USERS users x $TRACKS tracks; v1 $V1, v2 $V2; poll interval $POLL; $(wc -l <"$USERS_FILE") listeners and $(wc -l <"$ITEMS_FILE") tracks in the load"
} | tee -a "$SUMMARY"

# wrk with fleet.lua; $1: output file, $2: URL, then extra wrk arguments.
load() { local out=$1 url=$2; shift 2; wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$HERE/fleet.lua" "$@" "$url" >"$out" 2>&1; }
# The same in the background (`load_bg ... &`): wrk replaces the subshell, so $! is wrk itself, which SIGINT stops early.
load_bg() { local out=$1 url=$2; shift 2; exec wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s "$HERE/fleet.lua" "$@" "$url" >"$out" 2>&1; }
field() { sed -nE "s/^FLEET.* $2=([0-9.]+).*/\1/p" "$1"; }
failed() { # non-2xx answers and socket errors of a fleet.lua run
  awk '/^STATUS/ && ($2 < 200 || $2 >= 300) { n += $3 } /^FLEET/ { for (i = 2; i <= NF; i++) if ($i ~ /^socket_errors=/) { split($i, kv, "="); n += kv[2] } } END { print n + 0 }' "$1"
}
readback() { dotnet run -c Release --no-build "$ROOT/bench/chaos/readback.cs" -- "127.0.0.1:$REDIS_PORT" "$PREFIX" "$1"; }
statuses() { awk '/^STATUS/ { printf "%s%s: %s", sep, $2, $3; sep = ", " }' "$1"; }
# First or last time (column 5 or 6; 4 is the count) replica $2 answered with version $3, from the SEEN lines of $1.
seen() { awk -v r="$2" -v v="$3" -v c="$4" '$1 == "SEEN" && $2 == r && $3 == v { print $c }' "$1"; }

# ---- a. steady load: one replica directly, then the fleet through HAProxy ----
if [[ " $SCENARIOS " == *" a "* ]]; then
say ""
say "== a. steady load (reads: blended recommendations of both APIs, similar tracks, a track) =="
load "$RESULTS/a-one-replica.txt" "http://127.0.0.1:$FLEET_R1_PORT"
load "$RESULTS/a-fleet.txt" "$LB"
for run in one-replica fleet; do
  f=$RESULTS/a-$run.txt
  say "$(printf '%-12s %9s req/s  p50 %6s ms  p99 %7s ms  failed %s  (%s)' "$run" "$(field "$f" rps)" "$(field "$f" p50_ms)" "$(field "$f" p99_ms)" "$(failed "$f")" "$(statuses "$f")")"
done
say "fleet answers per replica: $(awk '$1 == "SEEN" { printf "%s%s %s", sep, $2, $4; sep = ", " }' "$RESULTS/a-fleet.txt")"
fi

# ---- b. publish v2 under load ----
if [[ " $SCENARIOS " == *" b "* ]]; then
say ""
say "== b. publish a new set under load (v1 $V1 -> v2 $V2) =="
# The load runs until every replica answers with v2 (asked directly, as the header says) and 2 s more, then wrk is
# stopped with SIGINT (it prints its figures); at most 120 s.
DURATION=120 load_bg "$RESULTS/b-rollout.txt" "$LB" &
LOAD_PID=$!
sleep 3
publish_start=$(now)
"$ENCORE" publish --artifacts "$DATA/v2" --to "$SET_URL" >"$RESULTS/publish-v2.log"
publish_end=$(now)
version_at() { curl -s -o /dev/null -w '%header{x-encore-artifacts}' "http://127.0.0.1:${REPLICA_PORTS[$1]}/health/live"; }
for _ in $(seq 1000); do
  [[ $(version_at 1) == "$V2" && $(version_at 2) == "$V2" && $(version_at 3) == "$V2" ]] && break
  sleep 0.1
done
sleep 2
kill -INT "$LOAD_PID"; wait "$LOAD_PID" || true; LOAD_PID=
say "publish took $(elapsed "$publish_start" "$publish_end") s"
for r in r1 r2 r3; do
  first_new=$(seen "$RESULTS/b-rollout.txt" "$r" "$V2" 5)
  last_old=$(seen "$RESULTS/b-rollout.txt" "$r" "$V1" 6)
  if [[ -z $first_new ]]; then say "$r: never answered with $V2"; continue; fi
  say "$r: first $V2 answer $(elapsed "$publish_end" "$first_new") s after the publish; last $V1 answer $(elapsed "$publish_end" "${last_old:-$publish_end}") s after it"
done
# Over all replicas: the last one to switch, the first v2 answer and the last v1 answer.
first_new_all=$(awk -v v="$V2" '$1 == "SEEN" && $3 == v { print $5 }' "$RESULTS/b-rollout.txt" | sort -n | tail -n 1)
earliest_new=$(awk -v v="$V2" '$1 == "SEEN" && $3 == v { print $5 }' "$RESULTS/b-rollout.txt" | sort -n | head -n 1)
last_old_all=$(awk -v v="$V1" '$1 == "SEEN" && $3 == v { print $6 }' "$RESULTS/b-rollout.txt" | sort -n | tail -n 1)
switched=$(awk -v v="$V2" '$1 == "SEEN" && $3 == v { n++ } END { print n + 0 }' "$RESULTS/b-rollout.txt")
say "$switched of 3 replicas served v2; the last one $(elapsed "$publish_end" "${first_new_all:-$publish_end}") s after the publish ended (poll interval $POLL)"
say "v1 and v2 answered side by side for $(awk -v a="${earliest_new:-0}" -v b="${last_old_all:-0}" 'BEGIN { d = b - a; printf "%.2f", (d > 0 ? d : 0) }') s (first v2 answer to last v1 answer, all replicas)"
say "requests $(field "$RESULTS/b-rollout.txt" requests), failed $(failed "$RESULTS/b-rollout.txt") ($(statuses "$RESULTS/b-rollout.txt")); p99 $(field "$RESULTS/b-rollout.txt" p99_ms) ms"
for i in 1 2 3; do
  say "r$i: $(curl -s "http://127.0.0.1:${REPLICA_PORTS[$i]}/stats" | grep -oE '"loads":[0-9]+|"failed_loads":[0-9]+' | tr '\n' ' ')"
done
fi

# ---- c. kill -9 one replica under load, restart it ----
if [[ " $SCENARIOS " == *" c "* ]]; then
say ""
say "== c. kill -9 one replica (r2) under load, restart it =="
load_bg "$RESULTS/c-kill.txt" "$LB" &
LOAD_PID=$!
sleep "$(awk -v d="$DURATION" 'BEGIN { print d * 0.3 }')"
kill_at=$(now)
kill -KILL "${R_PID[2]}"
wait "${R_PID[2]}" 2>/dev/null || true
sleep "$(awk -v d="$DURATION" 'BEGIN { print d * 0.2 }')"
restart_at=$(now)
start_replica 2
wait_ready 2
ready_at=$(now)
wait "$LOAD_PID"; LOAD_PID=
# HAProxy takes it back after 2 passed checks (rise 2).
for _ in $(seq 150); do grep -q 'Server encore/r2 is UP' "$RESULTS/haproxy.log" && break; sleep 0.1; done
down_at=$(awk -v t="$kill_at" '$1 > t && /Server encore\/r2 is DOWN/ { print $1; exit }' "$RESULTS/haproxy.log")
up_at=$(awk -v t="$restart_at" '$1 > t && /Server encore\/r2 is UP/ { print $1; exit }' "$RESULTS/haproxy.log")
say "HAProxy took r2 out $(elapsed "$kill_at" "${down_at:-$kill_at}") s after the kill$([[ -n $down_at ]] || echo ' (no DOWN line!)')"
say "r2 restarted: ready $(elapsed "$restart_at" "$ready_at") s after its start, back in HAProxy $(elapsed "$ready_at" "${up_at:-$ready_at}") s after that$([[ -n $up_at ]] || echo ' (no UP line!)')"
say "requests $(field "$RESULTS/c-kill.txt" requests), failed $(failed "$RESULTS/c-kill.txt") ($(statuses "$RESULTS/c-kill.txt"); socket errors $(field "$RESULTS/c-kill.txt" socket_errors)); p99 $(field "$RESULTS/c-kill.txt" p99_ms) ms"
curl -s "http://127.0.0.1:$FLEET_STATS_PORT/;csv" >"$RESULTS/c-haproxy-stats.csv"
say "HAProxy's counters since it started (a and b had no failure): $(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } $1 == "encore_in" && $2 == "FRONTEND" { printf "frontend request errors %s, ", $col["ereq"] } $1 == "encore" && $2 == "BACKEND" { printf "backend retries %s, redispatches %s, response errors %s, client aborts %s, server aborts %s", $col["wretr"], $col["wredis"], $col["eresp"], $col["cli_abrt"], $col["srv_abrt"] }' "$RESULTS/c-haproxy-stats.csv")"
say "HAProxy's log of the failed and retried requests in that window: $(awk -v a="$kill_at" -v b="$ready_at" '$1 >= a && $1 <= b && / encore\/r2 / { n++ } END { print n + 0 }' "$RESULTS/haproxy.log") lines naming r2 (see haproxy.log)"
fi

# ---- d. events across replicas; Redis restarted and killed under load ----
if [[ " $SCENARIOS " == *" d "* ]]; then
say ""
say "== d. events across replicas; redis-server restarted (SIGTERM) and killed (SIGKILL) under load =="
probe_user=987654321
probe_item=$(head -n 1 "$ITEMS_FILE")
curl -sf -o /dev/null -X POST "http://127.0.0.1:$FLEET_R1_PORT/v1/users/$probe_user/events" -H 'Content-Type: application/json' -d "{\"item_id\": $probe_item}"
for i in 2 3; do
  got=$(curl -sf "http://127.0.0.1:${REPLICA_PORTS[$i]}/v1/users/$probe_user/events" | grep -c "\"item_id\":$probe_item" || true)
  say "written through r1, read through r$i: $([[ $got -ge 1 ]] && echo found || echo MISSING)"
done
run_chaos() { # name, then the faults as a function
  local name=$1 faults=$2
  rm -rf "$RESULTS/acks-$name" && mkdir -p "$RESULTS/acks-$name"
  ACKS=$RESULTS/acks-$name USERS=$USERS TRACKS=$TRACKS wrk -t"$WRITERS" -c"$WRITERS" -d"${DURATION}s" --timeout 10s \
    -s "$ROOT/bench/chaos/redis-chaos.lua" "$LB" >"$RESULTS/$name-wrk.txt" 2>&1 &
  LOAD_PID=$!
  "$faults" >"$RESULTS/$name-faults.log" 2>&1
  wait "$LOAD_PID"; LOAD_PID=
}
chaos_value() { sed -nE "s/^CHAOS.* $2=([0-9]+).*/\1/p" "$1"; }
redis_faults() {
  sleep "$(awk -v d="$DURATION" 'BEGIN { print d * 0.25 }')"
  echo "$(date -u +%T.%N) SIGTERM redis"; kill -TERM "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
  sleep 2; start_redis; echo "$(date -u +%T.%N) redis started again"
  sleep "$(awk -v d="$DURATION" 'BEGIN { print d * 0.25 }')"
  echo "$(date -u +%T.%N) SIGKILL redis"; kill -KILL "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
  sleep 2; start_redis; echo "$(date -u +%T.%N) redis started again"
}
run_chaos d redis_faults
f=$RESULTS/d-wrk.txt
say "requests $(chaos_value "$f" total): 2xx $(chaos_value "$f" s2xx), 503 $(chaos_value "$f" s503), 500 $(chaos_value "$f" s500), other 5xx $(chaos_value "$f" s5xx), other $(chaos_value "$f" other), socket errors $(chaos_value "$f" socket_errors)"
say "writes $(chaos_value "$f" writes): acknowledged $(chaos_value "$f" writes_ok), 503 $(chaos_value "$f" writes_503); recommendation reads degraded $(chaos_value "$f" reads_degraded), not 200 $(chaos_value "$f" recs_not_ok)"
say "read back from Redis after the restarts: $(readback "$RESULTS/acks-d")"
fi

# ---- e. restart every replica in turn under load ----
if [[ " $SCENARIOS " == *" e "* ]]; then
say ""
say "== e. rolling restart of every replica under load (drain in HAProxy, SIGTERM, start, ready, back in) =="
rolling_restart() {
  sleep 1
  for i in 1 2 3; do
    echo "$(date -u +%T.%N) drain r$i"; haproxy_admin "set server encore/r$i state drain"
    sleep 1
    kill -TERM "${R_PID[$i]}"; wait "${R_PID[$i]}" 2>/dev/null || true; echo "$(date -u +%T.%N) r$i stopped"
    start_replica "$i"; wait_ready "$i"; echo "$(date -u +%T.%N) r$i ready"
    haproxy_admin "set server encore/r$i state ready"
    until curl -s "http://127.0.0.1:$FLEET_STATS_PORT/;csv" | grep -q "^encore,r$i,.*,UP,"; do sleep 0.1; done
    echo "$(date -u +%T.%N) r$i up in HAProxy"
  done
}
saved_duration=$DURATION
DURATION=$((DURATION * 3))
run_chaos e rolling_restart
DURATION=$saved_duration
f=$RESULTS/e-wrk.txt
say "requests $(chaos_value "$f" total): 2xx $(chaos_value "$f" s2xx), 503 $(chaos_value "$f" s503), 500 $(chaos_value "$f" s500), other 5xx $(chaos_value "$f" s5xx), other $(chaos_value "$f" other), socket errors $(chaos_value "$f" socket_errors)"
say "writes acknowledged $(chaos_value "$f" writes_ok); every replica restarted: $(grep -c 'up in HAProxy' "$RESULTS/e-faults.log") of 3 (e-faults.log)"
if [[ -d $RESULTS/acks-d ]]; then
  say "read back from Redis, writes of d: $(readback "$RESULTS/acks-d")"
  got=$(curl -sf "$LB/v1/users/$probe_user/events" | grep -c "\"item_id\":$probe_item" || true)
  say "the event written through r1 in d, read through the balancer after every replica restarted: $([[ $got -ge 1 ]] && echo found || echo MISSING)"
fi
say "read back from Redis, writes of e: $(readback "$RESULTS/acks-e")"
fi

# ---- memory ----
say ""
say "== memory after the runs =="
for i in 1 2 3; do say "r$i: RSS $(($(ps -o rss= -p "${R_PID[$i]}") / 1024)) MB"; done
say "haproxy: RSS $(($(ps -o rss= -p "$HAPROXY_PID") / 1024)) MB; redis-server: $(redis-cli -p "$REDIS_PORT" info memory | sed -nE 's/^used_memory_human:(.*)\r?$/\1/p' | tr -d '\r') used, $(redis-cli -p "$REDIS_PORT" dbsize | tr -d '\r') keys"
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
