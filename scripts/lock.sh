#!/usr/bin/env bash
# Regenerates the lock files at the repository root from pyproject.toml, with hashes, resolved for
# every platform and Python >= 3.11 at once (uv's universal resolution), so the same files install
# on the Linux CI machine (Python 3.11) and on the Windows build machine (Python 3.12):
#   requirements-test.lock   desk_app + [test] + [build]: scripts/setup.sh and CI install this
#   requirements.lock        desk_app + [build]: the frozen builds (build.sh, build.ps1) install this;
#                            the same versions as requirements-test.lock (resolved under it)
#   requirements-audit.lock  pip-audit itself, for the audit step of .ci/run
#   bash scripts/lock.sh             regenerate (needs PyPI); commit the three files
#   bash scripts/lock.sh --upgrade   also move every package to its newest allowed release
#   bash scripts/lock.sh --check     offline: fail if a requirement of pyproject.toml is not met
#                                    by the locks (run after editing the dependencies)
# uv is installed into .venv-tools (not into the project's .venv) when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
UV_VERSION="0.13.9"

if [ "${1:-}" = "--check" ]; then
  PY="$ROOT/.venv/bin/python"   # has packaging (a dependency of pytest and PyInstaller)
  [ -x "$PY" ] || PY="$ROOT/.venv-tools/bin/python"
  exec "$PY" "$ROOT/scripts/check_lock.py"
fi

TOOLS="$ROOT/.venv-tools"
if [ ! -x "$TOOLS/bin/uv" ] || [ "$("$TOOLS/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "uv==$UV_VERSION" packaging
fi
UV="$TOOLS/bin/uv"
upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)

common=(--universal --python-version 3.11 --generate-hashes --index-url https://pypi.org/simple
        --custom-compile-command "bash scripts/lock.sh" --quiet)
# Keep the versions already locked unless --upgrade: uv reads the existing output file.
"$UV" pip compile "${common[@]}" "${upgrade[@]}" pyproject.toml --extra test --extra build \
  -o requirements-test.lock
# The build's subset, pinned to exactly the versions of the test lock.
"$UV" pip compile "${common[@]}" pyproject.toml --extra build \
  --constraint requirements-test.lock -o requirements.lock
printf 'pip-audit==2.10.1\n' > "$TOOLS/audit.in"
"$UV" pip compile "${common[@]}" "${upgrade[@]}" "$TOOLS/audit.in" -o requirements-audit.lock
sed -i "s#$TOOLS/audit.in#pip-audit==2.10.1#" requirements-audit.lock
"$TOOLS/bin/python" "$ROOT/scripts/check_lock.py"
echo "Wrote requirements.lock, requirements-test.lock, requirements-audit.lock"
