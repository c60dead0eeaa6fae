"""The one place that finds shipped resources (works in a checkout, installed and frozen)."""

from __future__ import annotations

import contextlib
import os
import sys
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path


def frozen_root() -> Path | None:
    """The folder of a PyInstaller build (``_internal`` beside the executable), else None."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if getattr(sys, "frozen", False) and bundle else None


def _root() -> Traversable:
    bundle = frozen_root()
    if bundle is not None:
        # packaging/desk_app.spec copies resources/ to desk_app/resources in the bundle.
        return bundle / "desk_app" / "resources"
    try:
        return files("desk_app.resources")
    except ModuleNotFoundError:
        # A checkout on sys.path without an install: resources/ sits beside desk_app/.
        return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    """A shipped resource, e.g. ``resource("data", "channels.csv")``."""
    node = _root()
    for part in parts:
        node = node / part
    return node


def resource_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def resource_path(*parts: str) -> Path:
    """A real file system path (fonts for ReportLab, Qt translation files)."""
    with as_file(resource(*parts)) as path:
        return Path(path)


def migrations_dir() -> Path:
    """Alembic's script folder: env.py, script.py.mako and versions/ as files (Alembic loads
    them by path; a frozen build ships them as data beside its archive)."""
    bundle = frozen_root()
    if bundle is not None:
        return bundle / "desk_app" / "migrations"
    return Path(__file__).resolve().parent / "migrations"


# --- private files (KVKK: personal data readable by its user only) ---------------------------

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _owned(path: Path) -> bool:
    getuid = getattr(os, "getuid", None)
    return getuid is None or path.stat().st_uid == getuid()


def private_dir(folder: Path, *, tighten: bool = False) -> Path:
    """Create ``folder`` (and missing parents) readable by the user only (0700). An existing
    folder is tightened only when ``tighten`` (the app's own data folder), never a folder the
    user chose for something else. On Windows the user's profile folders already carry a
    user-only ACL (the user, SYSTEM and Administrators); modes do not apply there."""
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        for created in missing:
            os.chmod(created, PRIVATE_DIR_MODE)
        if tighten and _owned(folder):
            os.chmod(folder, PRIVATE_DIR_MODE)
    return folder


def private_file(path: Path) -> Path:
    """``path`` exists and is readable and writable by the user only (0600): created empty with
    that mode when missing (before anyone writes personal data into it), tightened when it
    is the user's own file with a wider mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    if os.name == "posix" and _owned(path) and path.stat().st_mode & 0o077:
        os.chmod(path, PRIVATE_FILE_MODE)
    return path


def private_sqlite(database: Path, *, own_folder: bool = False) -> Path:
    """The embedded database file, its WAL, shared memory and journal are 0600 (SQLite gives
    the WAL and the others the database file's mode when it creates them) in a folder made
    0700 when the app creates it (or when it is the app's own data folder)."""
    private_dir(database.parent, tighten=own_folder)
    private_file(database)
    for suffix in _SQLITE_COMPANIONS[1:]:
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            private_file(companion)
    return database
