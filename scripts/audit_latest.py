"""The fallback of scripts/audit.sh where PyPI's per-release JSON API cannot be reached.

pip-audit asks https://pypi.org/pypi/<name>/<version>/json for each locked release. Some networks
serve only the project endpoint https://pypi.org/pypi/<name>/json, whose ``vulnerabilities`` are
those of the project's latest release. So for every pin of the lock that IS the latest release
this reads the same advisories pip-audit would (the Python Packaging Advisory Database as PyPI
publishes it) and fails on one that is not withdrawn and not listed in
packaging/audit-exceptions.txt; every pin that is not the latest release is named as NOT
AUDITED (it is older: `bash scripts/lock.sh --upgrade` makes it auditable here). Exit 0 when
nothing known was found, 1 on a vulnerability, 2 when PyPI could not be read at all.

    python3 scripts/audit_latest.py requirements-test.lock
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def exceptions() -> set[str]:
    path = ROOT / "packaging" / "audit-exceptions.txt"
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        if line.strip() and not line.startswith("#"):
            found.add(line.split()[0])
    return found


def project(name: str) -> dict[str, object]:
    url = f"https://pypi.org/pypi/{name}/json"
    with urllib.request.urlopen(url, timeout=30) as answer:
        data: dict[str, object] = json.load(answer)
        return data


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "requirements-test.lock")
    pins = sorted(set(PIN.findall(lock.read_text(encoding="utf-8"))))
    allowed = exceptions()
    found, older, unreadable = [], [], []
    for name, version in pins:
        try:
            data = project(name)
        except (urllib.error.URLError, OSError, ValueError) as error:
            unreadable.append(f"{name} ({error})")
            continue
        info = data["info"]
        latest = str(info["version"]) if isinstance(info, dict) else ""
        if latest != version:
            older.append(f"{name}=={version} (latest {latest})")
            continue
        vulns = data.get("vulnerabilities") or []
        for vuln in vulns if isinstance(vulns, list) else []:
            if vuln.get("withdrawn"):
                continue
            ids = [vuln.get("id", "?"), *(vuln.get("aliases") or [])]
            if allowed & set(ids):
                print(f"  allowed by audit-exceptions.txt: {name}=={version} {ids[0]}")
                continue
            fixed = ", ".join(vuln.get("fixed_in") or []) or "no fixed release"
            found.append(f"{name}=={version}: {' / '.join(ids)} (fixed in {fixed})")
    audited = len(pins) - len(older) - len(unreadable)
    print(f"Audited {audited} of {len(pins)} pins of {lock.name} (those at the latest release)")
    for line in older:
        print(f"  NOT AUDITED, not the latest release: {line}")
    for line in unreadable:
        print(f"  NOT AUDITED, PyPI not readable: {line}")
    for line in found:
        print(f"  VULNERABLE: {line}")
    if found:
        return 1
    return 2 if unreadable and not audited else 0


if __name__ == "__main__":
    sys.exit(main())
