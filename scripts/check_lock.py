"""Offline check that the lock files still match pyproject.toml (`bash scripts/lock.sh --check`).

For each lock and each platform the project installs on (Linux with Python 3.11 and 3.12, the
Windows build machine with Python 3.12), every requirement of pyproject.toml that applies there
must be pinned (``==``) by a line of the lock that applies there too, at a version the requirement
allows, with at least one ``--hash``. The build lock must pin the same versions as the test lock.
Exit 0 when all holds, 1 with one line per problem otherwise (then run `bash scripts/lock.sh`).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# Lock file -> the extras of pyproject.toml it holds.
LOCKS = {"requirements-test.lock": ("test", "build"), "requirements.lock": ("build",)}

TARGETS = {
    "linux/cp311": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                    "python_version": "3.11", "python_full_version": "3.11.7"},
    "linux/cp312": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                    "python_version": "3.12", "python_full_version": "3.12.8"},
    "win_amd64/cp312": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                        "python_version": "3.12", "python_full_version": "3.12.8",
                        "platform_machine": "AMD64"},
}  # fmt: skip


def environment(target: str, extra: str = "") -> dict[str, str]:
    env = {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_machine": "x86_64",
        "platform_release": "",
        "platform_version": "",
        "implementation_version": TARGETS[target]["python_full_version"],
        "extra": extra,
    }
    env.update(TARGETS[target])
    return env


class Pin:
    def __init__(self, name: str, version: str, marker: Marker | None, hashes: list[str]) -> None:
        self.name, self.version, self.marker, self.hashes = name, version, marker, hashes

    def applies(self, target: str) -> bool:
        return self.marker is None or self.marker.evaluate(environment(target))  # type: ignore[arg-type]


def read_lock(path: Path) -> list[Pin]:
    """The pins of a `uv pip compile --generate-hashes` file (continuation lines joined)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "-")):
            continue
        parts = line.split("--hash=")
        req = Requirement(parts[0].strip())
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==":
            raise SystemExit(f"{path.name}: not a pin: {parts[0].strip()}")
        hashes = [part.strip() for part in parts[1:]]
        pins.append(Pin(canonicalize_name(req.name), specs[0].version, req.marker, hashes))
    return pins


def requirements(extras: tuple[str, ...]) -> list[tuple[Requirement, str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [(Requirement(line), "") for line in project["dependencies"]]
    for extra in extras:
        found += [(Requirement(line), extra) for line in project["optional-dependencies"][extra]]
    return found


def check() -> list[str]:
    problems = []
    versions: dict[str, dict[tuple[str, str], str]] = {}
    for lock, extras in LOCKS.items():
        path = ROOT / lock
        if not path.is_file():
            problems.append(f"{lock}: missing (run bash scripts/lock.sh)")
            continue
        pins = read_lock(path)
        problems += [f"{lock}: {p.name}=={p.version} has no --hash" for p in pins if not p.hashes]
        for target in TARGETS:
            for pin in pins:
                if pin.applies(target):
                    versions.setdefault(lock, {})[(pin.name, target)] = pin.version
            for req, extra in requirements(extras):
                if req.marker is not None and not req.marker.evaluate(environment(target, extra)):
                    continue
                name = canonicalize_name(req.name)
                here = [p for p in pins if p.name == name and p.applies(target)]
                if not here:
                    problems.append(f"{lock} [{target}]: {req} is not pinned")
                elif not any(req.specifier.contains(p.version, prereleases=True) for p in here):
                    problems.append(
                        f"{lock} [{target}]: {req} is not met by "
                        + ", ".join(f"{p.name}=={p.version}" for p in here)
                    )
    test, build = versions.get("requirements-test.lock", {}), versions.get("requirements.lock", {})
    for key, version in build.items():
        if key in test and test[key] != version:
            problems.append(
                f"requirements.lock [{key[1]}]: {key[0]}=={version}, "
                f"but requirements-test.lock has {test[key]}"
            )
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The locks do not match pyproject.toml: run bash scripts/lock.sh", file=sys.stderr)
        return 1
    print(f"Locks match pyproject.toml on {', '.join(TARGETS)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
