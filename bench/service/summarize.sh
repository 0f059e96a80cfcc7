#!/usr/bin/env bash
# Markdown tables from a run.sh results folder: throughput and latency per endpoint, store and connection count
# against the seed's figures (issue 5, item 10), p99 at half the peak rate, start-up time and RSS.
# Usage: bench/service/summarize.sh RESULTS_DIR
set -euo pipefail
RESULTS=${1:?usage: summarize.sh RESULTS_DIR}

echo "### Throughput (req/s, then p50 / p99 in ms)"
echo
awk -F'\t' '
  BEGIN {
    # The seed services on this machine kind, same wrk setup (issue 5, item 10); online was not measured alone.
    seed["offline"] = 16; seed["blended"] = 6.6; seed["similar"] = 50
    seed["default"] = 6000; seed["put"] = 6000; seed["get"] = 6000
  }
  NR == 1 { next }
  {
    key = $2 "\t" $1
    if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
    if (!($3 in conn)) { conn[$3] = 1; conns[++nc] = $3 }
    cell[key, $3] = sprintf("%\047d · %.2f / %.2f%s", $4, $5, $6, ($7 + $8 > 0 ? sprintf(" (%d failed)", $7 + $8) : ""))
    if ($4 > peak[key]) peak[key] = $4
  }
  END {
    header = "| endpoint | store |"; line = "|---|---|"
    for (i = 1; i <= nc; i++) { header = header " " conns[i] " conn |"; line = line "---|" }
    print header " seed req/s | peak × seed |"; print line "---|---|"
    for (r = 1; r <= rows; r++) {
      split(order[r], parts, "\t"); row = "| " parts[1] " | " parts[2] " |"
      for (i = 1; i <= nc; i++) row = row " " cell[order[r], conns[i]] " |"
      s = seed[parts[1]]
      print row " " (s ? s : "—") " | " (s ? sprintf("%\047.0f×", peak[order[r]] / s) : "—") " |"
    }
  }' "$RESULTS/summary.tsv"

if [[ $(wc -l <"$RESULTS/half-peak.tsv") -gt 1 ]]; then
  echo
  echo "### Latency at about half the peak rate (1 ms pause per request per connection)"
  echo
  echo "| endpoint | store | peak req/s | connections | req/s held | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %\047d | %d | %\047d | %.2f | %.2f |\n", $2, $1, $3, $4, $6, $7, $8 }' "$RESULTS/half-peak.tsv"
fi

echo
echo "### Start-up (to /health/ready) and memory"
echo
echo "| store | start-ups | ready, median (all) | RSS after start | RSS after the load | peak RSS |"
echo "|---|---|---|---|---|---|"
for store in $(awk -F'\t' 'NR > 1 { print $1 }' "$RESULTS/startup.tsv" | uniq); do
  times=$(awk -F'\t' -v s="$store" 'NR > 1 && $1 == s { print $3 }' "$RESULTS/startup.tsv" | sort -n)
  count=$(echo "$times" | wc -l)
  median=$(echo "$times" | awk -v n="$count" 'NR == int((n + 1) / 2) { printf "%.2f", $1 / 1000 }')
  all=$(echo "$times" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / 1000 }')
  memory=$(awk -F'\t' -v s="$store" '$1 == s { printf "%s MB | %s MB | %s MB", $2, $3, $4 }' "$RESULTS/memory.tsv")
  echo "| $store | $count | $median s ($all) | ${memory:-— | — | —} |"
done

echo
sed 's/^/    /' "$RESULTS/machine.txt"
