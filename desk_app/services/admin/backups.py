"""Backups of the embedded SQLite database: a consistent copy taken while desks keep working
(SQLite's online backup API copies page by page and restarts when a writer changes a page it
already copied), and a restore that puts a copy back after checking it.

PostgreSQL installations back up with the server's own tools (``pg_dump``/``pg_restore``; see
the README); these functions refuse a PostgreSQL URL with that advice.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.models import utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import unit_of_work

PG_ADVICE = (
    "PostgreSQL veritabanı sunucunun araçlarıyla yedeklenir: pg_dump -Fc -f desk.dump "
    "VERITABANI; geri yükleme: pg_restore --clean -d VERITABANI desk.dump (README'ye bakın)."
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    pages: int
    tables: dict[str, int]  # rows per table in the copy
    at: datetime


def _sqlite_path(db: Database) -> Path:
    if not db.is_sqlite or not db.url.database or db.url.database == ":memory:":
        message = PG_ADVICE if db.is_postgres else "Bellekteki veritabanı yedeklenemez."
        raise ValidationError(message, "db")
    return Path(db.url.database)


def _check(path: Path) -> dict[str, int]:
    """Integrity check of an SQLite file and its row counts; raises ValidationError."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise ValidationError(
                    f"‘{path.name}’ bozuk bir veritabanı dosyası ({result[0] if result else '?'}); "
                    "başka bir yedek seçin.",
                    "dosya",
                )
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'"
                )
            ]
            if "alembic_version" not in names or "citizen" not in names:
                raise ValidationError(
                    f"‘{path.name}’ bu uygulamanın bir yedeği değil; doğru dosyayı seçin.", "dosya"
                )
            return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    except sqlite3.DatabaseError as exc:
        raise ValidationError(
            f"‘{path.name}’ okunamadı ({exc}); bir SQLite yedeği seçin.", "dosya"
        ) from exc


def backup(db: Database, actor: Actor, out: str | Path) -> BackupResult:
    """A consistent copy of the SQLite database at ``out`` while others keep writing."""
    require(actor, Action.MANAGE_BACKUPS)
    source = _sqlite_path(db)
    target = Path(out)
    if not target.parent.is_dir():
        raise ValidationError(f"‘{target.parent}’ klasörü yok; var olan bir klasör seçin.", "out")
    if target.resolve() == source.resolve():
        raise ValidationError("Yedek, veritabanının kendi dosyasının üstüne yazılamaz.", "out")
    fd, tmp_name = tempfile.mkstemp(
        prefix=".desk_app-backup-", suffix=".sqlite3", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        src = sqlite3.connect(str(source), timeout=30)
        dst = sqlite3.connect(str(tmp))
        try:
            # Small steps let writers in between; a page changed meanwhile restarts the copy.
            src.backup(dst, pages=256, sleep=0.005)
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
        finally:
            dst.close()
            src.close()
        tables = _check(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    now = utcnow()
    with unit_of_work(db) as session:
        audit.record(session, actor, "backup.create", "database", None, new={"file": str(target)})
    return BackupResult(target, target.stat().st_size, int(pages), tables, now)


def inspect_backup(path: str | Path) -> dict[str, int]:
    """Row counts of a backup file after its integrity check (for the restore confirmation)."""
    file = Path(path)
    if not file.is_file():
        raise ValidationError(f"‘{file}’ bulunamadı; yedek dosyasının yolunu denetleyin.", "dosya")
    return _check(file)


def restore(db: Database, actor: Actor, backup_file: str | Path) -> dict[str, int]:
    """Put ``backup_file`` back in place of the SQLite database (every desk must be closed).
    The current file is kept beside it as ``<name>.before-restore-<time>``."""
    require(actor, Action.MANAGE_BACKUPS)
    target = _sqlite_path(db)
    tables = inspect_backup(backup_file)
    db.dispose()
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    if target.exists():
        keep = target.with_name(f"{target.name}.before-restore-{stamp}")
        src = sqlite3.connect(str(target))
        dst = sqlite3.connect(str(keep))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    # Copy through SQLite too: the live file's WAL is reset and nothing half-copied remains.
    src = sqlite3.connect(f"file:{Path(backup_file)}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target), timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for suffix in ("-shm",):
        extra = Path(f"{target}{suffix}")
        if extra.exists() and extra.stat().st_size == 0:
            extra.unlink(missing_ok=True)
    restored = Database(str(db.url.render_as_string(hide_password=False)))
    try:
        with unit_of_work(restored) as session:
            audit.record(
                session,
                actor,
                "backup.restore",
                "database",
                None,
                new={"file": str(backup_file)},
            )
    finally:
        restored.dispose()
    return tables
