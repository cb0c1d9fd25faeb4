#!/usr/bin/env bash
# PostgreSQL failover proof (issue 20 §3): a primary (port 25521) and a streaming standby (25522) under /tmp/failover-pg,
# the API (25621) on a multi-host connection string, the load generator under load; mid-run the primary is stopped with
# `pg_ctl stop -m immediate` and the standby promoted. Then: every acknowledged settlement is in the promoted database
# exactly once, and `nankang verify` passes (conservation, ledger, accumulators = ledger).
#   sync   synchronous standby, synchronous_commit=remote_apply: must lose nothing (exit 0 when nothing is lost).
#   async  the negative control: the standby's WAL receiver is cut before the kill, so commits acknowledged after it are
#          certainly not on the standby; the script must detect the loss (exit 0 when it does, 1 when it does not).
# usage: perf/scripts/failover.sh sync|async   (build first: dotnet build -c Release src/Nankang.Health.Api,
#        perf/Nankang.Health.LoadGen and src/Nankang.Health.Cli)
# env: ADMISSIONS (3000) RATE per s (150) CLIENTS (16) KILL_AT settlements booked before the kill (800)
#      PROMOTE_DELAY seconds between the kill and the promotion (2, what a failover manager takes to decide) OUT (/tmp/failover-pg)
# Never touches the shared test cluster (25432).
set -euo pipefail
mode="${1:-}"
[[ "$mode" == sync || "$mode" == async ]] || { echo "usage: $0 sync|async" >&2; exit 2; }
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin=/usr/lib/postgresql/15/bin
base="${OUT:-/tmp/failover-pg}"
admissions="${ADMISSIONS:-3000}" rate="${RATE:-150}" clients="${CLIENTS:-16}" kill_at="${KILL_AT:-800}"
promote_delay="${PROMOTE_DELAY:-2}"
p1=25521 p2=25522 p_old=25523 api=25621
key=perf-bureau-key run="F$(date +%s)"
log() { echo "failover[$mode] $(date -u +%T.%3N): $*"; }
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { "$bin/psql" -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d "${3:-nankang}" -c "$2"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

api_pid="" lg_pid=""
cleanup() {
  [ -n "$lg_pid" ] && kill "$lg_pid" 2>/dev/null || true
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null || true
  for d in primary standby; do
    [ -f "$base/$d/postmaster.pid" ] && run "$bin/pg_ctl" -D "$base/$d" stop -m fast >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# --- two clusters -------------------------------------------------------------------------------------------------
cleanup
rm -rf "$base" && mkdir -p "$base" && chmod 0777 "$base"
[ "$(id -u)" -eq 0 ] && chown postgres "$base"
run "$bin/initdb" -D "$base/primary" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
{
  echo "listen_addresses = '127.0.0.1'"; echo "port = $p1"; echo "unix_socket_directories = '$base'"
  echo "max_connections = 200"; echo "max_wal_senders = 4"; echo "wal_level = replica"; echo "hot_standby = on"
} >> "$base/primary/postgresql.conf"
# The synchronous settings go on the primary's command line, not into its files: pg_basebackup copies those, and a
# promoted standby that names itself as its own synchronous standby makes every commit wait (for the command timeout).
sync_opts=""
[ "$mode" = sync ] && sync_opts="-c synchronous_standby_names=standby -c synchronous_commit=remote_apply"
run "$bin/pg_ctl" -D "$base/primary" -l "$base/primary.log" -w -o "$sync_opts" start >/dev/null
run "$bin/pg_basebackup" -h 127.0.0.1 -p $p1 -U postgres -D "$base/standby" -R -X stream
# The standby names itself 'standby' (what synchronous_standby_names waits for); the same settings, its own port.
echo "primary_conninfo = 'host=127.0.0.1 port=$p1 user=postgres application_name=standby'" >> "$base/standby/postgresql.auto.conf"
echo "port = $p2" >> "$base/standby/postgresql.conf"
run "$bin/pg_ctl" -D "$base/standby" -l "$base/standby.log" -w start >/dev/null
for _ in $(seq 100); do
  state=$(psql_at $p1 "SELECT state || '/' || sync_state FROM pg_stat_replication WHERE application_name = 'standby'" postgres)
  [[ "$state" == streaming/$( [ "$mode" = sync ] && echo sync || echo async ) ]] && break; sleep 0.1
done
log "standby replicating: $state"
psql_at $p1 "CREATE DATABASE nankang" postgres

# --- the API on both hosts ----------------------------------------------------------------------------------------
# Target Session Attributes=read-write: only the primary is taken. Host Recheck Seconds=1: Npgsql caches each host's
# role (primary/standby/offline) for this long (default 10 s), so a promoted standby is tried within a second.
conn="Host=127.0.0.1:$p1,127.0.0.1:$p2;Target Session Attributes=read-write;Host Recheck Seconds=1;Timeout=5;Username=postgres;Database=nankang;Pooling=true;Maximum Pool Size=50"
Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " GEN0= "$repo/perf/scripts/serve.sh" $api PostgreSql "$conn" true > "$base/api.log" 2>&1 &
api_pid=$!
for _ in $(seq 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$api/health/ready" && break; sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$api/health/ready" || { log "API not ready"; cat "$base/api.log"; exit 1; }
log "API ready on $api"

# --- load, kill, promote ------------------------------------------------------------------------------------------
gen=(--key "$key" --run-id "$run" --residents 20000 --admissions "$admissions" --clients "$clients" --ack-log "$base/ack.log")
loadgen() { dotnet "$repo/perf/Nankang.Health.LoadGen/bin/Release/net10.0/Nankang.Health.LoadGen.dll" "$@"; }
# The replay answers what it can (a 503 during the failover is left unacknowledged in the log) and does not verify;
# `resend` afterwards re-sends the unacknowledged with their keys and verifies everything.
loadgen replay --url "http://127.0.0.1:$api" "${gen[@]}" --rate "$rate" --timeline "$base/timeline.csv" --no-verify \
  > "$base/loadgen.log" 2> "$base/loadgen.err" &
lg_pid=$!
count() { psql_at "$1" "SELECT count(*) FROM settlements" 2>/dev/null || echo -1; }
while [ "$(count $p1)" -lt "$kill_at" ]; do
  kill -0 $lg_pid 2>/dev/null || { log "load generator ended before the kill"; cat "$base/loadgen.log" "$base/loadgen.err"; exit 1; }
  sleep 0.2
done
if [ "$mode" = async ]; then
  # Cut the standby's WAL receiver (an empty primary_conninfo stops it): what the primary commits from now on is
  # acknowledged to the load generator and certainly not on the standby.
  psql_at $p2 "ALTER SYSTEM SET primary_conninfo = ''" postgres
  psql_at $p2 "SELECT pg_reload_conf()" postgres >/dev/null
  for _ in $(seq 100); do [ -z "$(psql_at $p2 'SELECT pid FROM pg_stat_wal_receiver' postgres)" ] && break; sleep 0.1; done
  cut=$(count $p1)
  while [ "$(count $p1)" -lt $((cut + 100)) ]; do sleep 0.1; done
  log "standby cut off at $cut settlements on the primary"
fi
before=$(count $p1)
t_kill=$(now)
run "$bin/pg_ctl" -D "$base/primary" stop -m immediate >/dev/null
log "primary stopped (immediate) with $before settlements counted just before"
sleep "$promote_delay"
t_promote=$(now)
run "$bin/pg_ctl" -D "$base/standby" -w promote >/dev/null
promoted=$(count $p2)
log "standby promoted with $promoted settlements"
# Reconnect time: from the promotion until the first settlement booked on the new primary.
while [ "$(count $p2)" -le "$promoted" ]; do
  kill -0 $lg_pid 2>/dev/null || break
  sleep 0.05
done
t_first=$(now)
log "first settlement on the new primary $(since "$t_promote" "$t_first") s after the promotion ($(since "$t_kill" "$t_first") s after the kill)"
set +e
wait $lg_pid; lg_rc=$?; lg_pid=""
loadgen resend --url "http://127.0.0.1:$api" "${gen[@]}" > "$base/resend.log" 2> "$base/resend.err"; resend_rc=$?
set -e
log "replay exit code $lg_rc (503s during the failover are expected), resend exit code $resend_rc:"
grep -hE '^(replay|resend|verify)' "$base/loadgen.log" "$base/resend.log" | sed 's/^/    /' || true
grep -h 'LOST\|CHANGED' "$base/resend.err" | head -n 3 | sed 's/^/    /' || true

# --- what was acknowledged vs. what the promoted database holds -----------------------------------------------------
# The old primary's own disk holds every commit it acknowledged (fsync on): started alone on another port after crash
# recovery, each of its settlements (hospital, visit) must be in the promoted database exactly once. It can hold more
# than was acknowledged (a commit killed while waiting for the standby); the load generator resends those, so with a
# complete run they are booked on the new primary too.
run "$bin/pg_ctl" -D "$base/primary" -l "$base/primary-after.log" -w -o "-p $p_old -c synchronous_standby_names=" start >/dev/null
psql_at $p_old "COPY (SELECT \"HospitalId\", \"VisitNo\" FROM settlements ORDER BY 1, 2) TO STDOUT" > "$base/old.tsv"
run "$bin/pg_ctl" -D "$base/primary" stop -m fast >/dev/null
psql_at $p2 "COPY (SELECT \"HospitalId\", \"VisitNo\" FROM settlements ORDER BY 1, 2) TO STDOUT" > "$base/new.tsv"
dups=$(psql_at $p2 "SELECT count(*) FROM (SELECT 1 FROM settlements GROUP BY \"HospitalId\", \"VisitNo\" HAVING count(*) > 1) d")
lost_committed=$(comm -23 <(sort -u "$base/old.tsv") <(sort -u "$base/new.tsv") | wc -l)
log "old primary committed $(wc -l < "$base/old.tsv"), promoted database holds $(wc -l < "$base/new.tsv"); committed on the old primary but missing: $lost_committed; visits booked twice: $dups"

# nankang verify on the promoted database: conservation, ledger, accumulators = ledger, triggers, personal data.
set +e
Database__Provider=PostgreSql ConnectionStrings__Health="Host=127.0.0.1;Port=$p2;Username=postgres;Database=nankang" \
  Security__PersonalDataKey="$(printf 'nankang-perf-key-0123456789abcde' | base64)" \
  dotnet "$repo/src/Nankang.Health.Cli/bin/Release/net10.0/nankang.dll" verify > "$base/verify.log" 2>&1
verify_rc=$?
set -e
log "nankang verify exit code $verify_rc"; sed 's/^/    /' "$base/verify.log"

# Lost: an acknowledged settlement (a 200/201 in the acknowledgement log) not listed by the promoted database with its id
# and amounts, as the load generator's resend verifies; it also checks missing visits, duplicates and accumulators.
acked=$(grep -oE 'acknowledged [0-9,]+, lost [0-9]+' "$base/resend.log" | head -n 1 | cut -d' ' -f2 | tr -d ,)
lost=$(grep -oE 'acknowledged [0-9,]+, lost [0-9]+' "$base/resend.log" | head -n 1 | awk '{print $NF}')
requests=$(grep -c "^sent" "$base/ack.log" || true)
log "requests $requests, acknowledged ${acked:-?}, acknowledged but lost ${lost:-?}; reconnect $(since "$t_promote" "$t_first") s after the promotion, $(since "$t_kill" "$t_first") s after the kill"
if [ "$mode" = sync ]; then
  if [ "${lost:-1}" -eq 0 ] && [ "$lost_committed" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$verify_rc" -eq 0 ] && [ "$resend_rc" -eq 0 ]; then
    log "PASS: 0 lost, 0 duplicated, resend verified, nankang verify passed"; exit 0
  fi
  log "FAIL: lost ${lost:-?} acknowledged (${lost_committed} committed), duplicated $dups, nankang verify $verify_rc, resend $resend_rc"; exit 1
fi
if [ "${lost:-0}" -gt 0 ] && [ "$resend_rc" -ne 0 ]; then
  log "PASS (negative control): the loss was detected: $lost acknowledged settlements missing after the failover ($lost_committed committed on the old primary)"; exit 0
fi
log "FAIL (negative control): no loss detected although the standby was cut off (lost ${lost:-?}, resend $resend_rc)"; exit 1
