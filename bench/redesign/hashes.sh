#!/usr/bin/env bash
# The redesign's check (issue 13): generate the 20k × 20k data with seed 13, run the whole pipeline on it and list
# the SHA-256 of every file it wrote, so the lists from the code before and after a refactoring can be compared.
# Usage: bench/redesign/hashes.sh OUT_DIR   (prints "sha256  path" lines, sorted, to OUT_DIR/hashes.txt and stdout)
set -euo pipefail
out=${1:?usage: hashes.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$root/src/Encore.Cli" -v q -nologo > /dev/null
dll="$root/src/Encore.Cli/bin/Release/net10.0/encore.dll"
encore() { dotnet "$dll" "$@"; }
rm -rf "$out" && mkdir -p "$out"
encore generate --users 20000 --tracks 20000 --seed 13 --out "$out/raw" > "$out/generate.log"
/usr/bin/time -f '%e s wall, %M KB peak' -o "$out/time.txt" dotnet "$dll" pipeline --raw "$out/raw" --out "$out/run" > "$out/pipeline.log"
# pipeline.json, the manifest, ranker.json and the step records also hold times, dates and absolute paths: those
# keys are dropped (and the hashes of the files that hold them) before hashing; every other file must match
# byte for byte.
volatile='del(.. | objects | (.created_utc, .started_utc, .modified_utc, .seconds, .peak_rss_bytes, .timings_s, .timings, .directory)?)
  | del(.. | objects | select((.file? // "") | test("(ranker|manifest)\\.json$")) | (.sha256, .bytes))'
cd "$out"
{
  find raw run -type f ! -name '*.json' -print0 | sort -z | xargs -0 sha256sum
  for f in $(find run -type f -name '*.json' ! -name pipeline.json | sort); do
    case "$f" in */metrics.json|*/split.json) sha256sum "$f" ;;
      *) echo "$(jq -S "$volatile" "$f" | sha256sum | cut -c1-64)  $f (times and paths dropped)" ;;
    esac
  done
} | sort -k2 > hashes.txt
cat hashes.txt
