#!/usr/bin/env bash
# Full-scale generator benchmark: the real dataset's size (1,373,221 users x 1,000,000 tracks, ~220M listens)
# written to OUT (default /tmp/encore-full/raw), timed with GNU time. Budget: <= 5 min wall and <= 4 GB peak
# RSS on the 2-core development machine (docs/data.md, "Performance").
#
#   bench/generate-fullscale.sh [OUT]          USERS=... TRACKS=... override the size
#
# Needs the CLI's `generate` verb (options --users --tracks --seed --out) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-/tmp/encore-full/raw}
users=${USERS:-1373221}
tracks=${TRACKS:-1000000}
seed=${SEED:-42}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Encore.Cli -c Release -v quiet
cli=$(dotnet build src/Encore.Cli -c Release -v quiet -getProperty:TargetPath)

log=$(mktemp)
/usr/bin/time -v -o "$log" dotnet "$cli" generate --users "$users" --tracks "$tracks" --seed "$seed" --out "$out"

echo "== ${users} users x ${tracks} tracks, seed ${seed} ($(nproc) cores, $(date -u +%F))"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time|Percent of CPU' "$log" | sed 's/^\s*/  /'
rm -f "$log"
ls -l "$out"/*.parquet | awk '{printf "  %-24s %8.1f MB\n", $NF, $5 / 1e6}' | sed "s#${out}/##"
