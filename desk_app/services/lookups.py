"""Reference data the request form offers: channels, categories, directorates (active ones)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desk_app.db import Database
from desk_app.domain.text import sort_key
from desk_app.models import Category, Channel, Directorate, Mahalle
from desk_app.services.uow import read_only


@dataclass(frozen=True)
class ChannelOption:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class CategoryOption:
    id: int
    name: str
    directorate_id: int | None
    due_days: int


@dataclass(frozen=True)
class MahalleOption:
    id: int
    name: str
    served: bool


@dataclass(frozen=True)
class DirectorateOption:
    id: int
    name: str
    short: str
    due_days: int


def list_channels(db: Database) -> list[ChannelOption]:
    """Active channels in the admin's order (``sort_order``), then by Turkish name."""
    with read_only(db) as session:
        rows = session.execute(
            select(Channel.id, Channel.code, Channel.name, Channel.sort_order).where(
                Channel.active.is_(True)
            )
        ).all()
    ordered = sorted(rows, key=lambda r: (r.sort_order, sort_key(r.name), r.id))
    return [ChannelOption(id=r.id, code=r.code, name=r.name) for r in ordered]


def list_categories(db: Database) -> list[CategoryOption]:
    """Active categories in Turkish alphabetical order."""
    with read_only(db) as session:
        rows = session.execute(
            select(Category.id, Category.name, Category.directorate_id, Category.due_days).where(
                Category.active.is_(True)
            )
        ).all()
    ordered = sorted(rows, key=lambda r: (sort_key(r.name), r.id))
    return [
        CategoryOption(id=r.id, name=r.name, directorate_id=r.directorate_id, due_days=r.due_days)
        for r in ordered
    ]


def list_directorates(db: Database) -> list[DirectorateOption]:
    """Active directorates in Turkish alphabetical order."""
    with read_only(db) as session:
        rows = session.execute(
            select(Directorate.id, Directorate.name, Directorate.short, Directorate.due_days).where(
                Directorate.active.is_(True)
            )
        ).all()
    ordered = sorted(rows, key=lambda r: (sort_key(r.name), r.id))
    return [
        DirectorateOption(id=r.id, name=r.name, short=r.short, due_days=r.due_days) for r in ordered
    ]


def list_mahalleler(db: Database) -> list[MahalleOption]:
    """Active mahalleler (served or not) in Turkish alphabetical order (list filters)."""
    with read_only(db) as session:
        rows = session.execute(
            select(Mahalle.id, Mahalle.name, Mahalle.served).where(Mahalle.active.is_(True))
        ).all()
    ordered = sorted(rows, key=lambda r: (sort_key(r.name), r.id))
    return [MahalleOption(id=r.id, name=r.name, served=bool(r.served)) for r in ordered]
