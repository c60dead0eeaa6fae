"""Reference numbers per kind and year stay unique when many desks save at once."""

from __future__ import annotations

import multiprocessing as mp
import threading

import pytest

from desk_app.db import Database
from desk_app.domain.references import ReferenceKind, parse_reference
from desk_app.services.references import current_number, next_reference
from desk_app.services.uow import unit_of_work


def test_numbers_per_kind_and_year(db: Database) -> None:
    with unit_of_work(db) as s:
        refs = [next_reference(s, ReferenceKind.REQUEST, 2025) for _ in range(3)]
        refs.append(next_reference(s, ReferenceKind.APPLICATION, 2025))
        refs.append(next_reference(s, ReferenceKind.REQUEST, 2026))
    assert refs == [
        "GK-2025-000001",
        "GK-2025-000002",
        "GK-2025-000003",
        "HGB-2025-00001",
        "GK-2026-000001",
    ]


def test_a_rolled_back_use_case_gives_its_number_back(db: Database) -> None:
    with pytest.raises(RuntimeError), unit_of_work(db) as s:
        next_reference(s, ReferenceKind.REQUEST, 2025)
        raise RuntimeError("save failed")
    with unit_of_work(db) as s:
        assert next_reference(s, ReferenceKind.REQUEST, 2025) == "GK-2025-000001"


def _take(url: str, count: int, out: list[str] | None = None) -> list[str]:
    db = Database(url)
    got = []
    for _ in range(count):
        with unit_of_work(db) as s:
            got.append(next_reference(s, ReferenceKind.REQUEST, 2025))
    db.dispose()
    if out is not None:
        out.extend(got)
    return got


def test_concurrent_threads_get_unique_numbers(db: Database, db_url: str) -> None:
    results: list[str] = []
    threads = [threading.Thread(target=_take, args=(db_url, 25, results)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = sorted(parse_reference(r)[2] for r in results)  # type: ignore[index]
    assert numbers == list(range(1, 151))
    with unit_of_work(db) as s:
        assert current_number(s, ReferenceKind.REQUEST, 2025) == 150


def test_concurrent_processes_get_unique_numbers(db: Database, db_url: str) -> None:
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        batches = pool.starmap(_take, [(db_url, 20)] * 4)
    everything = [r for batch in batches for r in batch]
    assert len(set(everything)) == 80
    assert sorted(parse_reference(r)[2] for r in everything) == list(range(1, 81))  # type: ignore[index]
