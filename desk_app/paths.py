"""The one place that finds shipped resources (works in a checkout, installed and frozen)."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path


def _root() -> Traversable:
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
    return Path(__file__).resolve().parent / "migrations"
