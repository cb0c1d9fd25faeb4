#!/usr/bin/env bash
# Alternating before/after of the HTTP write path (perf/README.md): two checkouts, each built with `dotnet build -c Release`;
# per run a fresh database, the server of that checkout, the AFTER checkout's load generator: register, replay, verify.
# usage: before-after.sh BEFORE_REPO AFTER_REPO ROUNDS ADMISSIONS [PROVIDER sqlite|pg [LOADGEN OPTIONS...]]
# BASE_SQLITE=FILE or BASE_PG=DATABASE: each run replays on a copy of that registered base instead of registering (replay.sh).
set -uo pipefail
mkdir -p "${DB_DIR:-/tmp/before-after}"
before=$1; after=$2; rounds=$3; adm=$4; kind=${5:-sqlite}; shift $(( $# < 5 ? $# : 5 ))
register=()
loadgen="$after/perf/Nankang.Health.LoadGen/bin/Release/net10.0/Nankang.Health.LoadGen.dll"
port=25701
for r in $(seq 1 "$rounds"); do
  for side in before after; do
    repo=${!side}; name="ab_${side}_$r"
    if [ "$kind" = sqlite ]; then
      rm -f ${DB_DIR:-/tmp/before-after}/$name.db*; provider=Sqlite; conn="Data Source=${DB_DIR:-/tmp/before-after}/$name.db"
      if [ -n "${BASE_SQLITE:-}" ]; then cp "$BASE_SQLITE" "${DB_DIR:-/tmp/before-after}/$name.db"; register=(--skip-register); fi
    else
      pg="$(bash "$after/scripts/postgres.sh")"
      psql -q -h 127.0.0.1 -p 25432 -U postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" \
        -c "CREATE DATABASE $name${BASE_PG:+ TEMPLATE $BASE_PG}"
      if [ -n "${BASE_PG:-}" ]; then register=(--skip-register); fi
      provider=PostgreSql; conn="$pg;Database=$name"
    fi
    "$repo/perf/scripts/serve.sh" $port $provider "$conn" true > ${DB_DIR:-/tmp/before-after}/$name.serve.log 2>&1 &
    server=$!
    for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/audit" && break; sleep 0.5; done
    echo "== $name $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet "$loadgen" replay --key perf-bureau-key --url "http://127.0.0.1:$port" --admissions "$adm" --clients 256 "${register[@]}" "$@" 2>&1 \
      | grep -E "^(register|replay|verify|after warm)" | cut -c1-260
    echo "   server CPU $(awk '{printf "%.1f s", ($14+$15)/100}' /proc/$server/stat)"
    kill $server; wait $server 2>/dev/null
    if [ "$kind" = pg ]; then psql -q -h 127.0.0.1 -p 25432 -U postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"; else rm -f ${DB_DIR:-/tmp/before-after}/$name.db*; fi
  done
done
