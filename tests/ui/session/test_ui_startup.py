"""Start-up as a desk sees it, in a separate process: the real entry point reaches the login
window and, after logging in, the main window, without loading anything heavy (ReportLab, the
charts, the PDF viewer, spreadsheets, the import machinery) that only some pages need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from desk_app.db import Database
from desk_app.services.admin import auth


def test_start_to_main_window_loads_nothing_heavy(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url)
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    db.dispose()
    probe = tmp_path / "probe.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "DESK_APP_STARTUP_PROBE": str(probe),
        "DESK_APP_STARTUP_LOGIN": "admin:yonetici-parola",
        "DESK_APP_STARTUP_T0": str(time.time()),
    }
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", db_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    marks = json.loads(probe.read_text(encoding="utf-8"))
    assert "error" not in marks
    assert 0 < marks["login_shown_s"] <= marks["login_started_s"] <= marks["main_shown_s"]
    # Enter is pressed once the main window's modules are in, as after a person's typing.
    assert 0 <= marks["preload_wait_s"] <= 5.5
    assert marks["heavy_modules"] == []
