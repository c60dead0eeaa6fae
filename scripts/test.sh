#!/usr/bin/env bash
# The whole test suite: lint, format check, types, then pytest (GUI tests offscreen).
# Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
echo "== ruff check"; "$VENV/bin/ruff" check desk_app tests scripts bench
echo "== ruff format --check"; "$VENV/bin/ruff" format --check desk_app tests scripts bench
echo "== mypy"; "$VENV/bin/mypy" desk_app; "$VENV/bin/mypy" tests
echo "== pytest"; exec "$VENV/bin/python" -m pytest "$@"
