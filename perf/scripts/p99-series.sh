#!/usr/bin/env bash
# The p99 target's check: RUNS paced replays at RATE, each on a fresh copy of the registered base (replay.sh: the first
# 20,000 admissions at full speed, then 24 s at RATE), and how many of them kept p99 at or under LIMIT milliseconds.
# One run proves little on a shared machine (perf/README.md, ninth pass: the same build gave 8.3–12.2 ms at 2,500/s).
# usage: p99-series.sh RATE [RUNS=5] [LIMIT_MS=10] [PORT=5301]
#   KIND=sqlite|pg (default sqlite); CLIENTS (default 64 for SQLite, 256 for PostgreSQL: perf/README.md, eighth pass)
set -uo pipefail
rate=${1:?usage: p99-series.sh RATE [RUNS] [LIMIT_MS] [PORT]}; runs=${2:-5}; limit=${3:-10}; port=${4:-5301}
kind=${KIND:-sqlite}
if [ "$kind" = pg ]; then clients=${CLIENTS:-256}; else clients=${CLIENTS:-64}; fi
here="$(cd "$(dirname "$0")" && pwd)"
echo "== $runs runs of $kind at $rate/s with $clients clients; target p99 <= $limit ms; storage: $(python3 "$here/disk.py" "${DB_DIR:-/tmp/scale/db}" | tr '\n' ' ')"
met=0; seen=0; all=()
for i in $(seq 1 "$runs"); do
  name="p99_series_$i"
  out="$(bash "$here/replay.sh" "$kind" "$name" true "$port" --clients "$clients" --warmup 20000 --rate "$rate" \
    --admissions $((20000 + 24 * rate)) --no-verify 2>&1)"
  [ "$kind" = sqlite ] && rm -f "${DB_DIR:-/tmp/scale/db}/$name.db"*
  line="$(grep -m1 'after warm-up (' <<<"$out")"
  p99="$(sed -n 's/.* p99 \([0-9.]*\) .*/\1/p' <<<"$line")"
  if [ -z "$p99" ]; then
    echo "run $i: no latency line; replay.sh printed:"; echo "$out"; continue
  fi
  seen=$((seen + 1)); all+=("$p99")
  if awk -v p="$p99" -v l="$limit" 'BEGIN { exit !(p <= l) }'; then met=$((met + 1)); fi
  echo "run $i (ended $(date -u +%H:%M:%S)): ${line#*: }"
  grep -E 'sent after due|server CPU' <<<"$out" | sed 's/^/      /'
done
echo "== p99 <= $limit ms in $met of $seen runs at $rate/s (p99 ms: ${all[*]})"
[ "$seen" = "$runs" ]
