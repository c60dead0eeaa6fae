"""The ways people use the desk, run on the real program (see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import Desk

pytestmark = pytest.mark.e2e


def test_first_start(desk: Desk) -> None:
    outcome = desk.run("first_start.py", "first_start")
    assert outcome["shots"] == [
        "01-first-admin.png",
        "02-demo-offer.png",
        "03-login.png",
        "04-main-window.png",
    ]


def test_lock_switch_user_and_log_out(desk: Desk, users: Callable[[], None]) -> None:
    users()
    outcome = desk.run("lock_and_switch.py", "lock_and_switch")
    assert len(outcome["shots"]) == 6  # type: ignore[arg-type]


def test_the_english_restart(desk: Desk, users: Callable[[], None]) -> None:
    users()
    desk.run("choose_english.py", "english_choose")
    assert "language = en" in desk.config.read_text(encoding="utf-8")
    outcome = desk.run("english.py", "english_restart")
    assert len(outcome["shots"]) == 3  # type: ignore[arg-type]


def test_a_keyboard_only_clerks_day(desk: Desk, users: Callable[[], None]) -> None:
    users()
    outcome = desk.run("clerk_day.py", "clerk_day")
    assert "06-application-needs-address.png" in outcome["shots"]  # type: ignore[operator]


def test_first_start_at_150_percent(desk: Desk) -> None:
    """At 150 % display scaling a 1366×768 screen is about 910×512 logical pixels: every
    window of the first start, and the main window, stay inside it."""
    screen = Path(__file__).resolve().parent / "screen_150.json"
    outcome = desk.run("first_start.py", "first_start_150", screen=screen)
    assert len(outcome["shots"]) == 4  # type: ignore[arg-type]


def test_a_supervisors_booking_printing_and_scan_back(desk: Desk) -> None:
    from datetime import date

    today = date.today()
    desk.cli("db", "upgrade")
    desk.cli("demo", "--year", str(today.year), "--seed", "1", "--today", today.isoformat())
    outcome = desk.run("supervisor_day.py", "supervisor_day")
    assert outcome["shots"][-1].endswith("used-again.png")  # type: ignore[index]
