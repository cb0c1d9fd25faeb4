#!/usr/bin/env bash
# The whole test suite: unit, property, golden and integration tests, on SQLite and on a real PostgreSQL
# (installed and started by scripts/postgres.sh where it is missing), with Debian's Chromium, CJK fonts and pdftotext
# for the browser tests (scripts/browser.sh), the OpenAPI linters (tools/openapi-lint, npm) and the TypeScript client check
# (tools/ts-client, npm). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

NANKANG_TEST_POSTGRES="$(bash scripts/postgres.sh)"
export NANKANG_TEST_POSTGRES
export NANKANG_REQUIRE_POSTGRES=1
NANKANG_CHROMIUM="$(bash scripts/browser.sh)"
export NANKANG_CHROMIUM

# The committed OpenAPI document must pass Spectral (spectral:oas) and Redocly (recommended) with no error or warning;
# the linters are pinned in tools/openapi-lint/package-lock.json and installed there with npm ci where missing.
bash tools/openapi-lint/lint.sh

# The TypeScript client a hospital would generate from it (Kiota, pinned in dotnet-tools.json) must type-check, with the
# calls of tools/ts-client/hospital.ts, under the TypeScript pinned in tools/ts-client/package-lock.json.
dotnet tool restore >/dev/null
bash tools/ts-client/check.sh

# The committed openapi/ document is what the drift test compares with, so the build must not regenerate it here.
# A failing run repeats its failed tests with their messages at the end, where a CI log's tail shows them.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet test Nankang.Health.sln -c Release -p:OpenApiGenerateDocuments=false --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then
  echo "=== failed tests ==="
  grep -E -A30 '^\s+Failed [A-Za-z]' "$log" | grep -v -E '^\s+(Passed|warn:|fail:|info:)' | head -200
  exit 1
fi

# The short crash sweep (issue 20 §3; the full one is in perf/README.md): the server kill -9'd 3 times under load on
# SQLite and on PostgreSQL (a database of its own on the suite's server), with the Release build the tests just made;
# every acknowledged settlement present once, nothing doubled by the re-sends, `nankang verify` passes. On a failure
# its logs stay in the directory it names.
sweep_work="$(mktemp -d)"
CONFIG=Release KILLS=3 RATE=100 RESIDENTS=500 DELAY_MIN=0.3 DELAY_MAX=1 PG_SERVER="$NANKANG_TEST_POSTGRES" \
  WORK="$sweep_work" bash perf/scripts/crash-sweep.sh sqlite pg
rm -rf "$sweep_work"
