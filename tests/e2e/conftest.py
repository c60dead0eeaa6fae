"""User-path tests: the real program in a subprocess, started as the Start-menu shortcut does
(``python -m desk_app``, a config file, an empty user profile, SQLite), on a 1366×768 screen,
driven by key and mouse events only through the test hook ``desk_app.ui.kit.e2e_hook`` (off
unless ``DESK_APP_E2E_SCENARIO`` is set). Screenshots of each scenario go to
``DESK_APP_E2E_ARTIFACTS`` (default: ``.e2e-shots/`` in the checkout); a failure saves the
screen at that moment and the test prints what was on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
SCREEN_100 = ROOT / "tests" / "data" / "offscreen_desk_screen.json"
TIMEOUT_S = 120


def artifacts_dir() -> Path:
    return Path(os.environ.get("DESK_APP_E2E_ARTIFACTS") or ROOT / ".e2e-shots")


@dataclass
class Desk:
    """One desk PC: its own user profile, config file and SQLite database."""

    home: Path
    config: Path
    database: Path

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DESK_APP_", "QT_", "XDG_")) and key not in ("HOME", "DISPLAY")
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_RUNTIME_DIR=str(self.home / "run"),
            DESK_APP_CONFIG=str(self.config),
            LANG="tr_TR.UTF-8",
        )
        return env

    def set_language(self, language: str) -> None:
        text = self.config.read_text(encoding="utf-8")
        if "[desk]" not in text:
            text += "\n[desk]\n"
        lines = [line for line in text.splitlines() if not line.startswith("language")]
        index = lines.index("[desk]") + 1
        lines.insert(index, f"language = {language}")
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desk_app", *args],
            env=self.env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=True,
        )

    def run(self, scenario: str, name: str, screen: Path = SCREEN_100) -> dict[str, object]:
        """Start the program as the shortcut does and let ``scenario`` drive it."""
        shots = artifacts_dir() / name
        shutil.rmtree(shots, ignore_errors=True)
        result = self.home / f"{name}.json"
        env = self.env()
        env.update(
            QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
            DESK_APP_E2E_SCENARIO=str(SCENARIOS / scenario),
            DESK_APP_E2E_RESULT=str(result),
            DESK_APP_E2E_SHOTS=str(shots),
        )
        proc = subprocess.run(
            [sys.executable, "-m", "desk_app"],
            env=env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        outcome = json.loads(result.read_text("utf-8")) if result.is_file() else {}
        if not outcome.get("ok") or proc.returncode != 0:
            pytest.fail(
                f"scenario {scenario} failed (exit {proc.returncode}): "
                f"{outcome.get('error', 'no result')}\n"
                f"screen: {outcome.get('screen')}\nscreenshot: {outcome.get('screenshot')}\n"
                f"{outcome.get('traceback', '')}\n--- stderr ---\n{proc.stderr[-4000:]}"
            )
        outcome["shots"] = sorted(p.name for p in shots.glob("*.png"))
        return outcome


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    """A fresh desk: empty home folder, a config file naming the SQLite file."""
    home = tmp_path / "home"
    (home / "run").mkdir(parents=True)
    (home / "run").chmod(0o700)
    database = tmp_path / "desk.sqlite3"
    config = tmp_path / "config.ini"
    config.write_text(
        f"[database]\nurl = sqlite:///{database}\n\n[desk]\nidle_lock_minutes = 10\n",
        encoding="utf-8",
    )
    return Desk(home=home, config=config, database=database)


@pytest.fixture
def users(desk: Desk) -> Callable[[], None]:
    """The desk's people, added by the administrator on the command line."""

    def add() -> None:
        desk.cli("db", "upgrade")
        for name, role, full, password in (
            ("bilgi", "admin", "Bilgi İşlem", "yonetici-parola-1"),
            ("elif", "desk", "Elif Karaca", "masa-parola-1"),
            ("sefik", "supervisor", "Şefik Işık", "supervizor-parola-1"),
        ):
            desk.cli(
                "user", "add", name, "--role", role, "--full-name", full, "--password-stdin",
                stdin=password + "\n",
            )  # fmt: skip

    return add
