"""Backups of the SQLite database while a desk keeps writing (another process), restore after
the confirmation, and the copy compared with what was committed before it was taken."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.errors import PermissionDenied, ValidationError
from desk_app.domain.states import Role
from desk_app.models import Citizen
from desk_app.services.admin.backups import backup, restore
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from tests.people import as_person


def _writer(url: str, user_id: int, seconds: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """A desk registering citizens as fast as it can for ``seconds`` from its start; reports
    how many it committed."""
    stop_at = time.time() + seconds
    db = Database(url)
    who = Actor(user_id=user_id, username="masa", role=Role.DESK)
    n = 0
    while time.time() < stop_at:
        phone = f"0532 {300 + n % 600} {10 + n % 90:02d} {10 + n // 90 % 90:02d}"
        create_citizen(db, who, CitizenInput(first_name="Ayşe", last_name="Yazar", phone=phone))
        n += 1
    db.dispose()
    out.put(n)


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_backup_while_a_desk_writes_then_restore(
    db: Database, db_url: str, admin: Actor, clerk: Actor, tmp_path: Path
) -> None:
    if db.is_postgres:
        with pytest.raises(ValidationError) as err:
            backup(as_person(db, admin), admin, tmp_path / "x.sqlite3")
        assert "pg_dump" in str(err.value)
        return
    with pytest.raises(PermissionDenied):
        backup(as_person(db, clerk), clerk, tmp_path / "x.sqlite3")
    create_citizen(
        as_person(db, clerk),
        clerk,
        CitizenInput(first_name="Şükrü", last_name="Işık", phone="05051112233"),
    )
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    writer = ctx.Process(target=_writer, args=(db_url, clerk.user_id, 3.0, results))
    writer.start()
    with db.read_session() as s:
        initial = s.scalar(select(func.count()).select_from(Citizen)) or 0
    # The writer is busy when the backups are taken: wait until it has written a few.
    deadline = time.monotonic() + 30
    before = initial
    while before < initial + 5 and time.monotonic() < deadline:
        time.sleep(0.02)
        with db.read_session() as s:
            before = s.scalar(select(func.count()).select_from(Citizen)) or 0
    assert before >= initial + 5, "the writer did not start writing"
    copies = [backup(as_person(db, admin), admin, tmp_path / f"yedek{i}.sqlite3") for i in range(3)]
    writer.join(30)
    written = results.get(timeout=5)
    assert written > 20
    with db.read_session() as s:
        after = s.scalar(select(func.count()).select_from(Citizen)) or 0
    for copy in copies:
        in_copy = _count(copy.path, "citizen")
        # Every citizen committed before the backup started is in it; none half-written.
        assert before <= in_copy <= after
        assert copy.tables["citizen"] == in_copy
        with sqlite3.connect(copy.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Restore the first copy through the command line (the confirmation is --yes).
    chosen = copies[0].path
    expected = _count(chosen, "citizen")
    code = cli.main(["--db", db_url, "restore", str(chosen), "--yes"])
    assert code == 0
    db.dispose()
    with Database(db_url).read_session() as s:
        assert s.scalar(select(func.count()).select_from(Citizen)) == expected
    kept = list(Path(db.url.database or "").parent.glob("*.before-restore-*"))
    assert len(kept) == 1 and _count(kept[0], "citizen") == after


def test_restore_refuses_a_file_that_is_not_a_backup(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    if db.is_postgres:
        pytest.skip("PostgreSQL is restored with pg_restore")
    junk = tmp_path / "not.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValidationError) as err:
        restore(as_person(db, admin), admin, junk)
    assert err.value.field == "dosya"
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(ValidationError):
        restore(as_person(db, admin), admin, empty)


# --- restore takes only this application's own files ------------------------------------------


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused_by_cli(db_url: str, file: Path, live: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = _digest(live)
    code = cli.main(["--db", db_url, "--json", "restore", str(file), "--yes"])
    out = capsys.readouterr()
    assert code == 2, out
    assert _digest(live) == before  # the live file is untouched
    assert not list(live.parent.glob("*.before-restore-*"))
    return out.out + out.err


def test_restore_refuses_foreign_newer_and_reshaped_files(
    db: Database, db_url: str, admin: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if db.is_postgres:
        pytest.skip("PostgreSQL is restored with pg_restore")
    live = Path(db.url.database or "")
    create_citizen(
        as_person(db, admin),
        admin,
        CitizenInput(first_name="Şükrü", last_name="Işık", phone="05051112233"),
    )
    db.dispose()
    # A foreign SQLite file with just citizen and alembic_version at the head revision.
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE citizen (id INTEGER PRIMARY KEY, first_name TEXT)")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0008')")
    message = _refused_by_cli(db_url, foreign, live, capsys)
    assert "desk_app'in bir veritabanı dosyası değil" in message
    # The same foreign file wearing our mark still lacks our tables.
    with sqlite3.connect(foreign) as conn:
        conn.execute("PRAGMA application_id = 1145782608")
    message = _refused_by_cli(db_url, foreign, live, capsys)
    assert "eksik tablo" in message
    # A real backup from a newer schema (0099).
    newer = backup(as_person(db, admin), admin, tmp_path / "newer.sqlite3").path
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    message = _refused_by_cli(db_url, newer, live, capsys)
    assert "0099" in message and "daha yeni" in message
    # A real backup with one table more and one table less.
    reshaped = backup(as_person(db, admin), admin, tmp_path / "reshaped.sqlite3").path
    with sqlite3.connect(reshaped) as conn:
        conn.execute("CREATE TABLE payload (x TEXT)")
        conn.execute("DROP TABLE destruction_record")
    message = _refused_by_cli(db_url, reshaped, live, capsys)
    assert "fazla tablo: payload" in message and "eksik tablo: destruction_record" in message
    # The good backup still goes through.
    good = backup(as_person(db, admin), admin, tmp_path / "good.sqlite3").path
    assert restore(as_person(db, admin), admin, good)["citizen"] == 1


def test_restore_copies_are_private_listed_and_pruned(
    db: Database, db_url: str, admin: Actor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if db.is_postgres:
        pytest.skip("PostgreSQL is restored with pg_restore")
    import json
    import os
    import stat

    from desk_app.services.admin import backups

    live = Path(db.url.database or "")
    good = backup(as_person(db, admin), admin, tmp_path / "good.sqlite3").path
    stamps = iter(f"2025010{i}-120000" for i in range(1, 10))

    class _Clock:
        def strftime(self, _fmt: str) -> str:
            return next(stamps)

    original = backups.utcnow
    for _ in range(5):
        backups.utcnow = lambda: _Clock()  # type: ignore[assignment,return-value]
        try:
            restore(as_person(db, admin), admin, good)
        finally:
            backups.utcnow = original
    copies = sorted(live.parent.glob(f"{live.name}.before-restore-*"))
    # Pruned: the newest three stay.
    assert [p.name.rsplit("-", 2)[-2] for p in copies] == ["20250103", "20250104", "20250105"]
    for copy in copies:
        assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600, copy
    assert cli.main(["--db", db_url, "--json", "restore", "--list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["keep"] == 3
    assert [c["file"] for c in listed["copies"]] == [str(p) for p in reversed(copies)]
    assert cli.main(["--db", db_url, "restore"]) == 2
