#!/usr/bin/env bash
# Makes sure the browser tests have what they need and prints Chromium's path:
# Debian's chromium and its headless shell (the slip's PDF printer), driven by Microsoft.Playwright through
# ExecutablePath, never a browser download;
# fonts-noto-cjk for Chinese text, and poppler-utils (pdftotext) to read printed PDFs back.
# Installs the missing Debian packages (needs root or sudo).
set -euo pipefail
log() { echo "browser.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root or sudo to run: $*"; exit 1; fi
}

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromium-headless-shell >/dev/null || missing+=(chromium-headless-shell)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

command -v chromium
