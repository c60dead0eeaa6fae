"""Desks cannot read a full T.C. Kimlik No column with their own login (column privileges), yet
find a citizen by an exact number and get every duplicate check (citizen form, application form,
import) through the functions of revision tc01; supervisors read the number whole.

Everything here runs as the people: raw psycopg connections with their credentials for the
privileges, and the application's services over each person's own Database for the work."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.pg_roles import TC_COLUMNS
from desk_app.services.applications import find_duplicates, register_application
from desk_app.services.applications.importer import import_applications
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import (
    DuplicateCitizen,
    create_citizen,
    find_similar,
    get_citizen_card,
    update_citizen,
)
from desk_app.services.citizens.search import search_citizens
from tests.conftest import person_db
from tests.security.conftest import Connect, Person
from tests.services.applications.test_applications import NOW, app_input, parent
from tests.services.applications.test_importer import SAMPLE, row, write_csv

DESK, SUPERVISOR, ADMIN = Role.DESK, Role.SUPERVISOR, Role.ADMIN


@pytest.fixture
def as_person(pg_db: Database, people: dict[Role, Person]) -> Iterator[object]:
    """``as_person(role)``: (the person's own Database, their actor)."""
    opened: list[Database] = []

    def make(role: Role) -> tuple[Database, object]:
        person = people[role]
        db = person_db(pg_db, person.name, person.password)
        opened.append(db)
        return db, person.actor

    yield make
    for db in opened:
        db.dispose()


def _input(tc: str, **kw: str) -> CitizenInput:
    values = {
        "first_name": "Şule",
        "last_name": "Işık",
        "tc_kimlik_no": tc,
        "phone": "0532 111 22 33",
        "mahalle": "Ulukavak",
        "street": "Mimar Sinan Cad.",
        "building_no": "14",
    }
    values.update(kw)
    return CitizenInput(**values)


def _has_column_select(conn, table: str, column: str) -> bool:  # type: ignore[no-untyped-def]
    got = conn.execute("SELECT has_column_privilege(%s, %s, 'SELECT')", (table, column))
    return bool(got.fetchone()[0])


def _one(cursor: psycopg.Cursor[tuple[object, ...]]) -> object:
    row = cursor.fetchone()
    assert row is not None
    return row[0]


def test_only_the_tc_columns_lack_column_select_for_desks(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    assert TC_COLUMNS["citizen"] == ("tc_kimlik_no",)
    for table, hidden in TC_COLUMNS.items():
        desk = connect(people[DESK])
        columns = [
            r[0]
            for r in desk.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attnum > 0 AND NOT attisdropped",
                (table,),
            )
        ]
        assert set(hidden) <= set(columns)
        # Desks: every column but the numbers (so a new column is readable without a new line).
        for column in columns:
            assert _has_column_select(desk, table, column) is (column not in hidden), column
        assert not _one(desk.execute("SELECT has_table_privilege(%s, 'SELECT')", (table,)))
        for role in (SUPERVISOR, ADMIN):
            conn = connect(people[role])
            assert _one(conn.execute("SELECT has_table_privilege(%s, 'SELECT')", (table,)))


def test_a_desk_finds_by_exact_tc_sees_it_masked_and_keeps_it_on_save(as_person) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    sup_db, supervisor = as_person(SUPERVISOR)
    tc = generate_tckn(random.Random(1401))
    view = create_citizen(desk_db, desk, _input(tc))

    hits = search_citizens(desk_db, desk, tc)
    assert [(h.citizen_id, h.matched_by, h.tc_masked) for h in hits] == [
        (view.id, "tc", mask_tckn(tc))
    ]
    assert [h.tc_masked for h in search_citizens(desk_db, desk, "Şule Işık")] == [mask_tckn(tc)]
    assert [h.tc_masked for h in search_citizens(sup_db, supervisor, tc)] == [tc]

    card = get_citizen_card(desk_db, desk, view.id)
    assert card.citizen.tc_kimlik_no == mask_tckn(tc)
    edited = replace(_input(card.citizen.tc_kimlik_no or ""), phone="0533 444 55 66")
    update_citizen(desk_db, desk, view.id, card.citizen.version, edited)
    after = get_citizen_card(sup_db, supervisor, view.id).citizen
    assert (after.tc_kimlik_no, after.phone_e164) == (tc, "+905334445566")


def test_the_citizen_forms_duplicate_checks_fire_for_a_desk(as_person) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    rng = random.Random(1402)
    tc, other_tc = generate_tckn(rng), generate_tckn(rng)
    first = create_citizen(desk_db, desk, _input(tc))
    similar = find_similar(desk_db, desk, _input(tc, first_name="Başka", phone=""))
    assert [(h.citizen_id, h.matched_by, h.tc_masked) for h in similar] == [
        (first.id, "tc", mask_tckn(tc))
    ]
    with pytest.raises(DuplicateCitizen) as dup:
        create_citizen(desk_db, desk, _input(tc, first_name="Başka"))
    assert dup.value.existing.citizen_id == first.id
    second = create_citizen(desk_db, desk, _input(other_tc, first_name="Ayla"))
    with pytest.raises(DuplicateCitizen) as dup:
        update_citizen(desk_db, desk, second.id, second.version, _input(tc, first_name="Ayla"))
    assert dup.value.existing.citizen_id == first.id


def test_the_application_forms_duplicate_checks_fire_for_a_desk(as_person) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    parent_tc = generate_tckn(random.Random(1403))
    first = register_application(
        desk_db, desk, app_input(parent=parent(tc_kimlik_no=parent_tc)), now=NOW
    )
    assert first.citizen_created
    # The same parent typed again by number: found, not made twice; the baby is a candidate.
    again = app_input(parent=parent(tc_kimlik_no=parent_tc))
    found = find_duplicates(desk_db, desk, again)
    assert [c.application_id for c in found] == [first.id]
    second = register_application(desk_db, desk, again, now=NOW + timedelta(minutes=5))
    assert (second.citizen_id, second.citizen_created) == (first.citizen_id, False)
    assert second.status == "SUSPECTED_DUPLICATE"
    assert first.id in [c.application_id for c in second.duplicates]


def test_the_imports_duplicate_checks_fire_for_a_desk(as_person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    report = import_applications(desk_db, desk, SAMPLE, now=NOW)
    assert (report.imported, report.rejected) == (5, 0)
    again = import_applications(desk_db, desk, SAMPLE, now=NOW)
    assert (again.imported, again.skipped_existing) == (0, 5)
    later = row(**{"Başvuru No": "W-2025-01500", "Başvuru Tarihi": "20.02.2025"})
    known = import_applications(desk_db, desk, write_csv(tmp_path / "later.csv", [later]), now=NOW)
    assert (known.imported, known.duplicates) == (1, 1)


def test_the_generated_masked_columns_mask_as_the_services_do(db: Database, clerk) -> None:  # type: ignore[no-untyped-def]
    """SQLite and PostgreSQL: tc_masked and baby_tc_masked equal domain.tckn.mask_tckn."""
    from sqlalchemy import select

    from desk_app.models import BabySetApplication, Citizen
    from desk_app.services.uow import read_only

    rng = random.Random(1404)
    tcs = [generate_tckn(rng) for _ in range(3)]
    names = ("Ali", "Can", "Ece")
    ids = [
        create_citizen(db, clerk, _input(tc, first_name=name)).id
        for name, tc in zip(names, tcs, strict=True)
    ]
    baby_tc = generate_tckn(rng)
    app = register_application(db, clerk, app_input(baby_tc_kimlik_no=baby_tc), now=NOW)
    none = create_citizen(db, clerk, _input("", first_name="Numarasız", phone="0533 222 11 00"))
    with read_only(db) as s:
        masked = {cid: m for cid, m in s.execute(select(Citizen.id, Citizen.tc_masked))}
        baby = s.scalar(
            select(BabySetApplication.baby_tc_masked).where(BabySetApplication.id == app.id)
        )
    assert [masked[i] for i in ids] == [mask_tckn(tc) for tc in tcs]
    assert masked[none.id] is None
    assert baby == mask_tckn(baby_tc) and "*" in baby
