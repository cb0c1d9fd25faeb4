#!/usr/bin/env bash
# The TypeScript client check: Kiota (pinned in dotnet-tools.json) generates the TypeScript client from the committed
# openapi/nankang-health.json, then TypeScript (pinned in package-lock.json, strict) type-checks it with hospital.ts, the
# calls a hospital's billing system makes. Fails on any generation error or type error.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/tsc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts >&2
fi

KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate --language TypeScript \
  --openapi ../../openapi/nankang-health.json --output generated --class-name NankangClient \
  --exclude-backward-compatible --clean-output --log-level Error >&2
node_modules/.bin/tsc -p tsconfig.json
echo "ts-client: the generated TypeScript client and hospital.ts type-check" >&2
