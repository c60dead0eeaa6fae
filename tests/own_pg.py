"""A PostgreSQL server of the test's own, which the test may stop and start (outage tests).
Started with scripts/pg_server.sh on a free port; skipped when PostgreSQL is not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class OwnServer:
    url: str
    folder: Path
    bin_dir: Path

    @property
    def port(self) -> int:
        port = make_url(self.url).port
        assert port is not None
        return port

    def _pg_ctl(self, *args: str) -> None:
        cmd = [str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-w", *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, cwd="/", capture_output=True, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=50"
        )
        self._pg_ctl("-l", str(self.folder / "server.log"), "-o", options, "start")


def own_server() -> Iterator[OwnServer]:
    """Generator for a module-scoped fixture: a fresh server, removed afterwards."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        pytest.skip("PostgreSQL binaries are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to run PostgreSQL as root")
    script = (
        f"source {ROOT / 'scripts' / 'pg_server.sh'} start >/dev/null 2>&1 && "
        'echo "$DESK_APP_TEST_PG $PG_DATA_DIR"'
    )
    env = {**os.environ, "PG_TEST_PORT": "54400"}
    out = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    if out.returncode != 0 or not out.stdout.strip():
        pytest.skip(f"could not start a PostgreSQL server: {out.stderr.strip()[:200]}")
    url, folder = out.stdout.split()
    server = OwnServer(url=url, folder=Path(folder), bin_dir=bin_dir)
    try:
        yield server
    finally:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg_server.sh"), "stop", folder],
            capture_output=True,
            timeout=120,
        )
