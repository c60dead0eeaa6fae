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
            backup(db, admin, tmp_path / "x.sqlite3")
        assert "pg_dump" in str(err.value)
        return
    with pytest.raises(PermissionDenied):
        backup(db, clerk, tmp_path / "x.sqlite3")
    create_citizen(
        db, clerk, CitizenInput(first_name="Şükrü", last_name="Işık", phone="05051112233")
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
    copies = [backup(db, admin, tmp_path / f"yedek{i}.sqlite3") for i in range(3)]
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
        restore(db, admin, junk)
    assert err.value.field == "dosya"
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(ValidationError):
        restore(db, admin, empty)
