"""``desk-app import-applications`` run as a separate process, as an admin or a script would."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn
from desk_app.importing.reader import COLUMNS
from desk_app.models import Address, BabySetApplication, Citizen
from desk_app.paths import resource_path
from desk_app.services.context import Actor
from tests.people import person_url

SAMPLE = resource_path("data", "web_export_sample.csv")
HEADERS = [c.header for c in COLUMNS]


@pytest.fixture
def desk_url(db: Database, clerk: Actor, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command line of a desk: on PostgreSQL the clerk's own login, so the server decides
    what the import may write (the owner's ``db_url`` only checks the result)."""
    url, password = person_url(db, clerk)
    if password is not None:
        monkeypatch.setenv("PGPASSWORD", password)
    return url


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DESK_APP_DB"}
    return subprocess.run(
        [sys.executable, "-m", "desk_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


_FIRST = ("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra", "Esra", "Gül")
_LAST = ("Yıldız", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç")
_BABY = ("Ali", "Asel", "Ömer", "Zehra", "Yusuf", "Eymen", "Alparslan", "Defne", "Miraç", "Nehir")


def big_file(path: Path, count: int, *, bad_every: int = 0) -> Path:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for n in range(count):
            tc = generate_tckn(rng)
            writer.writerow(
                [
                    f"W-2025-{n:05d}",
                    "03.02.2025",
                    "1,23457E+10" if bad_every and n % bad_every == 0 else tc,
                    _FIRST[n % 10],
                    _LAST[n // 10 % 10],
                    f"0532 {n // 10000 % 10}{n % 100:02d} {n // 100 % 100:02d} 90",
                    "Ulukavak",
                    "Gazi Cad.; Arka",
                    str(n + 1),
                    "",
                    _BABY[(n + n // 100) % 10],
                    _LAST[n // 10 % 10],
                    f"{n % 28 + 1:02d}.01.2025",
                    "",
                    "Evet",
                ]
            )
    return path


def test_json_shape_and_exit_0_with_bad_rows(db_url: str, desk_url: str, tmp_path: Path) -> None:
    path = big_file(tmp_path / "f.csv", 4, bad_every=3)  # rows 2 and 5 are bad
    result = run("--db", desk_url, "import-applications", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"rows", "imported", "duplicates", "rejected", "errors"} <= set(data)
    assert (data["rows"], data["imported"], data["duplicates"], data["rejected"]) == (4, 2, 0, 2)
    assert [(e["row"], e["column"]) for e in data["errors"]] == [
        (2, "Veli T.C. Kimlik No"),
        (5, "Veli T.C. Kimlik No"),
    ]
    assert all(set(e) == {"row", "column", "message"} for e in data["errors"])
    assert all(isinstance(data[k], int) for k in ("rows", "imported", "duplicates", "rejected"))


def test_text_output_then_reimport_adds_nothing(db_url: str, desk_url: str) -> None:
    first = run("--db", desk_url, "import-applications", str(SAMPLE))
    assert first.returncode == 0, first.stderr
    assert "5 aktarıldı" in first.stdout
    again = run("--db", desk_url, "import-applications", str(SAMPLE), "--json")
    data = json.loads(again.stdout)
    assert (data["imported"], data["skipped_existing"]) == (0, 5)


def test_dry_run_writes_nothing(db_url: str, desk_url: str) -> None:
    result = run("--db", desk_url, "import-applications", str(SAMPLE), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["imported"] == 5
    db = Database(db_url)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(BabySetApplication)) == 0
            assert s.scalar(select(func.count()).select_from(Citizen)) == 0
    finally:
        db.dispose()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_error_report_option(db_url: str, desk_url: str, tmp_path: Path, suffix: str) -> None:
    path = big_file(tmp_path / "f.csv", 4, bad_every=3)
    report = tmp_path / f"hatalar{suffix}"
    result = run(
        "--db", desk_url, "import-applications", str(path), "--error-report", str(report), "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["error_report"] == str(report)
    assert report.stat().st_size > 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "bulunamadı"),
        ("a;b;c\n1;2;3\n", "gerekli sütunlar"),
        (b"\x81\x8d\x8f;\n", "karakter kodlaması"),
    ],
)
def test_unusable_file_exits_2(
    db_url: str, desk_url: str, tmp_path: Path, content: str | bytes | None, fragment: str
) -> None:
    path = tmp_path / "x.csv"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = run("--db", desk_url, "import-applications", str(path), "--json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and fragment in data["error"]
    plain = run("--db", desk_url, "import-applications", str(path))
    assert plain.returncode == 2 and fragment in plain.stderr


def test_bad_error_report_extension_exits_2(db_url: str, desk_url: str, tmp_path: Path) -> None:
    result = run(
        "--db", desk_url, "import-applications", str(SAMPLE), "--error-report", str(tmp_path / "r")
    )
    assert result.returncode == 2 and ".csv veya .xlsx" in result.stderr


@pytest.mark.slow
def test_kill_midway_leaves_every_row_fully_in_or_out(
    db_url: str, desk_url: str, tmp_path: Path
) -> None:
    count = 2000
    path = big_file(tmp_path / "big.csv", count)
    env = {k: v for k, v in os.environ.items() if k != "DESK_APP_DB"}
    db = Database(db_url)
    try:
        db.upgrade()  # so the child does not migrate while we poll
        proc = subprocess.Popen(
            [sys.executable, "-m", "desk_app", "--db", desk_url, "import-applications", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            with db.read_session() as s:
                done = s.scalar(select(func.count()).select_from(BabySetApplication)) or 0
            if done >= 100:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the import finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        with db.session() as s:
            applications = list(s.scalars(select(BabySetApplication)))
            citizens = list(s.scalars(select(Citizen)))
            addresses = list(s.scalars(select(Address)))
        assert 100 <= len(applications) < count
        by_citizen = {a.citizen_id: a for a in applications}
        # Every parent in the file is distinct: a citizen without its application, or an
        # application without its citizen and address, would be half a row.
        assert {c.id for c in citizens} == set(by_citizen)
        assert {a.citizen_id for a in addresses} == set(by_citizen)
        assert all(a.address_id is not None and a.phone_e164 for a in applications)
        refs = sorted(a.web_reference or "" for a in applications)
        assert refs == [f"W-2025-{n:05d}" for n in range(len(refs))]  # rows in file order
        # Importing again (the head of the file, what was kept and 50 rows more, to keep the
        # test short) completes it and adds nothing twice.
        head_rows = len(applications) + 50
        head = tmp_path / "head.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        head.write_text("".join(lines[: head_rows + 1]), encoding="utf-8")
        result = run("--db", desk_url, "import-applications", str(head), "--json")
        data = json.loads(result.stdout)
        assert data["imported"] == 50
        assert data["skipped_existing"] == len(applications)
    finally:
        db.dispose()
