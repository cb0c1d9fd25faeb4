#!/usr/bin/env bash
# Times the 防贫保 warning list and run over a replayed county year on a running server (perf/README.md).
# usage: [DECISION=Approved|Rejected] anti-poverty.sh PORT [YEAR] [REPEATS]   (bureau key: perf-bureau-key, as serve.sh sets it)
# REPEATS reads of the list as JSON and as XLSX, then the DECISION on every listed member, then two runs (the first books
# every payout or recovery, the second nothing), each timed by curl; prints the load average before and after.
set -euo pipefail
port=$1; year=${2:-2020}; repeats=${3:-3}
url="http://127.0.0.1:$port/api/v1/anti-poverty"
key=(-H "X-Api-Key: perf-bureau-key")
out="$(mktemp -d /tmp/anti-poverty-XXXX)"
echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$repeats"); do
  curl -sf "${key[@]}" -o "$out/list.json" -w "list json  %{time_total} s  %{size_download} B\n" "$url/warnings?year=$year"
  curl -sf "${key[@]}" -o "$out/list.xlsx" -w "list xlsx  %{time_total} s  %{size_download} B\n" "$url/warnings?year=$year&format=xlsx"
done
python3 - "$out/list.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
m = d["members"]
print(f"members on the list: {d['count']}; S from {m[-1]['selfPay'] if m else '-'} to {m[0]['selfPay'] if m else '-'}; "
      f"Σ P(S) {sum(x['payout'] for x in m):.2f}; capped {sum(1 for x in m if x['payout'] >= 90000)}")
open(sys.argv[1] + ".ids", "w").write("".join(x["memberId"] + "\n" for x in m))
EOF
started=$(date +%s.%N)
while read -r id; do
  curl -sf "${key[@]}" -o /dev/null -X PUT -H 'Content-Type: application/json' \
    -d "{\"decision\":\"${DECISION:-Approved}\",\"reason\":\"perf\"}" "$url/reviews/$id/$year"
done < "$out/list.json.ids"
echo "${DECISION:-Approved}: $(wc -l < "$out/list.json.ids" | tr -d ' ') members one by one in $(echo "$(date +%s.%N) - $started" | bc) s"
for i in 1 2; do
  curl -sf "${key[@]}" -o "$out/run$i.json" -X POST -H 'Content-Type: application/json' -d "{\"year\":$year}" \
    -w "run $i      %{time_total} s  " "$url/runs"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"reviewed {r['membersReviewed']}, payments {r['payments']}, recoveries {r['recoveries']}, booked {r['totalBooked']:.2f}\")" "$out/run$i.json"
done
curl -sf "${key[@]}" -o /dev/null -w "list json after the run  %{time_total} s\n" "$url/warnings?year=$year"
echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$out"
