"""Checks that the locked dependencies of the Windows build exist as Windows wheels.

Reads requirements.lock (what packaging/build.ps1 installs), keeps the lines whose markers hold on
the Windows build machine (win_amd64, CPython 3.12), which brings in the Windows-only packages
that pip skips on Linux (PyInstaller's pefile and pywin32-ctypes, tzdata, colorama...), and
downloads exactly those pins with

    pip download --only-binary=:all: --platform win_amd64 --python-version 3.12
                 --implementation cp --abi cp312 --no-deps --require-hashes

so every package must have a wheel for Windows whose hash is in the lock: what `pip install
--require-hashes -r requirements.lock` will need on Windows. Exit 0 when all were found, 1 with
the missing ones named otherwise. Needs PyPI. The wheels are kept in build/windows-wheels (pip
skips what is already there), or --dest DIR.

    .venv/bin/python packaging/check_windows_wheels.py [--lock requirements.lock] [--dest DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from check_lock import read_lock  # noqa: E402

TARGET = "win_amd64/cp312"
# Named on purpose: PyInstaller needs them on Windows only, so a lock resolved on Linux for Linux
# would lack them (pip evaluates markers for the machine it runs on, even with --platform).
WINDOWS_ONLY = ("pefile", "pywin32-ctypes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", default=str(ROOT / "requirements.lock"))
    parser.add_argument("--dest", default=str(ROOT / "build" / "windows-wheels"))
    args = parser.parse_args()

    pins = [pin for pin in read_lock(Path(args.lock)) if pin.applies(TARGET)]
    names = {pin.name for pin in pins}
    missing_named = [name for name in WINDOWS_ONLY if canonicalize_name(name) not in names]
    if missing_named:
        print(f"{Path(args.lock).name} lacks the Windows-only {missing_named}: run scripts/lock.sh")
        return 1
    print(f"{len(pins)} packages of {Path(args.lock).name} apply on {TARGET}")

    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "windows.txt"
        wanted.write_text(
            "".join(
                f"{pin.name}=={pin.version} " + " ".join(f"--hash={h}" for h in pin.hashes) + "\n"
                for pin in pins
            ),
            encoding="utf-8",
        )
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.12",
            "--implementation", "cp", "--abi", "cp312", "--abi", "abi3", "--abi", "none",
            "--no-deps", "--require-hashes", "--isolated",
            "--index-url", "https://pypi.org/simple", "-r", str(wanted), "-d", str(dest),
        ]  # fmt: skip
        done = subprocess.run(command, text=True, capture_output=True)
    if done.returncode != 0:
        print(done.stdout + done.stderr)
        print(f"No Windows wheel (or its hash is not in the lock) above: exit {done.returncode}")
        return 1

    found: dict[str, str] = {}
    for wheel in dest.glob("*.whl"):
        name, version, _build, tags = parse_wheel_filename(wheel.name)
        platforms = {tag.platform for tag in tags}
        if platforms & {"win_amd64", "any"}:
            found[f"{name}=={version}"] = ", ".join(sorted(platforms))
    problems = [f"{p.name}=={p.version}" for p in pins if f"{p.name}=={p.version}" not in found]
    for pin in pins:
        key = f"{pin.name}=={pin.version}"
        print(f"  {key:45} {found.get(key, 'MISSING')}")
    if problems:
        print(f"No Windows wheel downloaded for: {', '.join(problems)}")
        return 1
    print(f"OK: every package has a Windows wheel ({TARGET}) whose hash is in the lock.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
