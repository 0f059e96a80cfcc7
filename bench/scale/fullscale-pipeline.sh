#!/usr/bin/env bash
# Full-scale pipeline benchmark (issue 4, item 8): generates the real dataset's size when RAW has no data yet, then
# runs `encore pipeline` (prepare step 3 → train: popular, ALS 50×50, similar → ranker → evaluate) under GNU time.
# Target on the 2-core machine: ≤ 45 min in all, ≤ 12 GB peak RSS. Per-step seconds and peak RSS come from the
# run's pipeline.json. The pipeline resets the kernel's peak-RSS mark before each step (so each step's figure is its
# own), which also resets what GNU time reports: its "Maximum resident set size" is the last step's peak, and the
# run's peak is the largest per-step figure.
#
#   bench/scale/fullscale-pipeline.sh [RAW] [OUT] [-- extra pipeline args such as --set ranker.train_users=50000]
set -euo pipefail
cd "$(dirname "$0")/../.."

raw=${1:-/tmp/encore-full/raw}
out=${2:-/tmp/encore-full/run}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Encore.Cli -c Release -v quiet
cli=$(dotnet build src/Encore.Cli -c Release -v quiet -getProperty:TargetPath)

if [ ! -f "$raw/interactions.parquet" ]; then
  bench/generate-fullscale.sh "$raw"
fi

log=$(mktemp)
/usr/bin/time -v -o "$log" dotnet "$cli" pipeline --raw "$raw" --out "$out" "$@"

echo "== encore pipeline, $(nproc) cores, $(date -u +%F)"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU' "$log" | sed 's/^\s*/  /'
rm -f "$log"
python3 - "$out/pipeline.json" <<'PY' 2>/dev/null || cat "$out/pipeline.json"
import json, sys
doc = json.load(open(sys.argv[1]))
for s in doc.get("steps", []):
    print(f"  {s.get('step'):<10} {s.get('status'):<8} {s.get('seconds', 0):8.1f} s  peak RSS {s.get('peak_rss_bytes', 0) / 2**30:5.2f} GiB")
print(f"  peak RSS of the run {max((s.get('peak_rss_bytes', 0) for s in doc.get('steps', [])), default=0) / 2**30:.2f} GiB")
PY
