#!/usr/bin/env bash
# Audits the locked dependencies (requirements-test.lock, which holds everything of
# requirements.lock) against the Python Packaging Advisory Database with pip-audit, through
# PyPI's JSON API (https://pypi.org/pypi/<name>/<version>/json). .ci/run runs it.
#   bash scripts/audit.sh
# Fails (exit 1) on a known vulnerability, unless its id is listed with a reason in
# packaging/audit-exceptions.txt, and on a package it could not audit (--strict).
# When that API cannot be reached (this project's machines: PyPI's package files and project
# pages are served, its per-release JSON API answers 404), it says so and falls back to
# scripts/audit_latest.py: the same advisories, read from the project endpoint, for each pin that
# is its project's latest release; the older pins are named NOT AUDITED. DESK_APP_AUDIT_REQUIRED=1
# (the GitHub workflow sets it) makes a missing API an error instead.
# pip-audit itself is installed from requirements-audit.lock into .venv-tools.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Is the advisory source there? One known release of pip-audit itself.
probe="https://pypi.org/pypi/pip-audit/2.10.1/json"
status="$(python3 - "$probe" <<'EOF'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=20) as answer:
        print(answer.status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError as error:
    print(f"unreachable ({error})")
EOF
)"
if [ "$status" != "200" ]; then
  echo "pip-audit: NOT RUN: its advisory source answered $status for $probe" >&2
  echo "  (pip-audit reads each locked release's vulnerabilities from that API; without it every" >&2
  echo "  package would be reported as 'not found on PyPI' and nothing would be checked)." >&2
  if [ "${DESK_APP_AUDIT_REQUIRED:-0}" = 1 ]; then exit 1; fi
  echo "Fallback: the advisories of each pin that is its project's latest release" >&2
  exec python3 scripts/audit_latest.py requirements-test.lock
fi

TOOLS="$ROOT/.venv-tools"
[ -x "$TOOLS/bin/python" ] || python3 -m venv "$TOOLS"
if ! "$TOOLS/bin/pip-audit" --version >/dev/null 2>&1; then
  "$TOOLS/bin/python" -m pip install -q --require-hashes -r requirements-audit.lock
fi
ignores=()
if [ -f packaging/audit-exceptions.txt ]; then
  while read -r id _; do
    case "$id" in ''|'#'*) continue ;; esac
    ignores+=(--ignore-vuln "$id")
  done < packaging/audit-exceptions.txt
fi
echo "pip-audit of requirements-test.lock (exceptions: ${#ignores[@]})"
"$TOOLS/bin/pip-audit" --strict --disable-pip --require-hashes --progress-spinner off \
  -r requirements-test.lock "${ignores[@]}"
