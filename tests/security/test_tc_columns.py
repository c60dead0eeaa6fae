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
from sqlalchemy import select

from desk_app.db import Database
from desk_app.domain.errors import Conflict
from desk_app.domain.states import Role
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.models import BabySetApplication
from desk_app.pg_roles import TC_COLUMNS
from desk_app.services.applications import (
    find_duplicates,
    register_application,
)
from desk_app.services.applications.common import REASON_SAME_BABY, REASON_SAME_BABY_TC
from desk_app.services.applications.decisions import cancel_application, decide_duplicate
from desk_app.services.applications.duplicates import candidates as real_candidates
from desk_app.services.applications.importer import import_applications
from desk_app.services.applications.query import (
    ApplicationFilter,
    count_applications,
    get_application,
)
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
    assert TC_COLUMNS["babyset_application"] == ("baby_tc_kimlik_no", "baby_key")
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


def _tcs(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [generate_tckn(rng) for _ in range(n)]


def test_a_desk_checks_the_same_baby_by_its_number_without_reading_it(as_person) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    sup_db, supervisor = as_person(SUPERVISOR)
    baby_tc, other_baby_tc, parent_a, parent_b = _tcs(1404, 4)
    first = register_application(
        desk_db,
        desk,
        app_input(parent=parent(tc_kimlik_no=parent_a), baby_tc_kimlik_no=baby_tc),
        now=NOW,
    )
    assert first.status == "APPROVED"
    # Another parent, the same baby's number: found by the number (and by the key, which holds
    # it); the set is held, so the second one waits for a supervisor.
    again = app_input(
        parent=parent(tc_kimlik_no=parent_b, first_name="Ali", phone="0533 999 88 77"),
        baby_tc_kimlik_no=baby_tc,
        baby_first_name="Başka",
    )
    found = find_duplicates(desk_db, desk, again)
    assert [(c.application_id, set(c.reasons)) for c in found] == [
        (first.id, {REASON_SAME_BABY_TC, REASON_SAME_BABY})
    ]
    # The same parent and baby but another number: two babies, never flagged.
    twin = app_input(parent=parent(tc_kimlik_no=parent_a), baby_tc_kimlik_no=other_baby_tc)
    assert find_duplicates(desk_db, desk, twin) == []
    second = register_application(desk_db, desk, again, now=NOW + timedelta(minutes=5))
    assert second.status == "SUSPECTED_DUPLICATE"
    assert [c.application_id for c in second.duplicates] == [first.id]

    # The list's exact search by the baby's number, as a desk.
    by_number = ApplicationFilter(text=baby_tc)
    assert count_applications(desk_db, desk, by_number) == 2

    # The detail: masked for the desk, whole for the supervisor; its duplicate check (by the
    # application's id: the desk never held this number) still names the first application.
    desk_view = get_application(desk_db, desk, second.id)
    assert desk_view.baby_tc == mask_tckn(baby_tc)
    assert [c.application_id for c in desk_view.duplicate_candidates] == [first.id]
    assert set(desk_view.duplicate_candidates[0].reasons) == {REASON_SAME_BABY_TC, REASON_SAME_BABY}
    sup_view = get_application(sup_db, supervisor, second.id)
    assert sup_view.baby_tc == baby_tc
    assert sup_view.duplicate_candidates == desk_view.duplicate_candidates

    # Decisions: "another baby" is refused while the first holds the set (the one-set rule,
    # asked by id); the desk cancels the first; then the supervisor's "distinct" approves.
    with pytest.raises(Conflict) as held:
        decide_duplicate(sup_db, supervisor, second.id, sup_view.version, "distinct", "Başka bebek")
    assert first.reference in str(held.value)
    first_view = get_application(desk_db, desk, first.id)
    cancel_application(desk_db, desk, first.id, first_view.version, "Veli vazgeçti")
    sup_view = get_application(sup_db, supervisor, second.id)
    decided = decide_duplicate(
        sup_db, supervisor, second.id, sup_view.version, "distinct", "Tek başvuru kaldı"
    )
    assert decided.status == "APPROVED"


def test_a_supervisor_merges_a_desks_duplicate(as_person) -> None:  # type: ignore[no-untyped-def]
    desk_db, desk = as_person(DESK)
    sup_db, supervisor = as_person(SUPERVISOR)
    baby_tc, parent_a = _tcs(1405, 2)
    data = app_input(parent=parent(tc_kimlik_no=parent_a), baby_tc_kimlik_no=baby_tc)
    first = register_application(desk_db, desk, data, now=NOW)
    second = register_application(desk_db, desk, data, now=NOW + timedelta(minutes=1))
    assert (second.status, [c.application_id for c in second.duplicates]) == (
        "SUSPECTED_DUPLICATE",
        [first.id],
    )
    view = get_application(sup_db, supervisor, second.id)
    merged = decide_duplicate(sup_db, supervisor, second.id, view.version, "merge", "Aynı başvuru")
    assert merged.status == "CANCELLED" and first.reference in (merged.cancel_reason or "")


def test_a_desk_meets_the_unique_baby_index_and_is_referred(as_person, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another desk approved the same baby between the check and the insert: the unique index
    refuses the second approval and the desk finds the winner by the key through tc_access."""
    desk_db, desk = as_person(DESK)
    baby_tc, parent_a, parent_b = _tcs(1406, 3)
    first = register_application(
        desk_db,
        desk,
        app_input(parent=parent(tc_kimlik_no=parent_a), baby_tc_kimlik_no=baby_tc),
        now=NOW,
    )
    calls: list[int] = []

    def missed_once(session, probe):  # type: ignore[no-untyped-def]
        calls.append(1)
        return [] if len(calls) == 1 else real_candidates(session, probe)

    monkeypatch.setattr("desk_app.services.applications.register.candidates", missed_once)
    late = register_application(
        desk_db,
        desk,
        app_input(
            parent=parent(tc_kimlik_no=parent_b, first_name="Ali", phone="0533 999 88 77"),
            baby_tc_kimlik_no=baby_tc,
        ),
        now=NOW + timedelta(minutes=2),
    )
    assert len(calls) == 2
    assert late.status == "SUSPECTED_DUPLICATE"
    assert first.id in [c.application_id for c in late.duplicates]


def test_the_imports_baby_number_checks_fire_for_a_desk(as_person, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both import paths as a desk: a parent the database does not know (the batch's in-memory
    check, prefetched by the baby's number through tc_access) and a known parent (the
    service's check); a baby with another number is not flagged."""
    desk_db, desk = as_person(DESK)
    baby_tc, other_baby_tc, parent_a, parent_b = _tcs(1407, 4)
    # Ineligible (an unserved mahalle): live, so a duplicate candidate, but not holding the set,
    # so only the checks (not the unique index on the active baby key) can find it.
    first = register_application(
        desk_db,
        desk,
        app_input(
            parent=parent(tc_kimlik_no=parent_a, mahalle="Uzak Köy"), baby_tc_kimlik_no=baby_tc
        ),
        now=NOW,
    )
    assert first.status == "INELIGIBLE"
    # A parent on file with another baby, so that their row takes the service's path.
    parent_c = _tcs(1409, 1)[0]
    other = register_application(
        desk_db,
        desk,
        app_input(
            parent=parent(tc_kimlik_no=parent_c, phone="0535 222 33 44"), baby_first_name="Deniz"
        ),
        now=NOW,
    )
    assert other.status == "APPROVED"
    rows = [
        # A new parent, the same baby's number: the fast path.
        row(
            **{
                "Başvuru No": "W-2025-01601",
                "Veli T.C. Kimlik No": parent_b,
                "Bebek T.C. Kimlik No": baby_tc,
            }
        ),
        # The known parent, the same baby's number: the slow path.
        row(
            **{
                "Başvuru No": "W-2025-01602",
                "Veli T.C. Kimlik No": parent_c,
                "Veli Adı": "Zeynep",
                "Veli Soyadı": "Arslan",
                "Cep Telefonu": "0535 222 33 44",
                "Bebek T.C. Kimlik No": baby_tc,
            }
        ),
        # A new parent, a baby with another number: no duplicate.
        row(
            **{
                "Başvuru No": "W-2025-01603",
                "Veli T.C. Kimlik No": _tcs(1408, 1)[0],
                "Cep Telefonu": "0544 123 45 67",
                "Bebek Adı": "Kerem",
                "Bebek T.C. Kimlik No": other_baby_tc,
            }
        ),
    ]
    report = import_applications(desk_db, desk, write_csv(tmp_path / "babies.csv", rows), now=NOW)
    assert (report.imported, report.rejected, report.duplicates) == (3, 0, 2)
    sup_db, _supervisor = as_person(SUPERVISOR)
    with sup_db.session() as s:
        ids = {
            web: app_id
            for web, app_id in s.execute(
                select(BabySetApplication.web_reference, BabySetApplication.id).where(
                    BabySetApplication.web_reference.is_not(None)
                )
            )
        }
        got = {
            web: (status, dup)
            for web, status, dup in s.execute(
                select(
                    BabySetApplication.web_reference,
                    BabySetApplication.status,
                    BabySetApplication.duplicate_of_id,
                ).where(BabySetApplication.web_reference.is_not(None))
            )
        }
    assert got["W-2025-01601"] == ("SUSPECTED_DUPLICATE", first.id)
    # The best candidate of the last one is first or W-2025-01601 (the same baby twice).
    assert got["W-2025-01602"][0] == "SUSPECTED_DUPLICATE"
    assert got["W-2025-01602"][1] in (first.id, ids["W-2025-01601"])
    assert got["W-2025-01603"] == ("APPROVED", None)
