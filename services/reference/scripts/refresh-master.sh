#!/usr/bin/env bash
# Regenerates data/master/ from the pinned pytickersymbols package, the vendored Hang Seng constituents and the
# curated, sourced files in data/master/sources (npm run refdata:master). The venv lives outside the clone
# (~/.cache/newswindow/venv-master); the product never runs Python.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${NEWSWINDOW_MASTER_VENV:-$HOME/.cache/newswindow/venv-master}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements-master.txt"
"$venv/bin/python" "$here/generate-master.py"
