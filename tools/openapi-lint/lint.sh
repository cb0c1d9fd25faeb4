#!/usr/bin/env bash
# Lints the committed openapi/nankang-health.json with Spectral (spectral:oas) and Redocly (recommended) at the versions
# pinned in package-lock.json (installed with `npm ci` where missing). Fails on any error or warning.
set -euo pipefail
cd "$(dirname "$0")"
document=../../openapi/nankang-health.json

# Node.js and npm from Debian where missing (needs root or sudo), as scripts/browser.sh does for Chromium.
if ! command -v npm >/dev/null; then
  echo "openapi-lint: installing nodejs npm" >&2
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
fi

if [ ! -x node_modules/.bin/spectral ] || [ ! -x node_modules/.bin/redocly ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts >&2
fi

node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity=warn "$document" >&2

# Redocly fails only on errors; its JSON report's totals let warnings fail too.
report="$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint --config redocly.yaml --format=json "$document" 2>/dev/null || true)"
node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const t = r.totals;
  for (const p of r.problems) console.error(`${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map(l => l.pointer).join(", ")}`);
  console.error(`redocly: ${t.errors} errors, ${t.warnings} warnings`);
  process.exit(t.errors + t.warnings === 0 ? 0 : 1);
' <<<"$report"
