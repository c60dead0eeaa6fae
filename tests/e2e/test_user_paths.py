"""The ways people use the desk, run on the real program (see conftest.py)."""

from __future__ import annotations

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
