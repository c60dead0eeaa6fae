"""The one place that finds shipped resources (works in a checkout, installed and frozen)."""

from __future__ import annotations

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
