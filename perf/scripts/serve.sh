#!/usr/bin/env bash
# Starts the built API (dotnet build -c Release first) for a load run, in the foreground.
# usage: serve.sh PORT PROVIDER CONNECTION GROUPCOMMIT   (bureau key: perf-bureau-key)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
# BIND=0.0.0.0 listens on every interface, for a load generator on another machine (perf/README.md).
export ASPNETCORE_URLS="http://${BIND:-127.0.0.1}:$1"
export Database__Provider="$2"
export ConnectionStrings__Health="$3"
export Settlement__GroupCommit="$4"
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
export Security__PersonalDataKey="$(printf 'nankang-perf-key-0123456789abcde' | base64)"
export Auth__ApiKeys__0__KeySha256="$(printf perf-bureau-key | sha256sum | cut -d' ' -f1)"
export Auth__ApiKeys__0__Role=Bureau
# One key replays the whole county: no per-key rate limit for the measurement.
export RateLimiting__PermitsPerSecond=0
# No thread-pool spinning on a shared 2-core machine (it was 20 % of the server's CPU in the profile).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit="${SPIN:-0}"
# A 128 MiB generation-0 budget per GC heap (hexadecimal): at 2,500/s under one gen0 collection a second instead of
# 16-28, each of which stops every request for 1-2 ms (perf/README.md, tenth pass). GEN0= leaves the runtime's default.
gen0="${GEN0-8000000}"
if [ -n "$gen0" ]; then export DOTNET_GCgen0size="$gen0"; fi
# The content root must not hold the database: the configuration file watcher wakes on every WAL write otherwise.
root="$(mktemp -d /tmp/nankang-serve-XXXX)"
cd "$root"
exec dotnet "$repo/src/Nankang.Health.Api/bin/Release/net10.0/Nankang.Health.Api.dll"
