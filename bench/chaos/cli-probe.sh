#!/usr/bin/env bash
# Feeds every verb of `encore` bad values (numbers out of range or not numbers, missing, empty, non-Parquet or
# wrongly typed files, unwritable or file-instead-of-directory --out, bad URLs, ports and settings) and tallies the
# exit codes. The contract (README, "Exit codes"): 0 ok, 1 bad input, 2 usage error, 130 cancelled; any other code,
# an "internal error" line, a stack trace, a hang or an --out directory left behind by a failed run is a defect.
#
#   bench/chaos/cli-probe.sh [path/to/encore]   (default: src/Encore.Cli/bin/Release/net10.0/encore; build it first)
#
# Prints one line per case (exit code, case, first line of stderr) and a summary; exits 1 when a defect is found.
# Loopback only; everything is written under a temporary directory that is removed at the end.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
encore=$(realpath "${1:-$root/src/Encore.Cli/bin/Release/net10.0/encore}")
[[ -x $encore ]] || { echo "no encore at $encore: dotnet build -c Release src/Encore.Cli" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ENCORE_DEBUG=0 NO_COLOR=1 AWS_ACCESS_KEY_ID=probe AWS_SECRET_ACCESS_KEY=probe AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true

# --- Good inputs, small --------------------------------------------------------------------------------------------
"$encore" generate -o raw --users 300 --tracks 500 --events-per-user 40 >/dev/null || exit 2
"$encore" prepare --raw raw -o data --subsample-step 1 --split-date 2022-12-01 >/dev/null || exit 2
"$encore" train --data data -o art --factors 4 --iterations 2 --ranker-trees 5 >/dev/null || exit 2

# --- Bad inputs ----------------------------------------------------------------------------------------------------
# /proc refuses new directories even to root, whom a read-only mode would not stop.
mkdir -p empty notpq/raw notpq/data zero/raw zero/data
touch a-file
for f in tracks catalog_names interactions; do echo "not parquet" > notpq/raw/$f.parquet; : > zero/raw/$f.parquet; done
for f in items events; do echo "not parquet" > notpq/data/$f.parquet; : > zero/data/$f.parquet; done
cp data/split.json notpq/data/; cp data/split.json zero/data/
# A prepared or raw directory with one file replaced by a variant of the wrong shape.
variant() { # variant DIR FROM-DIR FILE SELECT-LIST [WHERE-CLAUSE]
    mkdir -p "$1"; cp -r "$2"/. "$1"/; rm -f "$1/$3"
    sql+=("COPY (SELECT $4 FROM read_parquet('$2/$3') t ${5:-}) TO '$1/$3' (FORMAT parquet)")
}
sql=()
variant bad/items-varchar data items.parquet "* REPLACE (CAST(item_id AS VARCHAR) AS item_id)"
variant bad/items-bigint data items.parquet "* REPLACE (CAST(item_id AS BIGINT) + 3000000000 AS item_id)"
variant bad/items-noid data items.parquet "* EXCLUDE (item_id)"
variant bad/items-genres-varchar data items.parquet "* REPLACE (CAST(genre_ids AS VARCHAR) AS genre_ids)"
variant bad/items-artists-int data items.parquet "* REPLACE ([1, 2] AS artists)"
variant bad/items-empty data items.parquet "*" "WHERE false"
variant bad/items-nullid data items.parquet "* REPLACE (CASE WHEN item_id % 2 = 0 THEN NULL ELSE item_id END AS item_id)"
variant bad/events-varchar data events.parquet "* REPLACE (CAST(user_id AS VARCHAR) AS user_id)"
variant bad/events-item-double data events.parquet "* REPLACE (CAST(item_id AS DOUBLE) AS item_id)"
variant bad/events-time-varchar data events.parquet "* REPLACE (CAST(started_at AS VARCHAR) AS started_at)"
variant bad/events-nouser data events.parquet "* EXCLUDE (user_id)"
variant bad/events-empty data events.parquet "*" "WHERE false"
variant bad/raw-track-varchar raw tracks.parquet "* REPLACE (CAST(track_id AS VARCHAR) AS track_id)"
variant bad/raw-user-varchar raw interactions.parquet "* REPLACE (CAST(user_id AS VARCHAR) AS user_id)"
variant bad/art-top-varchar art top_popular.parquet "* REPLACE (CAST(item_id AS VARCHAR) AS item_id)"
variant bad/art-personal-varchar art personal_als.parquet "* REPLACE (CAST(user_id AS VARCHAR) AS user_id)"
variant bad/art-similar-noscore art similar.parquet "* EXCLUDE (score)"
variant bad/art-recs-varchar art recommendations.parquet "* REPLACE (CAST(item_id AS VARCHAR) AS item_id)"
dotnet run --file "$here/duckdb-sql.cs" -- "${sql[@]}" || { echo "duckdb-sql.cs failed" >&2; exit 2; }
mkdir -p bad/split-bad bad/split-none bad/art-nomanifest bad/art-badmanifest bad/art-modelbad
cp -r data/. bad/split-bad/; echo '{"split_date": 12' > bad/split-bad/split.json
cp -r data/. bad/split-none/; rm bad/split-none/split.json
cp -r art/. bad/art-nomanifest/; rm bad/art-nomanifest/manifest.json
cp -r art/. bad/art-badmanifest/; echo '{"artifacts": [' > bad/art-badmanifest/manifest.json
cp -r art/. bad/art-modelbad/; head -c 100 art/als_model.bin > bad/art-modelbad/als_model.bin
printf 'user_id,item_id\n' > header-only.csv
printf 'user_id,item_id,t,w\n1,2,2020-01-01,1\n1,3,2020-01-02,2\n2,2,2020-01-03,1\n' > ok.csv
printf 'user_id,item_id\nx,2\n' > text-ids.csv
printf 'user_id,item_id\n1,99999999999\n' > wide-ids.csv
printf 'user_id,item_id,t\n1,2,yesterday\n' > bad-time.csv
printf 'user_id,item_id,w\n1,2,-3\n' > bad-weight.csv
printf '{"train": {"als": {"factors": "many"}}}' > bad-type.json
printf '{ nope' > bad-syntax.json
printf 'id,name\nx,Name\n' > names-text.csv

# --- The cases -----------------------------------------------------------------------------------------------------
results=$work/results.tsv
: > "$results"
n=0
# probe NAME ARGS...: runs encore with ARGS (30 s limit); any --out/-o that did not exist before must not exist after a failure.
probe() {
    local name=$1; shift
    local out="" prev=""
    for a in "$@"; do [[ $prev == --out || $prev == -o ]] && out=$a; prev=$a; done
    local existed=1; [[ -n $out && ! -e $out ]] && existed=0
    timeout -s INT 30 "$encore" "$@" >"$work/stdout" 2>"$work/stderr" </dev/null
    local rc=$?
    local line; line=$(grep -v '^\s*$' "$work/stderr" | head -1 | cut -c1-220)
    local flags=""
    grep -q 'internal error' "$work/stderr" && flags+=" INTERNAL"
    grep -qE '^\s+at [A-Za-z]' "$work/stderr" && flags+=" STACK"
    [[ $rc == 124 ]] && flags+=" HANG"
    [[ $rc != 0 && $existed == 0 && -e $out ]] && { flags+=" LEFT-OUT"; rm -rf "$out"; }
    [[ $rc != 0 && -z $line ]] && flags+=" SILENT"
    printf '%s\t%s\t%s\t%s\n' "$rc" "$name" "${flags# }" "$line" >> "$results"
    printf '%3s  %-44s %-10s %s\n' "$rc" "$name" "${flags# }" "$line"
    n=$((n + 1))
}

# usage errors
probe usage/unknown-verb nosuchverb
probe usage/unknown-option train --data data -o o/u1 --bogus
probe usage/missing-required train
probe usage/not-a-number generate -o o/u2 --users abc

# generate
probe generate/users-zero generate -o o/g1 --users 0
probe generate/users-negative generate -o o/g2 --users -5
probe generate/users-huge generate -o o/g3 --users 2147483647
probe generate/tracks-zero generate -o o/g4 --tracks 0
probe generate/tracks-huge generate -o o/g5 --tracks 2147483647 --users 10
probe generate/events-negative generate -o o/g6 --events-per-user -1
probe generate/events-nan generate -o o/g7 --events-per-user NaN
probe generate/events-infinity generate -o o/g8 --events-per-user Infinity
probe generate/events-huge generate -o o/g9 --events-per-user 1e300 --users 10
probe generate/threads-zero generate -o o/g10 --threads 0 --users 10 --tracks 10
probe generate/threads-negative generate -o o/g11 --threads -3 --users 10 --tracks 10
probe generate/out-is-file generate -o a-file --users 10 --tracks 10
probe generate/out-unwritable generate -o /proc/encore-probe/sub --users 10 --tracks 10
probe generate/out-empty generate -o "" --users 10 --tracks 10

# prepare
probe prepare/raw-missing prepare --raw nope -o o/p1
probe prepare/raw-empty-dir prepare --raw empty -o o/p2
probe prepare/raw-not-parquet prepare --raw notpq/raw -o o/p3
probe prepare/raw-zero-bytes prepare --raw zero/raw -o o/p4
probe prepare/raw-track-id-varchar prepare --raw bad/raw-track-varchar -o o/p5
probe prepare/raw-user-id-varchar prepare --raw bad/raw-user-varchar -o o/p6
probe prepare/step-zero prepare --raw raw -o o/p7 --subsample-step 0
probe prepare/step-negative prepare --raw raw -o o/p8 --subsample-step -2
probe prepare/split-date-bad prepare --raw raw -o o/p9 --split-date 2022-13-45
probe prepare/split-date-future prepare --raw raw -o o/p10 --split-date 2100-01-01
probe prepare/split-date-past prepare --raw raw -o o/p11 --split-date 1900-01-01
probe prepare/memory-limit-bad prepare --raw raw -o o/p12 --memory-limit lots
probe prepare/threads-zero prepare --raw raw -o o/p13 --threads 0
probe prepare/threads-negative prepare --raw raw -o o/p14 --threads -1
probe prepare/out-is-file prepare --raw raw -o a-file
probe prepare/out-unwritable prepare --raw raw -o /proc/encore-probe/sub

# import
probe import/events-missing import --events nope.csv -o o/i1
probe import/events-empty import --events a-file -o o/i2
probe import/events-header-only import --events header-only.csv -o o/i3
probe import/events-is-dir import --events empty -o o/i4
probe import/user-col-missing import --events ok.csv --user-col uid -o o/i5
probe import/ids-not-numbers import --events text-ids.csv -o o/i6
probe import/ids-too-wide import --events wide-ids.csv -o o/i7
probe import/time-not-a-time import --events bad-time.csv --time-col t -o o/i8
probe import/weight-negative import --events bad-weight.csv --weight-col w -o o/i9
probe import/sep-bad import --events ok.csv --sep '|' -o o/i10
probe import/names-missing import --events ok.csv --names nope.csv -o o/i11
probe import/names-ids-text import --events ok.csv --names names-text.csv -o o/i12
probe import/out-is-file import --events ok.csv -o a-file
probe import/out-unwritable import --events ok.csv -o /proc/encore-probe/sub

# train
T=(--factors 4 --iterations 2 --ranker-trees 5)
probe train/data-missing train --data nope -o o/t1
probe train/data-not-parquet train --data notpq/data -o o/t2
probe train/data-zero-bytes train --data zero/data -o o/t3
probe train/items-item-id-varchar train --data bad/items-varchar -o o/t4 "${T[@]}"
probe train/items-item-id-too-wide train --data bad/items-bigint -o o/t5 "${T[@]}"
probe train/items-no-item-id train --data bad/items-noid -o o/t6 "${T[@]}"
probe train/items-genre-ids-varchar train --data bad/items-genres-varchar -o o/t7 "${T[@]}" --similar genre
probe train/items-artists-int train --data bad/items-artists-int -o o/t8 "${T[@]}"
probe train/items-empty train --data bad/items-empty -o o/t9 "${T[@]}"
probe train/items-null-ids train --data bad/items-nullid -o o/t10 "${T[@]}"
probe train/events-user-id-varchar train --data bad/events-varchar -o o/t11 "${T[@]}"
probe train/events-item-id-double train --data bad/events-item-double -o o/t12 "${T[@]}"
probe train/events-started-at-varchar train --data bad/events-time-varchar -o o/t13 "${T[@]}"
probe train/events-no-user-id train --data bad/events-nouser -o o/t14 "${T[@]}"
probe train/events-empty train --data bad/events-empty -o o/t15 "${T[@]}"
probe train/split-json-bad train --data bad/split-bad -o o/t16 "${T[@]}"
probe train/split-json-missing train --data bad/split-none -o o/t17 "${T[@]}"
probe train/factors-zero train --data data -o o/t18 --factors 0
probe train/factors-huge train --data data -o o/t19 --factors 2000000000 --iterations 1
probe train/iterations-negative train --data data -o o/t20 --iterations -1
probe train/regularization-negative train --data data -o o/t21 --regularization -1
probe train/regularization-nan train --data data -o o/t22 --regularization NaN
probe train/alpha-infinity train --data data -o o/t23 --alpha Infinity
probe train/recommendations-zero train --data data -o o/t24 --recommendations 0
probe train/recommendations-huge train --data data -o o/t25 --recommendations 2000000000 "${T[@]}"
probe train/threads-negative train --data data -o o/t26 --threads -2
probe train/seed-negative train --data data -o o/t27 --seed -1 "${T[@]}" --no-ranker
probe train/split-date-bad train --data data -o o/t28 --split-date 12/01/2022
probe train/split-date-before-all train --data data -o o/t29 --split-date 1900-01-01 "${T[@]}"
probe train/split-date-after-all train --data data -o o/t30 --split-date 2100-01-01 "${T[@]}"
probe train/confidence-bad train --data data -o o/t31 --confidence beta
probe train/ranker-als-candidates-zero train --data data -o o/t32 "${T[@]}" --ranker-als-candidates 0
probe train/ranker-label-window-days-negative train --data data -o o/t33 "${T[@]}" --ranker-label-window-days -1
probe train/ranker-label-window-days-huge train --data data -o o/t34 "${T[@]}" --ranker-label-window-days 100000
probe train/ranker-trees-zero train --data data -o o/t35 --factors 4 --iterations 2 --ranker-trees 0
probe train/ranker-train-users-negative train --data data -o o/t36 "${T[@]}" --ranker-train-users -1
probe train/ranker-objective-bad train --data data -o o/t37 "${T[@]}" --ranker-objective xendcg
probe train/out-is-file train --data data -o a-file "${T[@]}"
probe train/out-unwritable train --data data -o /proc/encore-probe/sub "${T[@]}"

# evaluate (each on its own copy of the artifacts; the reports go to o/report/, beside them)
ev() { local d=o/ev-$1; rm -rf "$d"; cp -r "$2" "$d"; echo "$d"; }
mkdir -p o
probe evaluate/data-missing evaluate --data nope --artifacts "$(ev 1 art)"
probe evaluate/artifacts-missing evaluate --data data --artifacts nope
probe evaluate/artifacts-empty evaluate --data data --artifacts empty
probe evaluate/items-item-id-varchar evaluate --data bad/items-varchar --artifacts "$(ev 2 art)"
probe evaluate/events-user-id-varchar evaluate --data bad/events-varchar --artifacts "$(ev 3 art)"
probe evaluate/items-empty evaluate --data bad/items-empty --artifacts "$(ev 4 art)"
probe evaluate/top-popular-item-id-varchar evaluate --data data --artifacts "$(ev 5 bad/art-top-varchar)"
probe evaluate/personal-user-id-varchar evaluate --data data --artifacts "$(ev 6 bad/art-personal-varchar)"
probe evaluate/similar-no-score evaluate --data data --artifacts "$(ev 7 bad/art-similar-noscore)"
probe evaluate/recommendations-item-id-varchar evaluate --data data --artifacts "$(ev 8 bad/art-recs-varchar)"
probe evaluate/k-zero evaluate --data data --artifacts "$(ev 9 art)" --k 0
probe evaluate/k-huge evaluate --data data --artifacts "$(ev 10 art)" --k 2000000000
probe evaluate/k-text evaluate --data data --artifacts "$(ev 11 art)" --k five
probe evaluate/models-unknown evaluate --data data --artifacts "$(ev 12 art)" --models nope
probe evaluate/history-length-zero evaluate --data data --artifacts "$(ev 13 art)" --history-length 0
probe evaluate/history-length-negative evaluate --data data --artifacts "$(ev 14 art)" --history-length -5
probe evaluate/merge-bad evaluate --data data --artifacts "$(ev 15 art)" --merge avg
probe evaluate/protocol-bad evaluate --data data --artifacts "$(ev 16 art)" --protocol mine
probe evaluate/artifacts-is-file evaluate --data data --artifacts a-file

# pipeline
probe pipeline/set-no-equals pipeline --raw raw -o o/pl1 --set train.als.factors
probe pipeline/set-unknown-key pipeline --raw raw -o o/pl2 --set train.als.nope=1
probe pipeline/set-not-a-number pipeline --raw raw -o o/pl3 --set train.als.factors=abc
probe pipeline/set-negative pipeline --raw raw -o o/pl4 --set train.als.factors=-4
probe pipeline/set-empty pipeline --raw raw -o o/pl5 --set =
probe pipeline/config-missing pipeline --raw raw -o o/pl6 --config nope.json
probe pipeline/config-bad-json pipeline --raw raw -o o/pl7 --config bad-syntax.json
probe pipeline/config-bad-type pipeline --raw raw -o o/pl8 --config bad-type.json
probe pipeline/config-is-dir pipeline --raw raw -o o/pl9 --config empty
probe pipeline/force-unknown-step pipeline --raw raw -o o/pl10 --force nostep
probe pipeline/raw-missing pipeline --raw nope -o o/pl11
probe pipeline/raw-not-parquet pipeline --raw notpq/raw -o o/pl12
probe pipeline/no-raw pipeline -o o/pl13
probe pipeline/out-is-file pipeline --raw raw -o a-file
probe pipeline/out-unwritable pipeline --raw raw -o /proc/encore-probe/sub

# publish / fetch
probe publish/to-s3-no-bucket publish --artifacts art --to s3://
probe publish/to-s3-bad-bucket publish --artifacts art --to s3://A_B/x
probe publish/to-s3-dotdot publish --artifacts art --to s3://bucket/a/../b
probe publish/to-other-scheme publish --artifacts art --to http://example/x
probe publish/to-empty publish --artifacts art --to ""
probe publish/endpoint-not-a-url publish --artifacts art --to s3://bucket/x --endpoint-url notaurl
probe publish/endpoint-refused publish --artifacts art --to s3://bucket/x --endpoint-url http://127.0.0.1:9
probe publish/artifacts-missing publish --artifacts nope --to o/pub1
probe publish/artifacts-no-manifest publish --artifacts bad/art-nomanifest --to o/pub2
probe publish/artifacts-bad-manifest publish --artifacts bad/art-badmanifest --to o/pub3
probe publish/to-is-file publish --artifacts art --to a-file
probe publish/to-unwritable publish --artifacts art --to /proc/encore-probe/sub
probe fetch/from-missing fetch --from nope -o o/f1
probe fetch/from-no-manifest fetch --from bad/art-nomanifest -o o/f2
probe fetch/from-bad-manifest fetch --from bad/art-badmanifest -o o/f3
probe fetch/from-s3-bad-bucket fetch --from s3://x -o o/f4
probe fetch/from-s3-refused fetch --from s3://bucket/x --endpoint-url http://127.0.0.1:9 -o o/f5
probe fetch/endpoint-not-a-url fetch --from s3://bucket/x --endpoint-url "http://[::1" -o o/f6
probe fetch/out-is-file fetch --from art -o a-file
probe fetch/out-unwritable fetch --from art -o /proc/encore-probe/sub

# serve (each case must fail before it would serve)
probe serve/urls-not-a-url serve --artifacts art --urls notaurl
probe serve/urls-bad-port serve --artifacts art --urls http://127.0.0.1:99999
probe serve/urls-empty serve --artifacts art --urls ""
probe serve/urls-other-scheme serve --artifacts art --urls ftp://127.0.0.1:8000
probe serve/urls-no-port serve --artifacts art --urls http://
probe serve/role-bad serve --artifacts art --role everything
probe serve/artifacts-missing serve --artifacts nope --urls http://127.0.0.1:0
probe serve/artifacts-empty-dir serve --artifacts empty --urls http://127.0.0.1:0
probe serve/artifacts-s3-bad serve --artifacts s3://A --urls http://127.0.0.1:0
probe serve/artifacts-other-scheme serve --artifacts http://x/y --urls http://127.0.0.1:0
probe serve/data-missing serve --artifacts art --data nope --urls http://127.0.0.1:0
probe serve/items-item-id-varchar serve --artifacts art --data bad/items-varchar --urls http://127.0.0.1:0
probe serve/setting-bad-value serve --artifacts art --urls http://127.0.0.1:0 --Events:Store=nope
probe serve/setting-not-a-number serve --artifacts art --urls http://127.0.0.1:0 --Events:Capacity=abc
probe serve/setting-no-value serve --artifacts art --urls http://127.0.0.1:0 --Events:Store
probe serve/stray-argument serve --artifacts art --urls http://127.0.0.1:0 stray

# client (nothing listens on 127.0.0.1:9)
probe client/url-not-a-url client --url notaurl --no-log
probe client/url-other-scheme client --url ftp://127.0.0.1:9 --no-log
probe client/url-refused client --url http://127.0.0.1:9 --no-log
probe client/k-zero client --url http://127.0.0.1:9 --k 0 --no-log
probe client/k-negative client --url http://127.0.0.1:9 --k -3 --no-log
probe client/timeout-zero client --url http://127.0.0.1:9 --timeout 0 --no-log
probe client/timeout-nan client --url http://127.0.0.1:9 --timeout NaN --no-log
probe client/timeout-huge client --url http://127.0.0.1:9 --timeout 1e300 --no-log
probe client/user-id-text client --offline --user-id abc --no-log
probe client/two-modes client --offline --online --user-id 1 --no-log
probe client/offline-no-user client --offline --no-log
probe client/log-in-missing-dir client --url http://127.0.0.1:9 --log nope/dir/client.log
probe client/log-is-dir client --url http://127.0.0.1:9 --log empty
probe client/scenario-no-user client scenario --url http://127.0.0.1:9 --no-log

# bench
probe bench/als-synthetic-bad bench als --synthetic 10x10
probe bench/als-synthetic-zero bench als --synthetic 0x0x0
probe bench/als-synthetic-overfull bench als --synthetic 10x10x1000
probe bench/als-input-missing bench als --input nope.csv
probe bench/als-input-not-parquet bench als --input notpq/data/events.parquet
probe bench/als-input-user-id-varchar bench als --input bad/events-varchar/events.parquet --iterations 1 --factors 2
probe bench/als-input-header-only bench als --input header-only.csv
probe bench/als-factors-zero bench als --synthetic 100x100x500 --factors 0
probe bench/als-cg-steps-zero bench als --synthetic 100x100x500 --cg-steps 0
probe bench/als-threads-negative bench als --synthetic 100x100x500 --threads -1
probe bench/quality-input-missing bench quality --input nope.parquet
probe bench/quality-input-user-id-varchar bench quality --input bad/events-varchar/events.parquet --iterations 1 --factors 2
probe bench/quality-test-fraction-bad bench quality --input data/events.parquet --test-fraction 1.5
probe bench/quality-k-zero bench quality --input data/events.parquet --k 0
probe bench/quality-values-bad bench quality --input data/events.parquet --values lots

# demo (fails before the pipeline)
probe demo/port-negative demo -o o/d1 --port -1 --no-serve
probe demo/port-huge demo -o o/d2 --port 70000 --no-serve
probe demo/users-zero demo -o o/d3 --users 0 --no-serve
probe demo/set-bad demo -o o/d4 --set nope --no-serve
probe demo/out-is-file demo -o a-file --users 50 --tracks 50 --no-serve
probe demo/out-unwritable demo -o /proc/encore-probe/sub --users 50 --tracks 50 --no-serve

# --- Summary -------------------------------------------------------------------------------------------------------
echo
echo "$n cases; by exit code:"
cut -f1 "$results" | sort -n | uniq -c | sed 's/^/  /'
defects=$(awk -F'\t' '$3 != "" || ($1 != 0 && $1 != 1 && $1 != 2)' "$results")
if [[ -n $defects ]]; then
    echo "defects ($(printf '%s\n' "$defects" | wc -l)):"
    printf '%s\n' "$defects" | awk -F'\t' '{ printf "  %s  %s  %s  %s\n", $1, $2, $3, $4 }'
    exit 1
fi
echo "no defects."
