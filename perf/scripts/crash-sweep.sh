#!/usr/bin/env bash
# Crash sweep (issue 20 §3): proves that nothing acknowledged is lost and nothing doubled when the server dies.
# usage: crash-sweep.sh [sqlite] [pg] [nodes]      (default: all three; exit 1 on any loss, duplicate or failed check)
#   sqlite, pg  one server (group commit on) under a paced replay with an acknowledgement log; kill -9 at KILLS random
#               points (a random delay of DELAY_MIN..DELAY_MAX s after each restart), restarted each time
#   nodes       three servers over one PostgreSQL (ports 25611-25613), the replay spread over them; NODE_KILLS (1) times a
#               node other than the first is kill -9'd mid-run, restarted but after the last kill, which it stays down
#               from: its refused requests move to the others
# Then every unacknowledged request is re-sent with its idempotency key and body (loadgen resend), and checked: every
# acknowledged settlement present once with the same id and amounts, no visit booked twice, conservation, payments and
# accumulators equal to a serial replay by the core (the load generator's verifier), then `nankang verify` on the database.
# Environment: KILLS (20), RATE settlements/s (150), CLIENTS (16), DELAY_MIN/DELAY_MAX (0.5/2.5 s), ADMISSIONS (enough
# for the kills at RATE), RESIDENTS (20000), CONFIG (Debug: the dlls the tests build; Release after a Release build),
# WORK (/tmp/crash-sweep). PostgreSQL: a cluster of its own on port 25501 under /tmp/crash-pg (never the tests' 25432),
# or PG_SERVER, the connection string of a running server (Host, Port, Username; CI passes the suite's) to create the
# databases on. The summary line lists the kill points: seconds after the replay began / acknowledgements logged by then.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
config="${CONFIG:-Debug}"
# API_DLL, LOADGEN_DLL, CLI_DLL: copies elsewhere, so that a build during a long sweep does not change what it restarts.
api="${API_DLL:-$repo/src/Nankang.Health.Api/bin/$config/net10.0/Nankang.Health.Api.dll}"
loadgen="${LOADGEN_DLL:-$repo/perf/Nankang.Health.LoadGen/bin/$config/net10.0/Nankang.Health.LoadGen.dll}"
cli="${CLI_DLL:-$repo/src/Nankang.Health.Cli/bin/$config/net10.0/nankang.dll}"
for dll in "$api" "$loadgen" "$cli"; do
  [ -f "$dll" ] || { echo "crash-sweep.sh: $dll missing: dotnet build -c $config first" >&2; exit 2; }
done
kills="${KILLS:-20}"; node_kills="${NODE_KILLS:-1}"; rate="${RATE:-150}"; clients="${CLIENTS:-16}"; residents="${RESIDENTS:-20000}"
dmin="${DELAY_MIN:-0.5}"; dmax="${DELAY_MAX:-2.5}"
work="${WORK:-/tmp/crash-sweep}"; mkdir -p "$work"
key=crash-bureau-key
pdk="$(printf 'nankang-crash-key-0123456789abcd' | base64)"
failed=0
say() { echo "crash-sweep: $*"; }

# The API as serve.sh starts it (Production, warnings only), in the background; its process id in $server.
start_server() { # port provider connection log
  (
    export ASPNETCORE_URLS="http://127.0.0.1:$1" Database__Provider="$2" ConnectionStrings__Health="$3"
    export Settlement__GroupCommit=true ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
    export Security__PersonalDataKey="$pdk" RateLimiting__PermitsPerSecond=0
    export Auth__ApiKeys__0__KeySha256="$(printf %s "$key" | sha256sum | cut -d' ' -f1)" Auth__ApiKeys__0__Role=Bureau
    cd "$work" && exec dotnet "$api" >>"$4" 2>&1
  ) &
  server=$!
}
wait_listening() { # port pid
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    kill -0 "$2" 2>/dev/null || { say "server on port $1 exited"; return 1; }
    sleep 0.1
  done
  say "server on port $1 did not start in 60 s"; return 1
}
random_delay() { awk -v a="$dmin" -v b="$dmax" -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", a + rand() * (b - a) }'; }

pg_cluster() { # prints the connection string of our own cluster, started if needed
  local port=25501 dir=/tmp/crash-pg bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p $port; then
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"; [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
      run "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB" start >/dev/null
  fi
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true;Maximum Pool Size=50"
}
fresh_pg_database() { # name: dropped and created again; prints the connection string
  local cs host=127.0.0.1 port=25501 user=postgres
  if [ -n "${PG_SERVER:-}" ]; then
    # The server's string without its Database; psql reaches it by the same host, port and user.
    cs="$(printf %s "$PG_SERVER" | tr ';' '\n' | grep -iv '^database=' | paste -sd ';')"
    host="$(printf %s "$cs" | tr ';' '\n' | sed -n 's/^[Hh]ost=//p')"
    port="$(printf %s "$cs" | tr ';' '\n' | sed -n 's/^[Pp]ort=//p')"; port="${port:-5432}"
    user="$(printf %s "$cs" | tr ';' '\n' | sed -n 's/^[Uu]ser[Nn]ame=//p')"
  else
    cs="$(pg_cluster)"
  fi
  psql -q -h "$host" -p "$port" -U "$user" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >&2
  echo "$cs;Database=$1"
}

# loadgen replay under kill -9 and restarts; then resend, verify, nankang verify.  name provider connection ports...
sweep() {
  local name=$1 provider=$2 connection=$3; shift 3
  local ports=("$@") pids=() urls=() started log="$work/$name.acks" out="$work/$name.out"
  local admissions="${ADMISSIONS:-$(awk -v k="$kills" -v a="$dmin" -v b="$dmax" -v r="$rate" -v n="${#ports[@]}" \
      -v m="$node_kills" 'BEGIN { printf "%d", (n > 1 ? 8 + (m - 1) * ((a + b) / 2 + 2.5) : k * ((a + b) / 2 + 2.5)) * r }')}"
  local gen=(--key "$key" --seed 20 --run-id "$name" --residents "$residents" --admissions "$admissions" --clients "$clients")
  rm -f "$log" "$out" "$work/$name".server*.log
  started=$(date +%s)
  for i in "${!ports[@]}"; do
    start_server "${ports[i]}" "$provider" "$connection" "$work/$name.server$i.log"; pids[i]=$server
    urls+=(--url "http://127.0.0.1:${ports[i]}")
  done
  for i in "${!ports[@]}"; do wait_listening "${ports[i]}" "${pids[i]}"; done
  dotnet "$loadgen" register "${gen[@]}" "${urls[@]:0:2}" >>"$out" 2>&1 || { say "$name: register failed (see $out)"; failed=1; return; }
  dotnet "$loadgen" replay --skip-register --no-verify --ack-log "$log" --rate "$rate" "${gen[@]}" "${urls[@]}" >>"$out" 2>&1 &
  local replay=$! done_kills=0 under_load=0 victim restart_ms=0 points="" replay_start; replay_start=$(date +%s%N)
  # kill -9 of node $1, noted as a kill point; then restarted unless $2 is "stay-down".
  kill_node() {
    kill -0 "$replay" 2>/dev/null && under_load=$((under_load + 1))
    kill -9 "${pids[$1]}"; wait "${pids[$1]}" 2>/dev/null || true
    done_kills=$((done_kills + 1))
    local acks; acks=$(grep -c $'^ack\t' "$log" 2>/dev/null) || true
    points+=" $(awk -v ms=$(( ($(date +%s%N) - replay_start) / 1000000 )) 'BEGIN { printf "%.1f", ms / 1000 }')s/${acks:-0}"
    [ "${2:-}" != stay-down ] || return 0
    local down; down=$(date +%s%N)
    start_server "${ports[$1]}" "$provider" "$connection" "$work/$name.server$1.log"; pids[$1]=$server
    wait_listening "${ports[$1]}" "${pids[$1]}" || { failed=1; return 1; }
    restart_ms=$(( restart_ms + ($(date +%s%N) - down) / 1000000 ))
  }
  # The kills begin once settlements are being acknowledged (the load generator first generates its admissions).
  for _ in $(seq 1 600); do grep -q $'^ack\t' "$log" 2>/dev/null && break; kill -0 "$replay" 2>/dev/null || break; sleep 0.1; done
  if [ "${#ports[@]}" -gt 1 ]; then
    # Several nodes: the others in turn (never the first, which the verifier reads from), mid-run; the last stays down.
    sleep "$(awk -v a="$dmin" -v b="$dmax" 'BEGIN { printf "%.2f", a + b }')"
    for ((k = 1; k <= node_kills; k++)); do
      victim=$(( 1 + (k - 1) % (${#ports[@]} - 1) ))
      if [ "$k" -lt "$node_kills" ]; then kill_node "$victim" || break; sleep "$(random_delay)"; else kill_node "$victim" stay-down; fi
    done
  else
    while [ "$done_kills" -lt "$kills" ]; do
      sleep "$(random_delay)"
      kill_node 0 || break
    done
  fi
  local replay_exit=0; wait "$replay" || replay_exit=$?
  [ "$replay_exit" -le 1 ] || { say "$name: replay exited $replay_exit (see $out)"; failed=1; }
  # The re-send goes to the surviving nodes, a living one first (the verifier reads from the first).
  local alive=()
  for i in "${!ports[@]}"; do [ "${victim:-}" = "$i" ] || alive+=(--url "http://127.0.0.1:${ports[i]}"); done
  local resend_exit=0
  dotnet "$loadgen" resend --ack-log "$log" "${gen[@]}" "${alive[@]}" >>"$out" 2>&1 || resend_exit=$?
  for i in "${!ports[@]}"; do [ "${victim:-}" = "$i" ] || { kill "${pids[i]}"; wait "${pids[i]}" 2>/dev/null || true; }; done
  local verify_exit=0
  Database__Provider="$provider" ConnectionStrings__Health="$connection" Security__PersonalDataKey="$pdk" \
    dotnet "$cli" verify >>"$out" 2>&1 || verify_exit=$?
  local requests acked resent lost dup
  requests=$(grep -c $'^sent\t' "$log" || true)
  acked=$(grep -o '[0-9,]* acknowledged before' "$out" | tail -1 | tr -dc 0-9 || true)
  resent=$(grep -o 're-sent [0-9,]*: 201 [0-9,]*, 200 [0-9,]*' "$out" | tail -1 | sed 's/,$//' || true)
  lost=$(grep -o 'lost [0-9]*' "$out" | tail -1 | tr -dc 0-9 || true)
  dup=$(grep -o 'duplicated [0-9]*' "$out" | tail -1 | tr -dc 0-9 || true)
  say "$name ($provider, ${#ports[@]} node(s)): kills $done_kills ($under_load under load), requests $requests, acknowledged before the re-send ${acked:-?}, ${resent:-re-sent ?}, lost ${lost:-?}, duplicated ${dup:-?}; resend+verify exit $resend_exit, nankang verify exit $verify_exit; restarts $((restart_ms / 1000)) s of $(( $(date +%s) - started )) s (log $out)"
  say "$name kill points (time after the replay began/acknowledged by then):$points"
  if [ "$resend_exit" -ne 0 ] || [ "$verify_exit" -ne 0 ] || [ "${lost:-1}" != 0 ] || [ "${dup:-1}" != 0 ]; then
    grep -E 'verify|resend|LOST|CHANGED|FAIL' "$out" | tail -20 >&2
    failed=1
  fi
  local wanted=$kills; [ "${#ports[@]}" -eq 1 ] || wanted=$node_kills
  if [ "$done_kills" -lt "$wanted" ]; then say "$name: only $done_kills of $wanted kills"; failed=1; fi
}

modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(sqlite pg nodes)
for mode in "${modes[@]}"; do
  case "$mode" in
    sqlite) rm -f "$work"/crash.db*; sweep crash_sqlite Sqlite "Data Source=$work/crash.db" 25601 ;;
    pg) sweep crash_pg PostgreSql "$(fresh_pg_database crash_pg)" 25602 ;;
    nodes) sweep crash_nodes PostgreSql "$(fresh_pg_database crash_nodes)" 25611 25612 25613 ;;
    *) echo "crash-sweep.sh: unknown mode '$mode' (sqlite, pg or nodes)" >&2; exit 2 ;;
  esac
done
[ "$failed" -eq 0 ] && say "all passed" || say "FAILED"
exit "$failed"
