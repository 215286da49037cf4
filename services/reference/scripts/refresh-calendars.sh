#!/usr/bin/env bash
# Regenerates data/calendars/ from the pinned exchange-calendars package (npm run refdata:calendars).
# PYTHONTZPATH is emptied so time zones come from the pinned tzdata package, not the machine's zoneinfo.
# The venv lives outside the clone (~/.cache/newswindow/venv-calendars); the product never runs Python.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg="$(dirname "$here")"
venv="${NEWSWINDOW_CALENDARS_VENV:-$HOME/.cache/newswindow/venv-calendars}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements-calendars.txt"
mkdir -p "$pkg/data/calendars"
PYTHONTZPATH= "$venv/bin/python" "$here/generate-calendars.py" \
  --out "$pkg/data/calendars/calendars.json" \
  --samples "$pkg/data/calendars/samples.csv"
