"""A word of a request's subject found through revision word01's index (SQLite FTS5 trigrams,
PostgreSQL pg_trgm on ``request.subject_folded``): the same rows as the scan that folds the
subject in the query (Turkish I/ı, İ/i), for rare words read through the index and common ones
walked in list order, for subjects edited after creation, and after the revision is applied
to requests that were already there."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, cast

import pytest
from alembic import command
from sqlalchemy import Table, func, insert, select, text, update

from desk_app.db import Database
from desk_app.domain.text import fold
from desk_app.models import Category, Request
from desk_app.services import requests as rq
from desk_app.services.context import Actor
from desk_app.services.requests import query
from desk_app.services.requests.query import RequestFilter, folded_contains
from desk_app.services.requests.records import RequestInput
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person

TRT = timezone(timedelta(hours=3))
NOW = datetime(2025, 3, 5, 10, 0, tzinfo=TRT)

SUBJECTS = (
    "IRMAK KENARINDA ÇÖP BİRİKTİ",
    "Irmak kenarı aydınlatması",
    "İZMİR CADDESİ MERDİVENİ KIRIK",
    "izmir caddesi merdiveni kırık",
    "Işıklandırma arızası",
    "ışık direği eğildi",
    "Sokak lambası yanmıyor",
    "İmar durumu soruldu",
    "Su kesintisi %50_basınç",
    'Tabela "DUR" yazısı silindi',
    "Gürültü şikâyeti",
    "KÜÇÜK ÇOCUK PARKI ÖNÜNDE ÇUKUR",
)

# Each a word a desk types: Turkish case pairs, words across spaces, LIKE and FTS5 syntax.
WORDS = (
    "ırmak",
    "IRMAK",
    "irmak",  # I is ı in Turkish: never found
    "İzmir",
    "IZMIR",  # the same: ı, not i
    "izmir caddesi",
    "MERDİVENİ",
    "merdıvenı",
    "ışık",
    "IŞIK",
    "isik",
    "çöp",
    "ÇUKUR",
    "%50_",
    "50_b",
    '"dur"',
    "dur",
    "kâ",
    "şikâyet",
    "ark",
    "la",  # short: folded in the query
    "I",
    "lamba OR ışık",
    "NEAR(su",
)


def _create(db: Database, actor: Actor, subject: str, at: datetime) -> int:
    with read_only(db) as s:
        category = s.scalar(select(Category.id).where(Category.name == "Yol ve kaldırım onarımı"))
    data = RequestInput(citizen_id=None, category_id=category, subject=subject)
    return rq.create_request(db, actor, data, now=at).id


def _scan(db: Database, word: str) -> list[int]:
    """The filter as it was before the index: the subject folded in the query, every row
    read; newest first."""
    needle = fold(word)
    with read_only(db) as s:
        cond = folded_contains(Request.subject, needle, s.get_bind().dialect.name)
        order = (Request.created_at.desc(), Request.id.desc())
        return list(s.scalars(select(Request.id).where(cond).order_by(*order)))


def _found(db: Database, actor: Actor, word: str) -> list[int]:
    f = RequestFilter(text=word)
    rows = rq.list_requests(as_person(db, actor), actor, f, 0, 1000)
    assert rq.count_requests(as_person(db, actor), actor, f) == len(rows), word
    return [r.id for r in rows]


def _paged(db: Database, actor: Actor, word: str) -> list[int]:
    """The same list read as the table reads it: the count (with checkpoints when it is slow
    to skip), pages after a row, by offset and from the end."""
    f = RequestFilter(text=word)
    person = as_person(db, actor)
    total, marks = rq.count_requests_marked(person, actor, f, 2)
    after: list[int] = []
    key = None
    while page := rq.list_requests_after(person, actor, f, key, 3):
        after += [r.id for r in page]
        key = (page[-1].created_at, page[-1].id)
    assert len(after) == total, word
    for k, mark in enumerate(marks):
        page = rq.list_requests_after(person, actor, f, mark, 2)
        assert [r.id for r in page] == after[(k + 1) * 2 : (k + 2) * 2], (word, k)
    for offset in range(0, total, 2):
        page = rq.list_requests(person, actor, f, offset, 2)
        assert [r.id for r in page] == after[offset : offset + 2], (word, offset)
        end = rq.list_requests_from_end(person, actor, f, offset, 2)
        assert [r.id for r in end] == after[max(0, total - offset - 2) : total - offset], word
    return after


@pytest.fixture
def subjects(db: Database, clerk: Actor) -> dict[int, str]:
    """Each subject three times, a day apart (ties in the list order included)."""
    ids: dict[int, str] = {}
    for copy in range(3):
        for n, subject in enumerate(SUBJECTS):
            at = NOW - timedelta(days=copy, minutes=n % 4)
            ids[_create(as_person(db, clerk), clerk, subject, at)] = subject
    return ids


@pytest.mark.parametrize("rare", [True, False], ids=["read through the index", "walked"])
def test_a_word_is_found_where_the_scan_found_it(
    db: Database,
    clerk: Actor,
    subjects: dict[int, str],
    rare: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not rare:  # every word counts as common: the list is walked in order
        monkeypatch.setattr(query, "FEW_WORD_ROWS", -1)
    served = 0
    for word in WORDS:
        expected = _scan(db, word)
        assert _found(db, clerk, word) == expected, word
        assert _paged(db, clerk, word) == expected, word
        assert {subjects[i] for i in expected} == {s for s in SUBJECTS if fold(word) in fold(s)}, (
            word
        )
        with read_only(db) as s:
            indexed = query._indexed_word(s, fold(word))
            slow = query._slow_to_skip(s, RequestFilter(text=word))
        assert indexed == (rare and len(fold(word)) >= 3), word
        assert slow == (not indexed), word  # the index serves: no "slow", no checkpoints
        served += indexed
    assert served >= 15 if rare else served == 0
    assert len(_found(db, clerk, "ırmak")) == 6
    assert _found(db, clerk, "irmak") == []
    assert _found(db, clerk, "İZMİR") == _found(db, clerk, "izmir") != []
    assert _found(db, clerk, "IŞIK") == _found(db, clerk, "ışık") != []
    assert _found(db, clerk, "IZMIR") == []


def test_the_index_drives_a_rare_word(db: Database, clerk: Actor, subjects: dict[int, str]) -> None:
    """A rare word's page is read from the index, not by reading every row (PostgreSQL: the
    filter's condition can be answered by the trigram index; its planner reads a table this
    small whole unless told not to)."""
    with read_only(db) as s:
        conds = query._conditions(
            s, clerk, RequestFilter(text="merdiveni"), NOW.date(), NOW, for_page=True
        )
        stmt = select(Request.id).where(*conds)
        if db.is_sqlite:
            stmt = stmt.order_by(Request.created_at.desc()).limit(5)
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            s.execute(text("SET LOCAL enable_indexscan = off"))
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN" if db.is_sqlite else "EXPLAIN"
        rows = s.connection().exec_driver_sql(f"{explain} {compiled}")
        plan = " ".join(str(r[-1]) for r in rows)
    assert ("search_request_fts" if db.is_sqlite else "search_request_subject_trgm") in plan, plan
    if db.is_sqlite:
        assert "SCAN request" not in plan, plan


def test_a_subject_changed_after_creation_is_found_by_its_new_words(
    db: Database, clerk: Actor
) -> None:
    first = _create(as_person(db, clerk), clerk, "Kaldırım taşları kırık", NOW)
    other = _create(as_person(db, clerk), clerk, "Kaldırım rampası yok", NOW)
    with unit_of_work(db) as s:  # a change through the ORM
        req = s.get(Request, first)
        assert req is not None
        req.subject = "IŞIKLI TABELA DÜŞTÜ"
    assert _found(db, clerk, "taşları") == []
    assert _found(db, clerk, "kaldırım") == [other]
    assert _found(db, clerk, "ışıklı") == _found(db, clerk, "tabela düştü") == [first]
    with unit_of_work(db) as s:  # a Core UPDATE that sets the key itself
        s.execute(
            update(Request)
            .where(Request.id == other)
            .values(subject="İNŞAAT MOLOZU", subject_folded=fold("İNŞAAT MOLOZU"))
        )
    assert _found(db, clerk, "kaldırım") == []
    assert _found(db, clerk, "inşaat") == [other]
    with read_only(db) as s:
        keys = {i: k for i, k in s.execute(select(Request.id, Request.subject_folded))}
    assert keys == {first: "ışıklı tabela düştü", other: "inşaat molozu"}


def test_core_inserts_get_the_folded_subject(db: Database, clerk: Actor) -> None:
    """Rows inserted with Core without the key (as tests and benchmarks do) get it from the
    column's default."""
    with read_only(db) as s:
        channel = s.scalar(text("SELECT id FROM channel WHERE code = 'DESK'"))
    rows: list[dict[str, Any]] = [
        {
            "reference": f"GK-2025-00010{n}",
            "channel_id": channel,
            "subject": subject,
            "description": "",
            "status": "NEW",
            "due_date": NOW.date(),
            "created_at": NOW + timedelta(minutes=n),
            "updated_at": NOW,
            "version": 1,
        }
        for n, subject in enumerate(("ÇİMENLİK SULANMADI", "Işıksız köprü altı"))
    ]
    with unit_of_work(db) as s:
        s.execute(insert(cast(Table, Request.__table__)), rows)  # Core, not the ORM
    with read_only(db) as s:
        folded = sorted(s.scalars(select(Request.subject_folded)))
    assert folded == ["çimenlik sulanmadı", "ışıksız köprü altı"]
    assert len(_found(db, clerk, "ÇİMENLİK")) == len(_found(db, clerk, "IŞIKSIZ")) == 1


def test_the_revision_fills_the_key_of_existing_requests_and_goes_back(
    db: Database, clerk: Actor, subjects: dict[int, str]
) -> None:
    before = {word: _scan(db, word) for word in WORDS}
    cfg = db._alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "srch02")
        conn.commit()
    with db.engine.connect() as conn:
        columns = {c["name"] for c in _inspect_columns(conn)}
        assert "subject_folded" not in columns
        if db.is_sqlite:
            left = conn.execute(
                text("SELECT name FROM sqlite_master WHERE name LIKE 'search_request%'")
            ).all()
            assert left == []
    assert db.upgrade().up_to_date
    with read_only(db) as s:
        pairs = s.execute(select(Request.subject, Request.subject_folded)).all()
        assert pairs and all(key == fold(subject) for subject, key in pairs)
        if db.is_sqlite:  # raises if the FTS index differs from request.subject_folded
            s.execute(
                text(
                    "INSERT INTO search_request_fts(search_request_fts) VALUES ('integrity-check')"
                )
            )
        assert s.scalar(select(func.count()).select_from(Request)) == len(subjects)
    for word, expected in before.items():
        assert _found(db, clerk, word) == expected, word


def _inspect_columns(conn: Any) -> list[dict[str, Any]]:
    from sqlalchemy import inspect

    return list(inspect(conn).get_columns("request"))
