#!/usr/bin/env bash
# Starts desk_app on the embedded SQLite database (or --db URL / DESK_APP_DB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  command -v xvfb-run >/dev/null 2>&1 || install_system_packages xvfb xauth
  if command -v xvfb-run >/dev/null 2>&1; then
    echo "No display found: starting on a virtual X display (xvfb-run)." >&2
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$VENV/bin/desk-app" "$@"
  fi
  echo "No display found (DISPLAY/WAYLAND_DISPLAY unset). Run this from a desktop session," >&2
  echo "or install xvfb, or use the command line: $VENV/bin/desk-app --help" >&2
  exit 2
fi
exec "$VENV/bin/desk-app" "$@"
