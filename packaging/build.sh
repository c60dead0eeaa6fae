#!/usr/bin/env bash
# Linux build of the frozen desk_app (CI uses it): PyInstaller one-folder build into
# dist/desk_app/, then the frozen program's own self-check on a fresh SQLite database.
#   bash packaging/build.sh              build and check
#   bash packaging/build.sh --no-check   build only
# Environment: DESK_APP_VENV (default .venv, prepared by scripts/setup.sh when missing, which
# installs requirements-test.lock: PyInstaller and everything the build needs, exact versions
# with hashes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${DESK_APP_VENV:-$ROOT/.venv}"
CHECK=1
[ "${1:-}" = "--no-check" ] && CHECK=0

if [ ! -x "$VENV/bin/python" ]; then
  source scripts/setup.sh
fi
PY="$VENV/bin/python"
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "Installing the build's locked dependencies (requirements.lock) into $VENV"
  "$PY" -m pip install -q --require-hashes -r requirements.lock
fi

# The translations (.qm) are built from resources/translations/*.ts, not committed.
if [ -f scripts/i18n.py ] && compgen -G "resources/translations/*.ts" >/dev/null; then
  "$PY" scripts/i18n.py release >/dev/null
fi

started=$(date +%s)
echo "Building dist/desk_app with PyInstaller $("$PY" -m PyInstaller --version)"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
  packaging/desk_app.spec
echo "Built dist/desk_app in $(( $(date +%s) - started )) s, $(du -sh dist/desk_app | cut -f1)."

if [ "$CHECK" = 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "Self-check of the frozen program (offscreen, fresh SQLite database)"
  # No config file or DESK_APP_DB of this machine: only the built folder is under test.
  env -u DESK_APP_DB DESK_APP_CONFIG="$tmp/config.ini" QT_QPA_PLATFORM=offscreen \
    dist/desk_app/desk-app-cli --self-check --db "sqlite:///$tmp/self-check.sqlite3"
fi
