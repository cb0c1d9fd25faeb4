#!/usr/bin/env bash
# The load runs of perf/README.md ("Third pass"), back to back: three SQLite county-years (the first verified), two runs
# at 2,500/s with a per-second timeline, group commit on and off over 20,000 admissions, and a verified PostgreSQL
# county-year, a run at 1,200/s and group commit on and off. Needs the registered bases of replay.sh; timelines go to $OUT (default /tmp/scale-suite).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-/tmp/scale-suite}"; mkdir -p "$out"
run() { bash "$here/replay.sh" "$@" 2>&1 | grep -E "^==|after warm-up|replay:|verify|replay\.sh:|ERROR"; rm -f "${DB_DIR:-/tmp/scale/db}"/*.db*; }
# The host's storage first: its speed varies from day to day on this VM (twice as slow in the sixth pass), and every
# figure below that touches the database moves with it.
echo "== storage on $(date -u +%F' '%H:%M) UTC: $(python3 "$here/disk.py" "${DB_DIR:-/tmp/scale/db}" | tr '\n' ' ')"
run sqlite county1 true 5201 --clients 256 --warmup 20000
run sqlite county2 true 5202 --clients 256 --warmup 20000 --no-verify
run sqlite county3 true 5203 --clients 256 --warmup 20000 --no-verify
run sqlite half1 true 5204 --clients 64 --warmup 20000 --rate 2500 --admissions 80000 --no-verify --timeline "$out/half1.csv"
run sqlite half2 true 5205 --clients 64 --warmup 20000 --rate 2500 --admissions 80000 --no-verify --timeline "$out/half2.csv"
run sqlite groupcommit_on true 5206 --clients 256 --admissions 20000 --no-verify
run sqlite groupcommit_off false 5207 --clients 256 --admissions 20000 --no-verify
run pg county_pg true 5208 --clients 256 --warmup 20000
run pg half_pg true 5209 --clients 64 --warmup 20000 --rate 1200 --admissions 60000 --no-verify --timeline "$out/half-pg.csv"
run pg groupcommit_on_pg true 5210 --clients 256 --admissions 20000 --no-verify
run pg groupcommit_off_pg false 5211 --clients 256 --admissions 20000 --no-verify
