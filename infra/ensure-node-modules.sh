#!/usr/bin/env bash
# Installs the npm workspace from the lockfile when node_modules is missing or older than the lockfile.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[setup] npm install (first run on this clone)" >&2
  # `npm ci` refuses this lockfile: the registry mirror here serves no other-platform optional binaries
  # (darwin/win32 builds of swc, turbo…), so they are absent from the lock; `npm install` honours the lock as is.
  npm install --no-audit --no-fund --loglevel=error
fi
