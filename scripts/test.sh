#!/usr/bin/env bash
# The whole test suite: unit, property, golden and integration tests, on SQLite and on a real PostgreSQL
# (installed and started by scripts/postgres.sh where it is missing), with Debian's Chromium, CJK fonts and pdftotext
# for the browser tests (scripts/browser.sh), and the OpenAPI linters (tools/openapi-lint, npm). CI runs exactly this (.ci/run).
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

# The committed openapi/ document is what the drift test compares with, so the build must not regenerate it here.
# A failing run repeats its failed tests with their messages at the end, where a CI log's tail shows them.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet test Nankang.Health.sln -c Release -p:OpenApiGenerateDocuments=false --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then
  echo "=== failed tests ==="
  grep -E -A30 '^\s+Failed [A-Za-z]' "$log" | grep -v -E '^\s+(Passed|warn:|fail:|info:)' | head -200
  exit 1
fi
