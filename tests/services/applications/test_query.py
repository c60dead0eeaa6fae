"""The applications page: filters and counts checked against an independent computation,
keyset paging newest first, waiting days, text search."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from desk_app.db import Database
from desk_app.models import Address, BabySetApplication, Channel, Mahalle
from desk_app.services.applications.decisions import cancel_application
from desk_app.services.applications.query import (
    ApplicationFilter,
    ApplicationRow,
    count_applications,
    list_applications_after,
)
from desk_app.services.applications.register import register_application
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person
from tests.services.applications.test_applications import NOW, TODAY, app_input, parent, tc

MAHALLELER = ["Ulukavak", "Bahçelievler", "Gülabibey", "Uzak Köy"]


def _soy(i: int) -> str:
    return "Soy" + "abcdefghij"[i // 10] + "abcdefghij"[i % 10]


def _fill(db: Database, clerk: Actor, n: int = 36) -> None:
    rng = random.Random(9)
    for i in range(n):
        applied = TODAY - timedelta(days=rng.randrange(0, 40))
        data = app_input(
            parent=parent(
                first_name=f"Veli{'abcdefghij'[i % 10]}",
                last_name=_soy(i),
                phone=f"0532 100 {i:02d} 00",
                mahalle=MAHALLELER[i % 4],
            ),
            baby_first_name=["Elif", "Ali", "Zehra", "Ömer"][i % 4],
            baby_last_name=_soy(i),
            baby_tc_kimlik_no=tc(),
            baby_birth_date=applied - timedelta(days=rng.randrange(0, 30)),
            applied_at=applied,
            channel_code="WEB" if i % 3 == 0 else "DESK",
        )
        result = register_application(as_person(db, clerk), clerk, data, now=NOW)
        if i % 7 == 0:
            cancel_application(
                as_person(db, clerk), clerk, result.id, result.version, "Veli vazgeçti.", now=NOW
            )


def _all(db: Database) -> list[dict[str, object]]:
    with unit_of_work(db) as s:
        rows = s.execute(
            select(BabySetApplication, Address.mahalle_id, Channel.code)
            .join(Channel, Channel.id == BabySetApplication.channel_id)
            .outerjoin(Address, Address.id == BabySetApplication.address_id)
        ).all()
        return [
            {
                "id": a.id,
                "applied_at": a.applied_at,
                "status": a.status,
                "mahalle_id": m,
                "channel": c,
                "baby": f"{a.baby_first_name} {a.baby_last_name}",
                "reference": a.reference,
            }
            for a, m, c in rows
        ]


def _expected(rows: list[dict[str, object]], f: ApplicationFilter) -> list[int]:
    out = []
    for r in rows:
        applied = r["applied_at"]
        assert isinstance(applied, date)
        if f.statuses and r["status"] not in f.statuses:
            continue
        if f.mahalle_id is not None and r["mahalle_id"] != f.mahalle_id:
            continue
        if f.channel_code and r["channel"] != f.channel_code:
            continue
        if f.date_from and applied < f.date_from:
            continue
        if f.date_to and applied > f.date_to:
            continue
        if f.waiting_more_than_days is not None and not (
            r["status"] in ("RECEIVED", "APPROVED", "SUSPECTED_DUPLICATE")
            and (TODAY - applied).days > f.waiting_more_than_days
        ):
            continue
        out.append(r)
    out.sort(key=lambda r: (r["applied_at"], r["id"]), reverse=True)  # type: ignore[arg-type,return-value]
    return [int(r["id"]) for r in out]  # type: ignore[call-overload]


def _pages(db: Database, clerk: Actor, f: ApplicationFilter, size: int) -> list[ApplicationRow]:
    rows: list[ApplicationRow] = []
    after = None
    while True:
        page = list_applications_after(as_person(db, clerk), clerk, f, after, size, today=TODAY)
        rows.extend(page)
        if len(page) < size:
            return rows
        after = (page[-1].applied_at, page[-1].id)


def test_filters_and_counts_match_an_independent_computation(db: Database, clerk: Actor) -> None:
    _fill(as_person(db, clerk), clerk)
    rows = _all(db)
    with unit_of_work(db) as s:
        ulukavak = s.scalars(select(Mahalle.id).where(Mahalle.name == "Ulukavak")).one()
    filters = [
        ApplicationFilter(),
        ApplicationFilter(statuses=("APPROVED",)),
        ApplicationFilter(statuses=("INELIGIBLE", "CANCELLED")),
        ApplicationFilter(mahalle_id=ulukavak),
        ApplicationFilter(channel_code="WEB"),
        ApplicationFilter(channel_code="CIMER"),
        ApplicationFilter(date_from=TODAY - timedelta(days=20), date_to=TODAY - timedelta(days=5)),
        ApplicationFilter(waiting_more_than_days=10),
        ApplicationFilter(waiting_more_than_days=10, statuses=("APPROVED", "CANCELLED")),
        ApplicationFilter(statuses=("APPROVED",), channel_code="DESK", mahalle_id=ulukavak),
    ]
    for f in filters:
        expected = _expected(rows, f)
        assert count_applications(as_person(db, clerk), clerk, f, today=TODAY) == len(expected), f
        for size in (1, 7, 1000):
            assert [r.id for r in _pages(as_person(db, clerk), clerk, f, size)] == expected, (
                f,
                size,
            )


def test_rows_carry_labels_and_waiting_days(db: Database, clerk: Actor) -> None:
    _fill(as_person(db, clerk), clerk, 8)
    page = list_applications_after(
        as_person(db, clerk), clerk, ApplicationFilter(), None, 100, today=TODAY
    )
    assert len(page) == 8
    for row in page:
        if row.status in ("APPROVED", "RECEIVED", "SUSPECTED_DUPLICATE"):
            assert row.waiting_days == (TODAY - row.applied_at).days
        else:
            assert row.waiting_days is None
        assert row.status_label and row.channel_name and row.mahalle
    assert {r.mahalle for r in page} >= {"Ulukavak", "Uzak Köy"}


def test_text_search(db: Database, clerk: Actor) -> None:
    _fill(as_person(db, clerk), clerk, 8)
    rows = _all(db)
    target = rows[3]
    by_ref = list_applications_after(
        db,
        clerk,
        ApplicationFilter(text=str(target["reference"]).lower().replace("-", " ")),
        None,
        50,
        today=TODAY,
    )
    assert [r.id for r in by_ref] == [target["id"]]
    by_name = list_applications_after(
        as_person(db, clerk), clerk, ApplicationFilter(text="ZEHRA"), None, 50, today=TODAY
    )
    assert {r.baby_name.split()[0] for r in by_name} == {"Zehra"}
    assert (
        count_applications(
            as_person(db, clerk), clerk, ApplicationFilter(text="ZEHRA"), today=TODAY
        )
        == 2
    )
    by_parent = list_applications_after(
        as_person(db, clerk), clerk, ApplicationFilter(text="velid"), None, 50, today=TODAY
    )
    assert [r.parent_name for r in by_parent] == ["Velid Soyad"]


def test_limits(db: Database, clerk: Actor) -> None:
    _fill(as_person(db, clerk), clerk, 3)
    assert (
        list_applications_after(
            as_person(db, clerk), clerk, ApplicationFilter(), None, 0, today=TODAY
        )
        == []
    )
    none = ApplicationFilter(statuses=("DELIVERED",), waiting_more_than_days=1)
    assert count_applications(as_person(db, clerk), clerk, none, today=TODAY) == 0
