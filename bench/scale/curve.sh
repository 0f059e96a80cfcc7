#!/usr/bin/env bash
# The scale curve (issue 17): the whole `encore pipeline` (every default) at several sizes of the real dataset, users
# and tracks scaled together (1 = 1,373,221 listeners × 1,000,000 tracks ≈ 220M raw listens; 2 = 2.75M × 2M). Per
# size it generates the raw data, runs the pipeline under GNU time while sampling its RSS, and writes
# OUT/size-<scale>/size.json (+ a copy of pipeline.json, the logs); after each size `encore bench curve-report`
# collects every size into OUT/curve.json, OUT/scale_curve.png and OUT/scale_curve.md (tables + exponents).
#
#   bench/scale/curve.sh [--sizes 0.125,0.25,0.5,1,2] [--out DIR] [--keep-data] [--base-users N] [--base-tracks N]
#                        [--seed S] [-- extra pipeline args such as --set ranker.train_users=50000]
#
# Sizes are decimals or fractions (1/512,1/256,1/128 checks the tooling in minutes). Resumable: a size whose
# size.json says "ok" is not rerun; a size whose raw data exists with a matching marker is not regenerated.
# Disk-aware: before generating a size it predicts the bytes it needs (raw + pipeline output, from the bytes per
# listen measured at the largest size done so far) and stops cleanly when the free space is short. A size's raw and
# output data are deleted after its run unless --keep-data. A failed or killed step stops the curve with one line
# naming the step and why (exit 137 → "killed, likely out of memory" with the last sampled RSS).
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes=0.125,0.25,0.5,1,2
out=/tmp/encore-curve
keep=0
base_users=1373221
base_tracks=1000000
seed=42
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep-data) keep=1; shift ;;
    --base-users) base_users=$2; shift 2 ;;
    --base-tracks) base_tracks=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "curve.sh: unknown argument '$1' (see the header of $0)" >&2; exit 1 ;;
  esac
done
extra=("$@")

# Listens per listener and disk bytes per listen before any size has measured them: the real-size run
# (219,983,536 listens of 1,373,221 users) and a margin-rich guess, replaced by the measured figures once a size is done.
default_listens_per_user=160.2
default_bytes_per_listen=40
margin=1.5

# "1/512" or "0.125" → a decimal; rejects anything else.
scale_of() {
  awk -v s="$1" 'BEGIN {
    if (s ~ /^[0-9]+\/[0-9]+$/) { split(s, p, "/"); if (p[2] == 0) exit 1; printf "%.10g\n", p[1] / p[2]; exit 0 }
    if (s ~ /^[0-9]*\.?[0-9]+$/ && s + 0 > 0) { printf "%.10g\n", s + 0; exit 0 }
    exit 1 }'
}

# A JSON number field of a flat size.json (the files this script writes).
field() { sed -n "s/.*\"$2\": *\"\{0,1\}\([^\",}]*\).*/\1/p" "$1" | head -1; }

json_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\n\r'; }

gib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1073741824 }'; }

# Wall seconds of GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34".
wall_of() {
  awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }'
}

# The largest size done so far: its listens per user and disk bytes per listen.
measured() {
  local best=0 file listens users bytes
  for file in "$out"/size-*/size.json; do
    [ -f "$file" ] || continue
    [ "$(field "$file" status)" = ok ] || continue
    listens=$(field "$file" raw_listens)
    if [ "$listens" -gt "$best" ]; then
      best=$listens
      users=$(field "$file" users)
      bytes=$(( $(field "$file" raw_bytes) + $(field "$file" output_bytes) ))
    fi
  done
  if [ "$best" -gt 0 ]; then
    awk -v l="$best" -v u="$users" -v b="$bytes" 'BEGIN { printf "%.4f %.4f\n", l / u, b / l }'
  else
    echo "$default_listens_per_user $default_bytes_per_listen"
  fi
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Encore.Cli -c Release -v quiet >/dev/null
cli=$(dotnet build src/Encore.Cli -c Release -v quiet -getProperty:TargetPath)
mkdir -p "$out"
echo "== scale curve: sizes $sizes of ${base_users} users x ${base_tracks} tracks, seed $seed, $(nproc) cores, $(date -u '+%F %H:%M') UTC, into $out"

IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  scale=$(scale_of "$size") || { echo "curve.sh: --sizes: '$size' is not a positive decimal or fraction" >&2; exit 1; }
  users=$(awk -v b="$base_users" -v s="$scale" 'BEGIN { printf "%.0f", int(b * s + 0.5) }')
  tracks=$(awk -v b="$base_tracks" -v s="$scale" 'BEGIN { printf "%.0f", int(b * s + 0.5) }')
  dir="$out/size-${size//\//_}"
  raw="$dir/raw"
  run="$dir/run"
  marker="users=$users tracks=$tracks seed=$seed"
  if [ -f "$dir/size.json" ] && [ "$(field "$dir/size.json" status)" = ok ]; then
    echo "-- scale $size ($users users x $tracks tracks): done earlier, not rerun"
    continue
  fi
  read -r per_user per_listen <<<"$(measured)"
  need=$(awk -v u="$users" -v p="$per_user" -v b="$per_listen" -v m="$margin" 'BEGIN { printf "%.0f", u * p * b * m }')
  have_raw=0
  if [ -f "$raw/interactions.parquet" ] && [ -f "$raw/.curve-marker" ] && [ "$(head -1 "$raw/.curve-marker")" = "$marker" ]; then
    have_raw=1
    need=$(( need - $(du -sb "$raw" | cut -f1) ))
  fi
  mkdir -p "$out"
  free=$(df -B1 --output=avail "$out" | tail -1 | tr -d ' ')
  echo "-- scale $size: $users users x $tracks tracks, ~$(awk -v u="$users" -v p="$per_user" 'BEGIN { printf "%.1fM", u * p / 1e6 }') listens; needs ~$(gib "$need") GiB of disk (${per_listen} B/listen x ${margin}), $(gib "$free") GiB free"
  if [ "$need" -gt "$free" ]; then
    echo "STOPPED before scale $size: not enough disk in $(df --output=target "$out" | tail -1): needs ~$(gib "$need") GiB, $(gib "$free") GiB free. Free space or pass --out on a larger disk, then rerun: done sizes are kept."
    exit 2
  fi

  mkdir -p "$dir"
  if [ "$have_raw" = 1 ]; then
    echo "   raw data of this size already in $raw"
    listens=$(sed -n 's/^listens=//p' "$raw/.curve-marker")
    gen_s=$(sed -n 's/^generate_s=//p' "$raw/.curve-marker")
  else
    rm -rf "$raw"
    /usr/bin/time -v -o "$dir/generate.time" dotnet "$cli" generate --users "$users" --tracks "$tracks" --seed "$seed" --out "$raw" >"$dir/generate.log" 2>&1 \
      || { echo "FAILED at scale $size: generate exited $? (see $dir/generate.log)"; exit 1; }
    # "Wrote 1,000 tracks, … and 219,983,536 listens of …": the number before " listens".
    listens=$(grep -o '[0-9,]* listens of' "$dir/generate.log" | tail -1 | tr -d ', ' | sed 's/listensof//' || true)
    [ -n "$listens" ] || { echo "FAILED at scale $size: no listen count in $dir/generate.log"; exit 1; }
    gen_s=$(wall_of "$dir/generate.time")
    printf '%s\nlistens=%s\ngenerate_s=%s\n' "$marker" "$listens" "$gen_s" >"$raw/.curve-marker"
    echo "   generated $listens listens in ${gen_s} s"
  fi

  # A clean run each time: the pipeline would skip steps it finished before, and their old times would mix in.
  rm -rf "$run"
  rm -f "$dir/pipeline.json" "$dir/rss.txt" "$dir/pid"
  set +e
  /usr/bin/time -v -o "$dir/pipeline.time" dotnet "$cli" pipeline --raw "$raw" --out "$run" "${extra[@]}" >"$dir/pipeline.log" 2>&1 &
  timer=$!
  # Sample the pipeline's RSS every 2 s: a killed process writes nothing, so this is its step's last figure.
  (
    child=""
    while kill -0 "$timer" 2>/dev/null; do
      if [ -z "$child" ]; then
        child=$(pgrep -P "$timer" | head -1 || true)
        [ -z "$child" ] || echo "$child" >"$dir/pid"
      fi
      if [ -n "$child" ] && [ -r "/proc/$child/status" ]; then
        awk '/^VmRSS:/ {print $2}' "/proc/$child/status" >"$dir/rss.txt.tmp" 2>/dev/null && mv -f "$dir/rss.txt.tmp" "$dir/rss.txt"
      fi
      sleep 2
    done
  ) &
  sampler=$!
  wait "$timer"
  rc=$?
  wait "$sampler"
  set -e

  [ -f "$run/pipeline.json" ] && cp "$run/pipeline.json" "$dir/pipeline.json"
  wall=$(wall_of "$dir/pipeline.time")
  max_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/pipeline.time")
  last_kb=$(cat "$dir/rss.txt" 2>/dev/null || echo 0)
  raw_bytes=$(du -sb "$raw" | cut -f1)
  out_bytes=$(du -sb "$run" 2>/dev/null | cut -f1 || echo 0)
  status=ok failed_step="" failure=""
  if [ "$rc" != 0 ]; then
    status=failed
    failed_step=$(grep -oE '^[0-9]+/[0-9]+ [a-z_]+: running' "$dir/pipeline.log" | tail -1 | awk '{print $2}' | tr -d ':' || true)
    failed_step=${failed_step:-unknown}
    if [ "$rc" = 137 ] || grep -q 'terminated by signal 9' "$dir/pipeline.time"; then
      last="last RSS $(gib $(( last_kb * 1024 ))) GiB"
      pid=$(cat "$dir/pid" 2>/dev/null || echo unknown)
      if ! log=$(dmesg 2>/dev/null); then
        failure="killed (exit 137, dmesg not readable), likely out of memory; $last"
      elif oom=$(grep -E "Killed process $pid " <<<"$log" | tail -1) && [ -n "$oom" ]; then
        failure="killed by the kernel's OOM killer (exit 137; dmesg: ${oom#*] }); $last"
      else
        failure="killed by signal 9 (exit 137), not by the kernel's OOM killer (dmesg has no OOM kill of pid $pid); $last"
      fi
    else
      failure="exit $rc: $(grep -v '^\s*$' "$dir/pipeline.log" | tail -1 | cut -c1-300 || true)"
    fi
  fi
  printf '{\n  "scale": %s,\n  "size": "%s",\n  "users": %s,\n  "tracks": %s,\n  "seed": %s,\n  "raw_listens": %s,\n  "generate_s": %s,\n  "status": "%s",\n  "exit_code": %s,\n  "failed_step": "%s",\n  "failure": "%s",\n  "wall_s": %s,\n  "gnu_time_max_rss_kb": %s,\n  "last_rss_kb": %s,\n  "raw_bytes": %s,\n  "output_bytes": %s,\n  "cores": %s,\n  "finished_utc": "%s"\n}\n' \
    "$scale" "$size" "$users" "$tracks" "$seed" "$listens" "${gen_s:-0}" "$status" "$rc" "$failed_step" "$(json_string "$failure")" \
    "${wall:-0}" "${max_kb:-0}" "${last_kb:-0}" "$raw_bytes" "${out_bytes:-0}" "$(nproc)" "$(date -u +%FT%TZ)" >"$dir/size.json.tmp"
  mv "$dir/size.json.tmp" "$dir/size.json"

  if [ "$keep" = 0 ]; then
    rm -rf "$raw" "$run"
  fi
  dotnet "$cli" bench curve-report --run "$out" >"$out/curve-report.log" 2>&1 || { cat "$out/curve-report.log"; exit 1; }
  if [ "$status" != ok ]; then
    echo "FAILED at scale $size ($listens listens): step $failed_step: $failure (log: $dir/pipeline.log)"
    exit 1
  fi
  # GNU time's figure is the last step's (the pipeline resets the mark per step), so the run's peak is the largest step's.
  peak=$(grep -o '"peak_rss_bytes": *[0-9]*' "$dir/pipeline.json" | awk -F: '$2 > m { m = $2 } END { print m + 0 }')
  echo "   pipeline: ${wall} s, peak RSS $(gib "$peak") GiB (largest step); disk $(gib $(( raw_bytes + out_bytes ))) GiB ($(awk -v b=$(( raw_bytes + out_bytes )) -v l="$listens" 'BEGIN { printf "%.1f", b / l }') B/listen)"
done
echo "== curve: $out/curve.json, chart $out/scale_curve.png, tables $out/scale_curve.md"
