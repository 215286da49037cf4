#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: the web app's browser tests (services/api, *.e2e.test.ts) drive it
# with playwright-core, which downloads no browser of its own. Idempotent; a no-op when /usr/bin/chromium exists.
set -euo pipefail
CHROMIUM="${NEWSWINDOW_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "[chromium] installing Debian's chromium (apt-get) for the browser tests"
as_root apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x "$CHROMIUM" ] || { echo "[chromium] $CHROMIUM is still missing after apt-get install chromium" >&2; exit 1; }
