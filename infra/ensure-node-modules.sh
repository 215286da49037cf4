#!/usr/bin/env bash
# Installs the npm workspace from the lockfile when node_modules is missing or older than the lockfile.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[setup] npm ci (first run on this clone)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
