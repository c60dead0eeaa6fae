"""Backups of the embedded SQLite database: a consistent copy taken while desks keep working
(SQLite's online backup API copies page by page and restarts when a writer changes a page it
already copied), and a restore that puts a copy back after checking it.

PostgreSQL installations back up with the server's own tools (``pg_dump``/``pg_restore``; see
the README); these functions refuse a PostgreSQL URL with that advice.

A restore takes only a file of this application: its header carries desk_app's
``PRAGMA application_id`` (set by every migration and on every backup copy), its schema
revision is one this version knows (the head, or an older one it migrates on start), and its
tables are exactly the tables of that revision. Anything else is refused before the live file
is touched. The live file is kept beside it as ``<name>.before-restore-<time>`` (mode 0600);
``list_restore_copies`` lists them and each restore keeps only the newest
``KEEP_RESTORE_COPIES`` of them.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.migrations.marker import APPLICATION_ID
from desk_app.models import utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import unit_of_work

PG_ADVICE = (
    "PostgreSQL veritabanı sunucunun araçlarıyla yedeklenir: pg_dump -Fc -f desk.dump "
    "VERITABANI; geri yükleme: pg_restore --clean -d VERITABANI desk.dump (README'ye bakın)."
)
KEEP_RESTORE_COPIES = 3  # ".before-restore-*" copies kept beside the live file
RESTORE_COPY_MARK = ".before-restore-"


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


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The head revision and every revision this version of desk_app knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desk_app.paths import migrations_dir

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    return head, frozenset(r.revision for r in script.walk_revisions())


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' ORDER BY name"
        )
    ]


@functools.cache
def _tables_of(revision: str) -> frozenset[str]:
    """The tables an empty database migrated to ``revision`` has (built once, in a temp dir)."""
    with tempfile.TemporaryDirectory(prefix="desk_app-schema-") as folder:
        probe = Database(f"sqlite:///{Path(folder) / 'probe.sqlite3'}")
        try:
            probe.upgrade(revision)
        finally:
            probe.dispose()
        with sqlite3.connect(Path(folder) / "probe.sqlite3") as conn:
            return frozenset(_tables(conn))


_FIX = "bu uygulamanın ‘desk-app backup’ ile alınmış bir yedeğini seçin"


def _refuse(path: Path, why: str, fix: str = _FIX) -> ValidationError:
    return ValidationError(
        f"‘{path.name}’ {why}; {fix}. Şu anki veritabanına dokunulmadı.", "dosya"
    )


def _check(path: Path) -> dict[str, int]:
    """Integrity check of an SQLite file, its application mark, revision and exact table set;
    returns its row counts; raises ValidationError (Turkish, names the file and the fix)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise ValidationError(
                    f"‘{path.name}’ bozuk bir veritabanı dosyası ({result[0] if result else '?'}); "
                    "başka bir yedek seçin.",
                    "dosya",
                )
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise _refuse(path, "desk_app'in bir veritabanı dosyası değil")
            names = _tables(conn)
            if "alembic_version" not in names:
                raise _refuse(path, "şema sürümü taşımıyor")
            versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            head, known = _revisions()
            if len(versions) != 1:
                raise _refuse(path, "tek bir şema sürümü taşımıyor")
            if versions[0] not in known:
                raise _refuse(
                    path,
                    "bu programdan daha yeni ya da bilinmeyen bir şema sürümünde "
                    f"({versions[0]}; bu program en çok {head} sürümünü tanır)",
                    "önce desk_app'i güncelleyin ya da bu sürümle alınmış bir yedek seçin",
                )
            expected = _tables_of(versions[0])
            if set(names) != expected:
                extra = sorted(set(names) - expected)
                missing = sorted(expected - set(names))
                detail = ", ".join(
                    part
                    for part in (
                        f"fazla tablo: {', '.join(extra[:5])}" if extra else "",
                        f"eksik tablo: {', '.join(missing[:5])}" if missing else "",
                    )
                    if part
                )
                raise _refuse(path, f"şema {versions[0]} tablolarını tutmuyor ({detail})")
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
            # A copy of a database migrated before the mark existed gets it here.
            dst.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            dst.commit()
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
        keep = target.with_name(f"{target.name}{RESTORE_COPY_MARK}{stamp}")
        # Private from the first byte: created 0600 before SQLite writes into it.
        os.close(os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
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
    _prune_restore_copies(target)
    return tables


@dataclass(frozen=True)
class RestoreCopy:
    path: Path
    bytes: int
    at: datetime  # when the copy was made (its modification time)


def _restore_copies(target: Path) -> list[RestoreCopy]:
    found = [
        RestoreCopy(
            p, p.stat().st_size, datetime.fromtimestamp(p.stat().st_mtime, UTC).replace(tzinfo=UTC)
        )
        for p in target.parent.glob(f"{target.name}{RESTORE_COPY_MARK}*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal"))
    ]
    # The name carries the time (YYYYmmdd-HHMMSS): newest first.
    return sorted(found, key=lambda c: c.path.name, reverse=True)


def _prune_restore_copies(target: Path) -> list[Path]:
    """Keep the newest ``KEEP_RESTORE_COPIES`` copies; delete the older ones."""
    removed = []
    for old in _restore_copies(target)[KEEP_RESTORE_COPIES:]:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{old.path}{suffix}").unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def list_restore_copies(db: Database, actor: Actor) -> list[RestoreCopy]:
    """The ``.before-restore-*`` copies kept beside the SQLite file, newest first."""
    require(actor, Action.MANAGE_BACKUPS)
    return _restore_copies(_sqlite_path(db))
