#!/usr/bin/env bash
# One measured replay on a copy of a registered base database, then the server is stopped.
# usage: replay.sh sqlite|pg NAME GROUPCOMMIT PORT [loadgen options...]
#   sqlite: copies $BASE_SQLITE (default /tmp/scale/base-sqlite.db) to $DB_DIR/NAME.db
#   pg:     CREATE DATABASE NAME TEMPLATE $BASE_PG (default nankang_base) on the server of scripts/postgres.sh,
#           dropped after the run unless KEEP_DB=1 (left behind, the 300 MB copies slowed later runs' I/O: perf/README.md)
# Make the base once: serve.sh on an empty database, then `Nankang.Health.LoadGen register --key perf-bureau-key --url ...`.
set -euo pipefail
kind=$1; name=$2; gc=$3; port=$4; shift 4
# NAME is also the PostgreSQL database's name: letters, digits and underscores only.
[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "replay.sh: NAME must be letters, digits and underscores (it names the database): $name" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ "$kind" = sqlite ]; then
  dir="${DB_DIR:-/tmp/scale/db}"; mkdir -p "$dir"; rm -f "$dir/$name.db"*
  cp "${BASE_SQLITE:-/tmp/scale/base-sqlite.db}" "$dir/$name.db"
  provider=Sqlite; connection="Data Source=$dir/$name.db"
else
  pg="$(bash "$repo/scripts/postgres.sh")"
  psql -q -h 127.0.0.1 -p "${NANKANG_PG_PORT:-25432}" -U postgres -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name TEMPLATE ${BASE_PG:-nankang_base}"
  provider=PostgreSql; connection="$pg;Database=$name"
fi
"$here/serve.sh" "$port" "$provider" "$connection" "$gc" > "/tmp/serve-$name.log" 2>&1 &
server=$!
# Any answer (401 here) means it listens; the OpenAPI document is off in Production.
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/audit" && break; sleep 0.5; done
echo "== $name $provider groupCommit=$gc $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "== load generator CPU %U s user + %S s system" -o "/tmp/replay-$name.time" \
  dotnet "$repo/perf/Nankang.Health.LoadGen/bin/Release/net10.0/Nankang.Health.LoadGen.dll" replay \
  --key perf-bureau-key --url "http://127.0.0.1:$port" --skip-register "$@" 2>"/tmp/replay-$name.err" || true
cat "/tmp/replay-$name.time"
echo "== server CPU $(awk '{printf "%.1f s", ($14+$15)/100}' /proc/$server/stat); end $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg); server $(grep VmHWM /proc/$server/status)"
kill "$server"
if [ "$kind" = pg ] && [ "${KEEP_DB:-0}" != 1 ]; then
  wait "$server" 2>/dev/null || true
  psql -q -h 127.0.0.1 -p "${NANKANG_PG_PORT:-25432}" -U postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"
fi
