#!/usr/bin/env bash
# Makes sure a PostgreSQL server is available for the integration tests and prints its connection string.
# - Uses $NANKANG_TEST_POSTGRES unchanged when it is already set.
# - Otherwise installs Debian's postgresql package when no server binaries exist (needs root or sudo),
#   and starts a throw-away cluster of our own under ${NANKANG_PG_DIR:-/tmp/nankang-pg} on port
#   ${NANKANG_PG_PORT:-25432}, trusting local connections. It is reused while it runs. The port is below Linux's
#   ephemeral range (32768-60999): a client socket can hold a port in that range and make the server's start fail.
set -euo pipefail

if [ -n "${NANKANG_TEST_POSTGRES:-}" ]; then
  echo "$NANKANG_TEST_POSTGRES"
  exit 0
fi

port="${NANKANG_PG_PORT:-25432}"
dir="${NANKANG_PG_DIR:-/tmp/nankang-pg}"
log() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root or sudo to run: $*"; exit 1; fi
}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  log "no PostgreSQL server found; installing Debian's postgresql package"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# The server refuses to run as root; run it as the 'postgres' user then.
run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
owner=$( [ "$(id -u)" -eq 0 ] && echo postgres || id -un )
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a test cluster in $dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"
    run "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on 127.0.0.1:$port"
  run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
fi

echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"
