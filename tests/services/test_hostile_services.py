"""Hostile and broken input through the services, on one database per test (SQLite, and
PostgreSQL in CI): the citizen search box, the request and application list filters, creating
citizens and requests, importing a web export and scanning a slip. Nothing crashes, a refusal
is a DomainError naming its field, and nothing is written when the input is refused; quotes,
``%``, ``_`` and SQL fragments are searched for literally."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import DomainError, ValidationError
from desk_app.models import (
    Address,
    AuditLog,
    BabySetApplication,
    Citizen,
    Directorate,
    Request,
    RequestEvent,
)
from desk_app.services.applications.importer import import_applications
from desk_app.services.applications.query import ApplicationFilter, count_applications
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.citizens.search import search_citizens
from desk_app.services.context import Actor
from desk_app.services.delivery.slips import lookup_slip
from desk_app.services.filters import MAX_FILTER_LENGTH
from desk_app.services.requests.query import RequestFilter, count_requests, list_requests
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import read_only
from tests.domain.hostile import hostile_text
from tests.people import as_person

DB_HYPO = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WRITTEN = (Citizen, Address, Request, RequestEvent, BabySetApplication, AuditLog)
INJECTIONS = ["%", "_", "%%", "' OR 1=1 --", "' OR '1'='1", "\\", "'; DROP TABLE citizen; --"]


def _counts(db: Database) -> dict[str, int]:
    with read_only(db) as s:
        return {
            m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in WRITTEN
        }


def _seed(db: Database, actor: Actor) -> int:
    create_citizen(db, actor, CitizenInput("Ayşe", "Yılmaz", phone="0532 123 45 67"))
    create_citizen(db, actor, CitizenInput("Mehmet", "Öztürk", tc_kimlik_no="10000000146"))
    with read_only(db) as s:
        directorate = s.scalar(select(Directorate.id).limit(1))
    assert directorate is not None
    create_request(db, actor, RequestInput(None, "WHATSAPP", None, directorate, "Çöp alınmadı"))
    return directorate


def test_wildcards_and_sql_fragments_match_literally(db: Database, clerk: Actor) -> None:
    _seed(as_person(db, clerk), clerk)
    before = _counts(db)
    for text in INJECTIONS:
        assert search_citizens(as_person(db, clerk), clerk, text) == [], text
        assert count_requests(as_person(db, clerk), clerk, RequestFilter(text=text)) == 0, text
        assert count_applications(as_person(db, clerk), clerk, ApplicationFilter(text=text)) == 0, (
            text
        )
    assert _counts(db) == before
    assert [h.full_name for h in search_citizens(as_person(db, clerk), clerk, "yılmaz")] == [
        "Ayşe Yılmaz"
    ]


@DB_HYPO
@given(text=hostile_text)
@example(text="\x00")
@example(text="a" * 10_000)
@example(text="\u202eZAMLIY")
@example(text="👶🏽%_")
@example(text="\ud800")
def test_searches_and_list_filters_never_crash(db: Database, clerk: Actor, text: str) -> None:
    if len(text) > MAX_FILTER_LENGTH:
        # Too long for a filter box: the lists refuse it with a message, never a crash.
        assert isinstance(search_citizens(as_person(db, clerk), clerk, text), list)
        for call in (
            lambda: count_requests(as_person(db, clerk), clerk, RequestFilter(text=text)),
            lambda: count_applications(as_person(db, clerk), clerk, ApplicationFilter(text=text)),
        ):
            with pytest.raises(ValidationError, match="en fazla"):
                call()
        return
    hits = search_citizens(as_person(db, clerk), clerk, text)
    assert isinstance(hits, list)
    assert count_requests(as_person(db, clerk), clerk, RequestFilter(text=text)) >= 0
    assert isinstance(
        list_requests(as_person(db, clerk), clerk, RequestFilter(text=text), 0, 20), list
    )
    assert count_applications(as_person(db, clerk), clerk, ApplicationFilter(text=text)) >= 0


def test_application_filter_with_a_lone_surrogate(db: Database, clerk: Actor) -> None:
    assert count_applications(as_person(db, clerk), clerk, ApplicationFilter(text="'\ud800")) == 0


@DB_HYPO
@given(
    first=hostile_text,
    last=hostile_text,
    tc=hostile_text,
    phone=hostile_text,
    street=hostile_text,
    notes=hostile_text,
)
@example(
    first="Ayşe'; DROP TABLE citizen; --",
    last="Kaya",
    tc="",
    phone="0532 765 43 21",
    street="",
    notes="",
)
@example(first="Elif", last="Su\x00", tc="", phone="0532 765 43 22", street="", notes="")
@example(first="Elif", last="Su", tc="", phone="0532 765 43 24", street="", notes="a\x00\ud800b")
def test_citizen_create(
    db: Database,
    clerk: Actor,
    first: str,
    last: str,
    tc: str,
    phone: str,
    street: str,
    notes: str,
) -> None:
    data = CitizenInput(
        first,
        last,
        tc_kimlik_no=tc,
        phone=phone,
        mahalle="Ulukavak" if street else "",
        street=street,
        building_no="3" if street else "",
        notes=notes,
    )
    before = _counts(db)
    try:
        view = create_citizen(as_person(db, clerk), clerk, data)
    except DomainError as exc:
        assert exc.field, repr(exc)
        assert _counts(db) == before  # nothing written on refusal
    else:
        with read_only(db) as s:
            stored = s.get(Citizen, view.id)
            assert stored is not None
            assert "\x00" not in stored.first_name + stored.last_name + (stored.notes or "")


@DB_HYPO
@given(subject=hostile_text, description=hostile_text, citizen=st.sampled_from([None, 1, 10**9]))
@example(subject="' OR 1=1 --", description="\x00" * 10, citizen=None)
@example(subject="x" * 10_000, description="", citizen=None)
def test_request_create(
    db: Database, clerk: Actor, subject: str, description: str, citizen: int | None
) -> None:
    with read_only(db) as s:
        directorate = s.scalar(select(Directorate.id).limit(1))
    before = _counts(db)
    data = RequestInput(citizen, "WHATSAPP", None, directorate, subject, description)
    try:
        detail = create_request(as_person(db, clerk), clerk, data)
    except DomainError as exc:
        assert isinstance(exc, ValidationError) and exc.field, repr(exc)
        assert _counts(db) == before
    else:
        assert detail.subject and "\x00" not in detail.subject + detail.description


HEADER = [
    "Başvuru No",
    "Başvuru Tarihi",
    "Veli T.C. Kimlik No",
    "Veli Adı",
    "Veli Soyadı",
    "Cep Telefonu",
    "Mahalle",
    "Cadde/Sokak",
    "Bina No",
    "Daire No",
    "Bebek Adı",
    "Bebek Soyadı",
    "Bebek Doğum Tarihi",
    "Bebek T.C. Kimlik No",
    "Aydınlatma Metni Onayı",
]
GOOD = [
    "W-2025-{n:06d}",
    "10.06.2025",
    "10000000146",
    "Ayşe",
    "Yılmaz",
    "0532 123 45 67",
    "Ulukavak",
    "Gazi Cad.",
    "5",
    "",
    "Elif",
    "Yılmaz",
    "01.06.2025",
    "",
    "Evet",
]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(
        st.tuples(
            st.integers(0, len(HEADER) - 1), hostile_text.filter(lambda t: "\ud800" not in t)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_import_of_hostile_rows(
    db: Database, clerk: Actor, tmp_path: Path, cells: list[tuple[int, str]]
) -> None:
    with read_only(db) as s:
        n = int(s.scalar(select(func.count()).select_from(BabySetApplication)) or 0) + 1
    row = [c.format(n=n) for c in GOOD]
    for column, text in cells:
        row[column] = text
    path = tmp_path / f"hostile_{n}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADER)
        out.writerow(row)
    before = _counts(db)
    try:
        report = import_applications(as_person(db, clerk), clerk, path)
    except DomainError as exc:  # the file as a whole cannot be used (e.g. the header broke)
        assert exc.message
        assert _counts(db) == before
        return
    if report.imported == 0:
        assert report.errors or report.skipped_existing or report.notes
        for error in report.errors:
            assert error.message
            assert error.column in HEADER or error.column == "", error
        assert _counts(db)["babyset_application"] == before["babyset_application"]
    else:
        assert _counts(db)["babyset_application"] == before["babyset_application"] + 1


@DB_HYPO
@given(text=hostile_text)
@example(text="HGB1|1|1|' OR 1=1 --")
@example(text="\x00" * 100)
def test_scanned_slip(db: Database, clerk: Actor, text: str) -> None:
    before = _counts(db)
    try:
        result = lookup_slip(as_person(db, clerk), clerk, text)
    except DomainError as exc:
        assert exc.field, repr(exc)
    else:
        assert result is not None
    assert _counts(db)["babyset_application"] == before["babyset_application"]


@pytest.mark.parametrize("text", ["\ud800", "a\ud800b"])
def test_lone_surrogates_are_refused_or_dropped(db: Database, clerk: Actor, text: str) -> None:
    before = _counts(db)
    try:
        create_citizen(
            as_person(db, clerk), clerk, CitizenInput(text, "Kaya", phone="0532 765 43 23")
        )
    except DomainError as exc:
        assert exc.field == "ad"
        assert _counts(db) == before
