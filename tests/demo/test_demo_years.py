"""The multi-year demo (``generate_years``) on a small scale: per-year volumes, citizen pool,
search objects, references, delivery capacities, and the bulk path's end state equal to the
plain Core-insert path (same rows, same schema objects, same search results)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desk_app.cli import main
from desk_app.db import Database
from desk_app.demo import INSERT_ORDER
from desk_app.demo.scale import DemoYearsSummary, generate_years, year_volumes
from desk_app.domain.text import fold
from desk_app.services import requests as requests_service
from desk_app.services.admin import auth
from desk_app.services.citizens.records import _phone_reversed
from desk_app.services.citizens.search import search_citizens
from desk_app.services.context import Actor
from desk_app.services.requests import RequestFilter

PG_URL = os.environ.get("DESK_APP_TEST_PG")
TODAY = date(2026, 3, 1)
YEARS = (2024, 2025)
SCALE = 0.02  # about 3,700 requests a year
CITIZENS = 6000
SEED = 5


def _fresh_url(template: str, directory: Path, name: str) -> tuple[str, Callable[[], None]]:
    """A migrated database of our own (module scope cannot use the db_factory fixture)."""
    if PG_URL:
        admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
        db_name = f"desk_years_{os.getpid()}_{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{db_name}" TEMPLATE "{template}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()

        url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
        return url, drop
    path = directory / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}", lambda: None


def _admin(db: Database) -> Actor:
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    return auth.login(db, "admin", "yonetici-parola")


Loaded = tuple[Database, Actor, DemoYearsSummary]


def _load(template: str, directory: Path, name: str, *, bulk: bool) -> Iterator[Loaded]:
    url, drop = _fresh_url(template, directory, name)
    db = Database(url)
    actor = _admin(db)
    summary = generate_years(
        db, actor, first_year=YEARS[0], last_year=YEARS[1], citizens=CITIZENS, seed=SEED,
        today=TODAY, scale=SCALE, bulk=bulk,
    )  # fmt: skip
    yield db, actor, summary
    db.dispose()
    drop()


@pytest.fixture(scope="module")
def bulk(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    yield from _load(_template, tmp_path_factory.mktemp("years"), "bulk", bulk=True)


@pytest.fixture(scope="module")
def plain(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    yield from _load(_template, tmp_path_factory.mktemp("years"), "plain", bulk=False)


def _rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.read_session() as s:
        return [tuple(r) for r in s.execute(text(sql), params).all()]


def _year(value: Any) -> int:
    return int(str(value)[:4])


# --- volumes ------------------------------------------------------------------------------
def test_every_year_has_its_channel_volumes(bulk: Loaded) -> None:
    db, _, summary = bulk
    counts: dict[int, dict[str, int]] = {}
    for code, created, n in _rows(
        db,
        "SELECT c.code, substr(CAST(r.reference AS VARCHAR(20)), 4, 4), COUNT(*) FROM request r "
        "JOIN channel c ON c.id = r.channel_id GROUP BY c.code, 2",
    ):
        counts.setdefault(int(created), {})[code] = n
    for year in YEARS:
        requests, quick = year_volumes(year, SCALE)
        expected = {k: v for k, v in requests.items() if v}
        expected["CALL_153"] += quick
        assert counts[year] == expected, year
        assert summary.requests_by_year[year] == expected
    assert summary.requests == sum(sum(c.values()) for c in counts.values())
    # 1,350 sets a year are delivered whatever the scale.
    assert summary.delivered_sets == 1350 * len(YEARS)
    assert summary.applications_by_status["DELIVERED"] == 1350 * len(YEARS)


def test_phone_answers_are_closed_with_two_events(bulk: Loaded) -> None:
    db, _, _ = bulk
    rows = _rows(
        db,
        "SELECT r.status, r.informed_via, COUNT(e.id), MIN(e.kind), MAX(e.kind) FROM request r "
        "JOIN channel c ON c.id = r.channel_id LEFT JOIN request_event e ON e.request_id = r.id "
        "WHERE c.code = 'CALL_153' AND r.description LIKE '153 Çağrı Merkezi%' "
        "GROUP BY r.id, r.status, r.informed_via",
    )
    assert len(rows) > 5000
    assert {r[:5] for r in rows} == {("CLOSED", "phone", 2, "ANSWER", "STATUS")}


def test_citizen_pool_has_the_asked_size_and_anonymous_requests_remain(bulk: Loaded) -> None:
    db, _, summary = bulk
    assert summary.citizens == CITIZENS == _rows(db, "SELECT COUNT(*) FROM citizen")[0][0]
    anonymous, total = _rows(
        db, "SELECT SUM(CASE WHEN citizen_id IS NULL THEN 1 ELSE 0 END), COUNT(*) FROM request"
    )[0]
    assert 0.15 < anonymous / total < 0.35


def test_citizens_carry_the_derived_search_columns(bulk: Loaded) -> None:
    db, _, _ = bulk
    rows = _rows(
        db,
        "SELECT first_name, last_name, name_folded, last_name_folded, phone_e164, "
        "phone_reversed FROM citizen",
    )
    for first, last, folded, last_folded, phone, reversed_ in rows:
        assert folded == fold(f"{first} {last}")
        assert last_folded == fold(last)
        assert reversed_ == _phone_reversed(phone)


def test_search_finds_a_generated_citizen_by_name_and_phone_suffix(bulk: Loaded) -> None:
    db, actor, _ = bulk
    rows = _rows(
        db,
        "SELECT id, first_name, last_name, phone_e164 FROM citizen "
        "WHERE phone_e164 IS NOT NULL AND LENGTH(last_name) >= 5 ORDER BY id DESC LIMIT 3",
    )
    for citizen_id, first, last, phone in rows:
        by_name = search_citizens(db, actor, f"{first} {last}", limit=200)
        assert citizen_id in {h.citizen_id for h in by_name}
        by_phone = search_citizens(db, actor, phone[-7:], limit=200)
        assert citizen_id in {h.citizen_id for h in by_phone}
        # Substring of the last name: the trigram index (FTS5 / pg_trgm).
        middle = search_citizens(db, actor, f"{first} {last[1:]}", limit=200)
        assert citizen_id in {h.citizen_id for h in middle}


# --- consistency --------------------------------------------------------------------------
@pytest.mark.parametrize(("table", "kind"), [("request", "GK"), ("babyset_application", "HGB")])
def test_references_are_unique_and_continuous_per_year(bulk: Loaded, table: str, kind: str) -> None:
    db, _, _ = bulk
    numbers: dict[int, list[int]] = {}
    for (reference,) in _rows(db, f"SELECT reference FROM {table} ORDER BY id"):
        _, year, number = reference.split("-")
        numbers.setdefault(int(year), []).append(int(number))
    counters = dict(
        _rows(db, "SELECT year, last_value FROM reference_counter WHERE kind = :k", k=kind)
    )
    assert sorted(numbers) == list(YEARS)
    for year, values in numbers.items():
        assert values == list(range(1, len(values) + 1)), year  # in id order, no gap
        assert counters[year] == len(values)


def test_team_days_and_slots_count_their_live_deliveries(bulk: Loaded) -> None:
    db, _, _ = bulk
    for table, column in (("team_day", "team_day_id"), ("pickup_slot", "pickup_slot_id")):
        rows = _rows(
            db,
            f"SELECT t.id, t.booked, SUM(CASE WHEN d.status <> 'CANCELLED' THEN 1 ELSE 0 END) "
            f"FROM {table} t LEFT JOIN delivery d ON d.{column} = t.id GROUP BY t.id, t.booked",
        )
        assert rows
        assert all(booked == (live or 0) for _, booked, live in rows), table
    days = _rows(db, "SELECT day FROM team_day")
    assert {_year(d) for (d,) in days} >= set(YEARS)
    assert _rows(db, "SELECT COUNT(*) FROM set_edition WHERE active")[0][0] == 1


# --- the bulk path equals the plain path (and so is deterministic) ------------------------
_SKIP_COLUMNS = {"app_user": "password_hash"}


def test_bulk_load_writes_the_same_rows_as_plain_inserts(bulk: Loaded, plain: Loaded) -> None:
    fast, _, fast_summary = bulk
    slow, _, slow_summary = plain
    for field in ("citizens", "requests", "requests_by_year", "applications_by_status", "rows"):
        assert getattr(fast_summary, field) == getattr(slow_summary, field), field
    for table in (*INSERT_ORDER, "reference_counter"):
        order = "kind, year" if table == "reference_counter" else "id"
        sql = f"SELECT * FROM {table} ORDER BY {order}"
        assert _rows(fast, sql) == _rows(slow, sql), table


def test_bulk_load_leaves_the_same_schema_objects_and_search_index(
    bulk: Loaded, plain: Loaded
) -> None:
    fast, _, _ = bulk
    slow, _, _ = plain
    if fast.url.get_backend_name() == "sqlite":
        schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        assert _rows(fast, schema) == _rows(slow, schema)
        with fast.session() as s:  # raises if the FTS index differs from citizen.name_folded
            s.execute(
                text(
                    "INSERT INTO search_citizen_fts(search_citizen_fts) VALUES ('integrity-check')"
                )
            )
            s.commit()
        for word in ("Yılmaz", "Mehmet", "Ayşe", "Özdemir", "met Yıl"):
            sql = (
                "SELECT rowid FROM search_citizen_fts WHERE search_citizen_fts MATCH :w "
                "ORDER BY rowid"
            )
            hits = _rows(fast, sql, w=f'"{fold(word)}"')
            assert hits == _rows(slow, sql, w=f'"{fold(word)}"')
            assert hits or word == "met Yıl"
    else:
        indexes = (
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() ORDER BY tablename, indexname"
        )
        assert _rows(fast, indexes) == _rows(slow, indexes)
        constraints = (
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
            "ORDER BY 1, 2"
        )
        assert _rows(fast, constraints) == _rows(slow, constraints)
        for word in ("Yılmaz", "Mehmet"):
            sql = "SELECT id FROM citizen WHERE name_folded LIKE :w ORDER BY id"
            assert _rows(fast, sql, w=f"%{fold(word)}%") == _rows(slow, sql, w=f"%{fold(word)}%")


def test_generated_requests_are_found_by_a_word_of_their_subject(
    bulk: Loaded, plain: Loaded
) -> None:
    """Both load paths fill the folded subject and its index (revision word01): the request
    list's word filter finds what the subjects hold, through the index and by the walk."""
    for db, actor, _ in (bulk, plain):
        rows = _rows(db, "SELECT id, subject, subject_folded FROM request")
        assert rows and all(key == fold(subject) for _, subject, key in rows)
        if db.url.get_backend_name() == "sqlite":
            with db.session() as s:  # raises if the FTS index differs from subject_folded
                s.execute(
                    text(
                        "INSERT INTO search_request_fts(search_request_fts) "
                        "VALUES ('integrity-check')"
                    )
                )
                s.commit()
        counts: dict[str, int] = {}
        for _, subject, _ in rows:
            for word in set(fold(subject).split()):
                counts[word] = counts.get(word, 0) + 1
        rare = min((w for w in counts if len(w) >= 5), key=lambda w: (counts[w], w))
        common = max(counts, key=lambda w: (counts[w], w))
        for word in (rare, common, rare.upper(), rare[1:-1]):
            expected = sorted(i for i, _, key in rows if fold(word) in key)
            f = RequestFilter(text=word)
            assert requests_service.count_requests(db, actor, f) == len(expected), word
            if len(expected) <= 1000:
                found = requests_service.list_requests(db, actor, f, 0, 1000)
                assert sorted(r.id for r in found) == expected, word


# --- command line ---------------------------------------------------------------------------
def test_cli_refuses_citizens_without_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--db", str(tmp_path / "x.sqlite3"), "--citizens", "10", "--json"])
    assert code == 2
    assert "--years" in capsys.readouterr().out


def test_cli_refuses_a_bad_year_span(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["demo", "--db", str(tmp_path / "x.sqlite3"), "--years", "2025-2016", "--json"])
    assert code == 2
