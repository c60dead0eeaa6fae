"""Importing the web site's export: counts, errors, re-import, dry run, duplicates, corrections
that survive a re-import, the error report, cancel."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn, is_valid_tckn
from desk_app.importing.reader import COLUMNS, FileRefused
from desk_app.models import (
    Address,
    AuditLog,
    BabySetApplication,
    Citizen,
    ContactObservation,
    ReferenceCounter,
)
from desk_app.paths import resource_path
from desk_app.services.applications.importer import (
    ImportReport,
    import_applications,
    write_error_report,
)
from desk_app.services.citizens.contacts import list_contact_observations, mark_reviewed
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import get_citizen_card, update_citizen
from desk_app.services.context import Actor
from tests.people import as_person

SAMPLE = resource_path("data", "web_export_sample.csv")
HEADERS = [c.header for c in COLUMNS]
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ZEYNEP_TC = "91728056974"


def row(**changes: str) -> dict[str, str]:
    base = {
        "Başvuru No": "W-2025-00412",
        "Başvuru Tarihi": "03.02.2025",
        "Veli T.C. Kimlik No": ZEYNEP_TC,
        "Veli Adı": "Zeynep",
        "Veli Soyadı": "Kaya",
        "Cep Telefonu": "0532 418 22 90",
        "Mahalle": "Ulukavak",
        "Cadde/Sokak": "Mimar Sinan Cad.",
        "Bina No": "14",
        "Daire No": "3",
        "Bebek Adı": "Elif",
        "Bebek Soyadı": "Kaya",
        "Bebek Doğum Tarihi": "21.01.2025",
        "Bebek T.C. Kimlik No": "",
        "Aydınlatma Metni Onayı": "Evet",
    }
    return base | {k.replace("_", " "): v for k, v in changes.items()}


def other_parent(n: int, rng: random.Random) -> dict[str, str]:
    return row(
        **{
            "Başvuru No": f"W-2025-1{n:04d}",
            "Veli T.C. Kimlik No": generate_tckn(rng),
            "Veli Adı": "Ayşe",
            "Veli Soyadı": f"Demir{chr(97 + n % 26)}",
            "Cep Telefonu": f"0533 {n % 1000:03d} {n % 100:02d} 11",
            "Bebek Adı": "Ali",
            "Bebek Soyadı": "Demir",
        }
    )


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return path


def counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Citizen, Address, BabySetApplication, ContactObservation, AuditLog)
        } | {"counters": int(s.scalar(select(func.sum(ReferenceCounter.last_value))) or 0)}


def apps(db: Database) -> dict[str, BabySetApplication]:
    with db.session() as s:
        return {a.web_reference or "": a for a in s.scalars(select(BabySetApplication))}


def run(db: Database, actor: Actor, path: Path, **kw: Any) -> ImportReport:
    return import_applications(db, actor, path, now=NOW, **kw)


def test_the_sample_imports_five_rows(db: Database, clerk: Actor) -> None:
    report = run(as_person(db, clerk), clerk, SAMPLE)
    assert (report.rows, report.imported, report.rejected, report.duplicates) == (5, 5, 0, 0)
    imported = apps(db)
    assert set(imported) == {
        "W-2025-00412",
        "W-2025-00413",
        "W-2025-00417",
        "W-2025-00420",
        "W-2025-00425",
    }
    assert all(a.reference.startswith("HGB-2025-") for a in imported.values())
    assert all(a.notice_source == "web" for a in imported.values())
    with db.session() as s:
        zeynep = s.scalar(select(Citizen).where(Citizen.tc_kimlik_no == ZEYNEP_TC))
        assert zeynep is not None and zeynep.phone_e164 == "+905324182290"
        address = s.scalar(select(Address).where(Address.citizen_id == zeynep.id))
        assert address is not None and address.street == "Mimar Sinan Cad."
        assert address.source == "web"
        run_rows = list(s.scalars(select(AuditLog).where(AuditLog.action == "import.run")))
    assert len(run_rows) == 1
    assert run_rows[0].new_values is not None and run_rows[0].new_values["imported"] == 5
    assert run_rows[0].new_values["file"] == "web_export_sample.csv"


def test_bad_rows_are_reported_and_never_stop_the_others(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    rng = random.Random(3)
    rows = [
        row(),
        row(**{"Başvuru No": "W-2", "Veli T.C. Kimlik No": "1,23457E+10"}),
        other_parent(3, rng),
        row(**{"Başvuru No": "W-4", "Bebek Doğum Tarihi": "31.02.2025", "Cep Telefonu": "x"}),
        other_parent(5, rng),
    ]
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "f.csv", rows))
    assert (report.rows, report.imported, report.rejected) == (5, 3, 2)
    got = [(e.row, e.column) for e in report.errors]
    assert got == [(3, "Veli T.C. Kimlik No"), (5, "Cep Telefonu"), (5, "Bebek Doğum Tarihi")]
    assert "bilimsel" in report.errors[0].message
    assert set(apps(db)) == {"W-2025-00412", "W-2025-10003", "W-2025-10005"}


def test_a_reimport_adds_nothing(db: Database, clerk: Actor) -> None:
    run(as_person(db, clerk), clerk, SAMPLE)
    before = counts(db)
    again = run(as_person(db, clerk), clerk, SAMPLE)
    assert (again.imported, again.skipped_existing, again.rejected) == (0, 5, 0)
    after = counts(db)
    assert after == before | {"audit_log": before["audit_log"] + 1}  # the import.run row


def test_a_dry_run_writes_nothing_and_predicts(db: Database, clerk: Actor, tmp_path: Path) -> None:
    run(as_person(db, clerk), clerk, write_csv(tmp_path / "first.csv", [row()]))
    before = counts(db)
    rows = [
        row(),  # already imported
        row(**{"Başvuru No": "W-9", "Cep Telefonu": "0555 000 11 22"}),  # same baby again
        row(**{"Başvuru No": "W-10", "Veli Adı": ""}),
    ]
    rows.append(other_parent(1, random.Random(1)))
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "f.csv", rows), dry_run=True)
    assert report.dry_run
    assert (report.imported, report.duplicates, report.skipped_existing, report.rejected) == (
        2,
        1,
        1,
        1,
    )
    assert report.observations == 1
    assert counts(db) == before


def test_duplicates_inside_one_file(db: Database, clerk: Actor, tmp_path: Path) -> None:
    rows = [
        row(),
        row(),  # the same Başvuru No twice: skipped
        row(**{"Başvuru No": "W-2025-00999"}),  # the same baby under a new Başvuru No
    ]
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "d.csv", rows))
    assert (report.imported, report.duplicates, report.skipped_existing) == (2, 1, 1)
    assert report.skipped_rows[0].row == 3 and "2. satırda" in report.skipped_rows[0].reason
    statuses = {k: a.status for k, a in apps(db).items()}
    assert statuses["W-2025-00999"] == "SUSPECTED_DUPLICATE"
    assert statuses["W-2025-00412"] != "SUSPECTED_DUPLICATE"


def test_a_baby_already_known_becomes_a_suspected_duplicate(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    run(as_person(db, clerk), clerk, SAMPLE)
    later = row(**{"Başvuru No": "W-2025-01500", "Başvuru Tarihi": "20.02.2025"})
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "later.csv", [later]))
    assert (report.imported, report.duplicates) == (1, 1)
    assert apps(db)["W-2025-01500"].status == "SUSPECTED_DUPLICATE"


def test_corrections_survive_and_differences_are_kept_for_review(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    run(as_person(db, clerk), clerk, SAMPLE)
    with db.session() as s:
        zeynep = s.scalar(select(Citizen).where(Citizen.tc_kimlik_no == ZEYNEP_TC))
        assert zeynep is not None
        zid, version = zeynep.id, zeynep.version
    corrected = CitizenInput(
        first_name="Zeynep",
        last_name="Kaya",
        tc_kimlik_no=ZEYNEP_TC,
        phone="0542 111 22 33",
        mahalle="Bahçelievler",
        street="Gazi Cad.",
        building_no="7",
        apartment_no="1",
    )
    update_citizen(as_person(db, clerk), clerk, zid, version, corrected)
    # The same file again: nothing happens at all.
    run(as_person(db, clerk), clerk, SAMPLE)
    assert list_contact_observations(as_person(db, clerk), clerk) == []
    # A new web application of Zeynep (her second baby) with the old phone and address.
    second = row(
        **{
            "Başvuru No": "W-2025-02000",
            "Başvuru Tarihi": "25.02.2025",
            "Bebek Adı": "Ela",
            "Bebek Doğum Tarihi": "20.02.2025",
        }
    )
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "second.csv", [second]))
    assert (report.imported, report.observations) == (1, 2)
    card = get_citizen_card(as_person(db, clerk), clerk, zid)
    assert card.citizen.phone_e164 == "+905421112233"
    assert card.citizen.address is not None and card.citizen.address.street == "Gazi Cad."
    observations = list_contact_observations(as_person(db, clerk), clerk, citizen_id=zid)
    assert {o.field for o in observations} == {"phone", "address"}
    phone = next(o for o in observations if o.field == "phone")
    assert phone.observed == {"phone_e164": "+905324182290"}
    assert phone.current == {"phone_e164": "+905421112233"}
    assert phone.differs_from_current and phone.web_reference == "W-2025-02000"
    assert phone.observed_display == "0 532 418 22 90"
    address = next(o for o in observations if o.field == "address")
    assert address.observed["street"] == "Mimar Sinan Cad."
    assert address.current is not None and address.current["street"] == "Gazi Cad."
    application = apps(db)["W-2025-02000"]
    assert application.phone_e164 == "+905421112233"  # the set goes where the desk says
    assert (
        mark_reviewed(as_person(db, clerk), clerk, [o.id for o in observations], note="Veli aradı")
        == 2
    )
    assert list_contact_observations(as_person(db, clerk), clerk) == []
    reviewed = list_contact_observations(
        as_person(db, clerk), clerk, citizen_id=zid, unreviewed_only=False
    )
    assert all(o.reviewed_by_id == clerk.user_id for o in reviewed)


def test_a_known_parent_without_phone_gets_it_from_the_export(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    from desk_app.services.citizens.records import create_citizen

    citizen = create_citizen(
        as_person(db, clerk),
        clerk,
        CitizenInput(first_name="Zeynep", last_name="Kaya", tc_kimlik_no=ZEYNEP_TC),
    )
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "f.csv", [row()]))
    assert (report.imported, report.observations) == (1, 0)
    card = get_citizen_card(as_person(db, clerk), clerk, citizen.id)
    assert card.citizen.phone_e164 == "+905324182290"
    assert card.citizen.address is not None and card.citizen.address.building_no == "14"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_error_report_round_trip(db: Database, clerk: Actor, tmp_path: Path, suffix: str) -> None:
    rows = [
        row(**{"Veli T.C. Kimlik No": "1,23457E+10"}),
        row(**{"Başvuru No": "W-3", "Mahalle": "", "Cadde/Sokak": 'Gazi; "Cad."'}),
    ]
    report = run(as_person(db, clerk), clerk, write_csv(tmp_path / "f.csv", rows))
    target = write_error_report(report, tmp_path / f"hatalar{suffix}")
    if suffix == ".csv":
        raw = target.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with target.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle, delimiter=";"))
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target).worksheets[0]
        lines = [[str(c) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert lines[0] == ["Satır", "Sütun", "Hata"]
    assert [(r[0], r[1], r[2]) for r in lines[1:]] == [
        (str(e.row), e.column, e.message) for e in report.errors
    ]
    assert len(lines) == 3


def test_error_report_refuses_other_extensions(tmp_path: Path) -> None:
    from desk_app.domain.errors import ValidationError

    with pytest.raises(ValidationError, match=r"\.csv veya \.xlsx"):
        write_error_report(ImportReport("f", 0, 0, 0, 0, 0, ()), tmp_path / "x.txt")


def test_cancel_midway_keeps_whole_rows(db: Database, clerk: Actor, tmp_path: Path) -> None:
    rng = random.Random(7)
    path = write_csv(tmp_path / "f.csv", [other_parent(n, rng) for n in range(6)])
    calls: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        calls.append(fraction)
        return len(calls) <= 3

    report = run(as_person(db, clerk), clerk, path, progress=progress)
    assert report.cancelled and report.processed == 3 and report.imported == 3
    assert any("durduruldu" in n for n in report.notes)
    imported = apps(db)
    assert len(imported) == 3
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Citizen)) == 3
    rest = run(as_person(db, clerk), clerk, path)
    assert (rest.imported, rest.skipped_existing) == (3, 3)


def test_an_unusable_file_raises_and_writes_nothing(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    before = counts(db)
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(FileRefused, match="gerekli sütunlar"):
        run(as_person(db, clerk), clerk, bad)
    assert counts(db) == before


_cell = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.dictionaries(st.sampled_from(HEADERS), _cell, max_size=4), max_size=3))
def test_arbitrary_cells_never_crash_and_never_write_a_bad_row(
    db: Database,
    clerk: Actor,
    tmp_path_factory: pytest.TempPathFactory,
    changes: list[dict[str, Any]],
) -> None:
    rng = random.Random(len(changes))
    rows = [other_parent(rng.randrange(10_000), rng) | change for change in changes]
    path = write_csv(tmp_path_factory.mktemp("h") / "a.csv", rows)
    report = run(as_person(db, clerk), clerk, path)
    assert report.imported + report.rejected + report.skipped_existing == len(rows)
    assert all("Beklenmeyen" not in e.message for e in report.errors)
    with db.session() as s:
        for application in s.scalars(select(BabySetApplication)):
            parent = s.get(Citizen, application.citizen_id, options=[undefer(Citizen.tc_kimlik_no)])
            assert parent is not None and parent.tc_kimlik_no is not None
            assert is_valid_tckn(parent.tc_kimlik_no)
            assert application.baby_birth_date <= application.applied_at
            assert application.web_reference and application.web_reference.strip()
            assert application.phone_e164 is not None and len(application.phone_e164) == 13
