#!/usr/bin/env bash
# Prepares a checkout to run: the system libraries Qt needs (Debian/Ubuntu), a virtual
# environment in .venv and the project installed into it. Sourced by start.sh and test.sh;
# safe to run again (it only does what is missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${DESK_APP_VENV:-$ROOT/.venv}"

# Qt's xcb and offscreen platforms, fonts, pdftoppm for the print tests.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 fonts-dejavu-core
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 poppler-utils
)

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "desk_app needs Python 3.11 or newer (python3.11/python3.12 from Debian)." >&2
  return 1
}

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: the user installs Qt's libraries
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "Missing system packages (install them as root): ${missing[*]}" >&2; return 0
    fi
  fi
  echo "Installing system packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY="$(pick_python)"
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  ver="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  install_system_packages "python${ver}-venv"
fi
install_system_packages "${SYSTEM_PACKAGES[@]}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating virtual environment in $VENV"
  "$PY" -m venv "$VENV"
fi
# Reinstall only when the project's dependencies changed. The dependencies come from the lock
# (exact versions with hashes, generated from pyproject.toml by scripts/lock.sh), then desk_app
# itself without dependencies.
LOCK="$ROOT/requirements-test.lock"
STAMP="$VENV/.desk_app-installed"
WANT="$(cat "$ROOT/pyproject.toml" "$LOCK" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  echo "Installing desk_app and its dependencies (requirements-test.lock) into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  if ! { "$VENV/bin/python" -m pip install -q --require-hashes -r "$LOCK" &&
         "$VENV/bin/python" -m pip install -q --no-deps -e "$ROOT"; } >"$VENV/pip-install.log" 2>&1; then
    tail -n 40 "$VENV/pip-install.log" >&2
    echo "pip install failed; the whole log is in $VENV/pip-install.log" >&2
    exit 1
  fi
  # A dependency added to pyproject.toml but not yet to the lock shows here, not as an ImportError.
  if ! "$VENV/bin/python" -m pip check >"$VENV/pip-check.log" 2>&1; then
    cat "$VENV/pip-check.log" >&2
    echo "requirements-test.lock does not hold what pyproject.toml asks: run bash scripts/lock.sh" >&2
    exit 1
  fi
  echo "$WANT" > "$STAMP"
fi
# The translations (.qm) are built from the .ts files in the repository, not committed.
QM="$ROOT/resources/translations/desk_app_en.qm"
if [ ! -f "$QM" ] || [ "$ROOT/resources/translations/desk_app_en.ts" -nt "$QM" ]; then
  "$VENV/bin/python" "$ROOT/scripts/i18n.py" release >/dev/null ||
    echo "Could not build the translations; the interface stays in Turkish." >&2
fi
