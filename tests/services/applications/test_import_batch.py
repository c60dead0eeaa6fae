"""The batch path of the web import gives the same answers as the row path: the same files are
imported both ways into two fresh databases and every table is compared, row by row.

The files mix what the batch path must get right: new parents (the batch), parents already on
file and parents repeated inside the file (the row path, in file order), babies' T.C. Kimlik
Nos shared by two rows, the same phone and address, similar names, bad rows, Başvuru numbers
repeated in the file and imported before, chunks smaller than the file."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.domain.tckn import generate_tckn
from desk_app.models import Base
from desk_app.services.admin import auth
from desk_app.services.applications import batch as batch_module
from desk_app.services.applications import importer
from desk_app.services.applications.importer import ImportReport, import_applications
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from tests.conftest import _pg_admin_engine, pg_person
from tests.people import as_person
from tests.services.applications.test_importer import ZEYNEP_TC, row, write_csv

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CLOCK = "<clock>"  # a wall-clock timestamp (audit time, address valid_from): not compared


def _rich_rows() -> list[dict[str, str]]:
    from bench.bench_import import HEADER
    from bench.bench_import import write_export as _unused  # noqa: F401  (same generator)

    rng = random.Random(18)
    rows: list[dict[str, str]] = []
    twin_tc = generate_tckn(rng)
    repeat_parent = generate_tckn(rng)
    for n in range(60):
        tc = generate_tckn(rng)
        rows.append(
            row(
                **{
                    "Başvuru No": f"W-2025-3{n:04d}",
                    "Başvuru Tarihi": f"{1 + n % 27:02d}.02.2025",
                    "Veli T.C. Kimlik No": tc,
                    "Veli Adı": rng.choice(["Ayşe", "Fatma", "Şule", "İpek"]),
                    "Veli Soyadı": rng.choice(["Kaya", "Demir", "Çelik"]),
                    "Cep Telefonu": f"0533 {rng.randint(100, 999)} {rng.randint(10, 99)} 11",
                    "Mahalle": rng.choice(["Ulukavak", "Bahçelievler", "Ankara Kızılay"]),
                    "Bebek Adı": rng.choice(["Elif", "Ali", "Miraç", "Ilgın"]),
                    "Bebek Soyadı": rng.choice(["Kaya", "Demir", "Çelik"]),
                    "Bebek Doğum Tarihi": f"{1 + n % 5:02d}.01.2025",
                }
            )
        )
    rows += [
        row(),  # Zeynep, on file with other contacts: the row path, observations
        row(**{"Başvuru No": "W-2025-00412"}),  # the same Başvuru No again in the file
        row(**{"Başvuru No": "W-2025-4001", "Veli T.C. Kimlik No": repeat_parent}),
        row(  # the same parent again, a second baby: known by now, the row path
            **{
                "Başvuru No": "W-2025-4002",
                "Veli T.C. Kimlik No": repeat_parent,
                "Bebek Adı": "Ömer Asaf",
                "Bebek Doğum Tarihi": "15.12.2024",
            }
        ),
        row(  # a baby T.C. Kimlik No given ...
            **{
                "Başvuru No": "W-2025-4003",
                "Veli T.C. Kimlik No": generate_tckn(rng),
                "Bebek T.C. Kimlik No": twin_tc,
                "Bebek Adı": "Eylül",
            }
        ),
        row(  # ... and again under another parent: the same baby
            **{
                "Başvuru No": "W-2025-4004",
                "Veli T.C. Kimlik No": generate_tckn(rng),
                "Veli Adı": "Merve",
                "Bebek T.C. Kimlik No": twin_tc,
                "Bebek Adı": "Eylül",
            }
        ),
        row(  # the same phone and address as Zeynep's row, another parent record
            **{
                "Başvuru No": "W-2025-4005",
                "Veli T.C. Kimlik No": generate_tckn(rng),
                "Veli Adı": "Gülşen",
                "Veli Soyadı": "Arslan",
                "Bebek Adı": "Elifnur",
                "Bebek Soyadı": "Arslan",
            }
        ),
        row(  # the baby's number is the parent's: refused
            **{
                "Başvuru No": "W-2025-4006",
                "Veli T.C. Kimlik No": "10000000146",
                "Bebek T.C. Kimlik No": "10000000146",
            }
        ),
        row(**{"Başvuru No": "W-2025-4007", "Bebek Doğum Tarihi": "01.05.2025"}),  # future
    ]
    assert len(HEADER) == len(rows[0])
    return rows


def _setup(db: Database) -> Actor:
    if db.is_postgres:  # people log in with their own PostgreSQL login
        pg_person(db, "admin", "Ayşe Yılmaz", Role.ADMIN, "yonetici-parola")
        clerk = pg_person(db, "irem", "İrem Çelik", Role.DESK, "masa-parolasi")
    else:
        auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
        admin = auth.login(db, "admin", "yonetici-parola")
        auth.add_user(as_person(db, admin), admin, "irem", "İrem Çelik", Role.DESK, "masa-parolasi")
        clerk = auth.login(db, "irem", "masa-parolasi")
    create_citizen(
        db,
        clerk,
        CitizenInput(
            first_name="Zeynep",
            last_name="Kaya",
            tc_kimlik_no=ZEYNEP_TC,
            phone="0542 111 22 33",
            mahalle="Bahçelievler",
            street="Gazi Cad.",
            building_no="7",
        ),
    )
    return clerk


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat() if value == NOW else CLOCK
    if isinstance(value, date):
        return value.isoformat()
    return value


def _tables(db: Database, ids: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in primary-key order. ``ids=False`` leaves out the generated ids and
    the JSON holding them: PostgreSQL's sequences keep the values a rolled-back savepoint took,
    so after a replayed batch only the ids differ (references and texts are still compared)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read_session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if c.name != "password_hash"
                and (table.name, c.name) != ("sms_message", "key")  # a random UUID per message
                and (
                    ids
                    or not (
                        c.name == "id"
                        or c.name.endswith("_id")
                        or c.name
                        in ("baby_key", "eligibility_evidence", "data", "new_values", "old_values")
                    )
                )
            ]
            rows = session.execute(select(*columns).order_by(*table.primary_key.columns))
            out[table.name] = [tuple(_plain(v) for v in r) for r in rows]
    return out


def _report(report: ImportReport) -> dict[str, Any]:
    return report.to_dict() | {
        "imported_rows": report.imported_rows,
        "skipped_rows": report.skipped_rows,
    }


def _both_ways(
    db_factory: Any, tmp_path: Path, files: list[list[dict[str, str]]], dry_first: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Database, Database]:
    reports: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    dbs: dict[bool, Database] = {}
    for batch in (False, True):
        db = Database(str(db_factory()))
        clerk = _setup(db)
        dbs[batch] = db
        for n, rows in enumerate(files):
            folder = tmp_path / ("batch" if batch else "rows")
            folder.mkdir(exist_ok=True)
            path = write_csv(folder / f"file{n}.csv", rows)
            if dry_first:
                dry = import_applications(
                    as_person(db, clerk), clerk, path, now=NOW, dry_run=True, batch=batch
                )
                reports[batch].append(_report(dry))
            report = import_applications(as_person(db, clerk), clerk, path, now=NOW, batch=batch)
            reports[batch].append(_report(report))
        if db.is_postgres:
            # Login roles are server-wide: the second database's people take the same names.
            groups = [f"{db.url.database}_{g}" for g in ("desk", "supervisor", "admin")]
            with _pg_admin_engine().connect() as conn:
                people = conn.execute(
                    text(
                        "SELECT DISTINCT m.rolname FROM pg_auth_members am "
                        "JOIN pg_roles g ON g.oid = am.roleid "
                        "JOIN pg_roles m ON m.oid = am.member "
                        "WHERE g.rolname = ANY(:groups) AND m.rolcanlogin AND NOT m.rolsuper"
                    ),
                    {"groups": groups},
                ).scalars()
                for person in list(people):
                    conn.execute(text(f'DROP ROLE "{person}"'))
    return reports[False], reports[True], dbs[False], dbs[True]


def _assert_same_reports(by_row: list[dict[str, Any]], by_batch: list[dict[str, Any]]) -> None:
    assert len(by_batch) == len(by_row)
    for n, (one, other) in enumerate(zip(by_row, by_batch, strict=True)):
        for key in one:
            assert other[key] == one[key], f"report {n}: {key} differs"


def _assert_same(row_db: Database, batch_db: Database, ids: bool = True) -> None:
    by_row, by_batch = _tables(row_db, ids), _tables(batch_db, ids)
    assert by_row.keys() == by_batch.keys()
    for name in by_row:
        assert by_batch[name] == by_row[name], f"table {name} differs"
    assert by_row["babyset_application"], "nothing was imported: the comparison proves nothing"


def test_batch_and_row_paths_write_the_same_tables(
    db_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 16)  # several chunks, rows across boundaries
    monkeypatch.setattr(importer, "SQLITE_CHUNKS", 1)
    rich = _rich_rows()
    again = rich[50:] + [
        row(
            **{
                "Başvuru No": f"W-2025-5{n:04d}",
                "Veli T.C. Kimlik No": generate_tckn(random.Random(n)),
            }
        )
        for n in range(5)
    ]
    row_reports, batch_reports, row_db, batch_db = _both_ways(
        db_factory, tmp_path, [rich, again], dry_first=True
    )
    _assert_same_reports(row_reports, batch_reports)
    first = batch_reports[1]
    assert first["imported"] > 40 and first["duplicates"] > 0 and first["rejected"] > 0
    assert first["observations"] > 0 and first["skipped_existing"] == 1
    _assert_same(row_db, batch_db)
    row_db.dispose()
    batch_db.dispose()


def test_a_batch_the_database_refuses_is_replayed_row_by_row(
    db_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A concurrent desk makes one batch fail (here: the first): its rows go through the row
    path one by one and the outcome is still the row path's."""
    from sqlalchemy.exc import IntegrityError

    real_insert = batch_module.Batch._insert
    calls = {"n": 0}

    def refuse_first(self: batch_module.Batch, rows: list[batch_module.Planned]) -> None:
        calls["n"] += 1
        real_insert(self, rows)
        if calls["n"] == 1:
            raise IntegrityError("INSERT", {}, Exception("uq_babyset_application_active_baby"))

    monkeypatch.setattr(importer, "CHUNK_ROWS", 16)
    monkeypatch.setattr(importer, "SQLITE_CHUNKS", 1)
    monkeypatch.setattr(batch_module.Batch, "_insert", refuse_first)
    rich = _rich_rows()
    row_reports, batch_reports, row_db, batch_db = _both_ways(db_factory, tmp_path, [rich])
    assert calls["n"] > 1
    _assert_same_reports(row_reports, batch_reports)
    _assert_same(row_db, batch_db, ids=not row_db.is_postgres)
    row_db.dispose()
    batch_db.dispose()
