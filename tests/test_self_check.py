"""`desk-app --self-check`: the installation check the frozen build runs in CI
(packaging/build.sh), run here from the checkout as a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DESK_APP_DB"}
    env["DESK_APP_CONFIG"] = str(tmp_path / "config.ini")  # not this machine's config file
    return subprocess.run(
        [sys.executable, "-m", "desk_app", "--self-check", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_self_check_creates_the_database_renders_a_slip_and_starts_qt(tmp_path: Path) -> None:
    db_file = tmp_path / "self-check.sqlite3"
    result = run(tmp_path, "--db", f"sqlite:///{db_file.as_posix()}")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert db_file.is_file()
    for expected in (
        "öz denetim / self-check",
        "[OK  ] Veritabanı / database",
        f"SQLite: {db_file.as_posix()}",
        "= head",
        "[OK  ] Kaynaklar / resources",
        "[OK  ] Fiş PDF / slip PDF",
        "1 sayfa / page(s)",
        "metin denetimi / text check: OK",
        "gömülü yazı tipleri / embedded fonts: DejaVuSans, DejaVuSans-Bold",
        "[OK  ] Qt",
        "platforms:",
        "offscreen",
        "QtPdf: fiş 1 sayfa",
        "Sonuç / result: OK (4/4)",
    ):
        assert expected in out, f"{expected!r} not in:\n{out}"
    assert "HATA" not in out


def test_a_failing_step_is_named_and_exits_1_without_the_password(tmp_path: Path) -> None:
    # An unsupported database type: the database step fails, the others still run.
    result = run(tmp_path, "--db", "mysql://desk:gizli-parola@sunucu/desk_app", "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    steps = {step["key"]: step for step in payload["steps"]}
    assert list(steps) == ["database", "resources", "slip_pdf", "qt"]
    assert not steps["database"]["ok"] and "Desteklenmeyen" in steps["database"]["error"]
    assert steps["slip_pdf"]["ok"] and steps["qt"]["ok"]
    assert "gizli-parola" not in result.stdout + result.stderr
