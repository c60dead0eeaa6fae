"""The admin command line, run as a separate process like an admin or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.db import Database
from desk_app.services.context import Actor
from tests.people import as_person, person_url


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DESK_APP_DB"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "desk_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=300,
    )


def test_db_upgrade_creates_the_schema_and_reports_json(db_url: str) -> None:
    result = run("--db", db_url, "db", "upgrade", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["revision"] == data["head"]


def test_user_add_then_list(db_url: str) -> None:
    added = run(
        "--db",
        db_url,
        "user",
        "add",
        "Zeynep",
        "--role",
        "supervisor",
        "--full-name",
        "Zeynep Kaya",
        "--password-stdin",
        "--json",
        stdin="uzun-parola-1\n",
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["user"]["role"] == "supervisor"
    listed = run("user", "list", "--db", db_url, "--json")  # --db after the sub-command too
    users = json.loads(listed.stdout)["users"]
    assert [(u["username"], u["full_name"]) for u in users] == [("zeynep", "Zeynep Kaya")]


def test_refused_input_exits_2_with_a_turkish_message(db_url: str) -> None:
    result = run(
        "--db", db_url, "user", "add", "ali", "--role", "desk", "--password-stdin", stdin="kisa\n"
    )
    assert result.returncode == 2
    assert "Parola en az 8 karakter" in result.stderr


@pytest.mark.parametrize("url", ["mysql://u:p@h/d", "postgresql://u:gizli-sifre@127.0.0.1:1/d"])
def test_bad_or_unreachable_url_exits_2_without_the_password(url: str) -> None:
    result = run("--db", url, "db", "status", "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and "gizli-sifre" not in result.stdout + result.stderr


def test_database_url_from_environment(tmp_path: Path) -> None:
    target = tmp_path / "env.sqlite3"
    result = run(
        "db",
        "upgrade",
        "--json",
        env={"DESK_APP_DB": f"sqlite:///{target}", "DESK_APP_CONFIG": str(tmp_path / "none.ini")},
    )
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_demo_fills_a_year_once_and_reports_json(db_url: str) -> None:
    result = run("--db", db_url, "demo", "--year", "2025", "--seed", "1", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["requests_by_channel"]["DESK"] == 863
    assert data["requests_by_channel"]["WHATSAPP"] == 13638
    assert data["delivered_sets"] == 1350
    again = run("--db", db_url, "demo", "--json")
    assert again.returncode == 2
    assert json.loads(again.stdout)["ok"] is False


def test_admin_changes_an_eligibility_rule_from_the_command_line(
    db_url: str, admin: Actor, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An admin's command line changes the rule (on PostgreSQL as the admin's own login); a
    desk then registers against it."""
    from datetime import date

    from desk_app.services.applications.common import ApplicationInput
    from desk_app.services.applications.register import register_application
    from desk_app.services.citizens.input import CitizenInput

    owner = Database(db_url)
    url, password = person_url(owner, admin)
    if password is not None:
        monkeypatch.setenv("PGPASSWORD", password)
    changed = run("--db", url, "settings", "set", "eligibility.max_baby_age_months", "6", "--json")
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["value"] == 6
    refused = run("--db", url, "settings", "set", "eligibility.max_baby_age_months", "altı")
    assert refused.returncode == 2 and "tam sayı" in refused.stderr
    listed = json.loads(run("--db", url, "settings", "list", "--json").stdout)
    assert listed["settings"]["eligibility.max_baby_age_months"] == 6

    db = as_person(owner, clerk)
    try:
        parent = CitizenInput(
            first_name="Zeynep",
            last_name="Kaya",
            tc_kimlik_no="91728056974",
            phone="0532 418 22 90",
            mahalle="Ulukavak",
            street="Mimar Sinan Cad.",
            building_no="14",
        )
        result = register_application(
            db,
            clerk,
            ApplicationInput(
                parent=parent,
                baby_first_name="Elif",
                baby_last_name="Kaya",
                baby_birth_date=date(2025, 1, 10),
                applied_at=date(2025, 8, 20),
                notice_acknowledged=True,
                notice_version="2025-01",
            ),
        )
    finally:
        owner.dispose()
    assert result.status == "INELIGIBLE"  # seven months old: over the new six-month limit
