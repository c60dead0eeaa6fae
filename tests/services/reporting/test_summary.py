"""The supervisor's summary and its exports: every figure checked against counts computed here
from the raw rows, on a demo quarter with live work; the exports hold the same figures."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from desk_app import cli
from desk_app.db import Database
from desk_app.demo import generate_demo
from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import PermissionDenied, ValidationError
from desk_app.domain.states import Role
from desk_app.models import (
    BabySetApplication,
    Channel,
    Delivery,
    DeliveryAttempt,
    Request,
    Team,
    TeamDay,
)
from desk_app.services.context import Actor
from desk_app.services.reporting.report import export_report
from desk_app.services.reporting.summary import Period, make_period, summarize
from tests.demo.test_demo import _admin, _fresh_url

TODAY = date(2025, 4, 1)
NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
OPEN = {"NEW", "FORWARDED", "IN_PROGRESS"}


@pytest.fixture(scope="module")
def quarter(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    url, drop = _fresh_url(_template, tmp_path_factory.mktemp("summary"), "quarter")
    db = Database(url)
    generate_demo(db, _admin(db), year=2025, seed=5, today=TODAY)
    yield db
    db.dispose()
    drop()


def boss() -> Actor:
    return Actor(user_id=None, username="test", role=Role.SUPERVISOR)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def expected(db: Database, period: Period) -> dict[str, Any]:
    """The figures, counted in Python from every row (no SQL aggregation)."""
    with db.read_session() as s:
        codes = dict(s.execute(select(Channel.id, Channel.code)).all())
        requests = [
            r
            for r in s.execute(
                select(
                    Request.created_at,
                    Request.channel_id,
                    Request.status,
                    Request.directorate_id,
                    Request.due_date,
                    Request.answered_at,
                    Request.informed_at,
                    Request.citizen_id,
                )
            )
            if period.start <= local_day(r.created_at) <= period.end
        ]
        apps = list(
            s.execute(
                select(
                    BabySetApplication.applied_at,
                    BabySetApplication.status,
                    BabySetApplication.delivered_at,
                )
            )
        )
        deliveries = list(
            s.execute(
                select(Delivery.kind, Delivery.status, Delivery.scheduled_date, Team.name)
                .outerjoin(TeamDay, TeamDay.id == Delivery.team_day_id)
                .outerjoin(Team, Team.id == TeamDay.team_id)
            )
        )
        attempts = list(s.execute(select(DeliveryAttempt.outcome, DeliveryAttempt.at)))
    answered = [r for r in requests if r.answered_at is not None]
    tenths = [
        math.floor((r.answered_at - r.created_at).total_seconds() / 86400 * 10) for r in answered
    ]
    informable = [r for r in answered if r.citizen_id is not None]
    measured = [
        r
        for r in informable
        if r.informed_at is not None or r.answered_at < NOW - timedelta(hours=48)
    ]
    in_time = [
        r
        for r in measured
        if r.informed_at is not None and r.informed_at - r.answered_at <= timedelta(hours=48)
    ]
    cohort = [a for a in apps if period.start <= a.applied_at <= period.end]
    delivered = [
        a
        for a in apps
        if a.delivered_at is not None and period.start <= local_day(a.delivered_at) <= period.end
    ]
    done = [
        d
        for d in deliveries
        if d.status == "DONE" and period.start <= d.scheduled_date <= period.end
    ]
    return {
        "channels": Counter(codes[r.channel_id] for r in requests),
        "total": len(requests),
        "by_status": Counter(r.status for r in requests),
        "overdue": sum(1 for r in requests if r.status in OPEN and r.due_date < TODAY),
        "answered": len(answered),
        "median": round(statistics.median(tenths) / 10, 1) if tenths else None,
        "measured": len(measured),
        "in_time": len(in_time),
        "per_directorate": Counter(r.directorate_id for r in requests),
        "cohort": Counter(a.status for a in cohort),
        "delivered": len(delivered),
        "median_delivery": (
            statistics.median((local_day(a.delivered_at) - a.applied_at).days for a in delivered)
            if delivered
            else None
        ),
        "home": sum(1 for d in done if d.kind == "HOME"),
        "pickup": sum(1 for d in done if d.kind == "PICKUP"),
        "failed": sum(
            1
            for outcome, at in attempts
            if outcome != "DELIVERED" and period.start <= local_day(at) <= period.end
        ),
        "teams": Counter(d.name for d in done if d.kind == "HOME"),
    }


@pytest.mark.parametrize(
    "period",
    [
        make_period("month", date(2025, 2, 10)),
        make_period("custom", start=date(2025, 1, 15), end=date(2025, 3, 31)),
        make_period("week", date(2025, 3, 26)),
    ],
    ids=["month", "custom", "week"],
)
def test_figures_match_independent_counts(quarter: Database, period: Period) -> None:
    got = summarize(quarter, boss(), period, now=NOW)
    want = expected(quarter, period)
    assert {c.code: c.count for c in got.channels if c.count} == dict(want["channels"])
    r = got.requests
    assert r.total == want["total"]
    assert {k: v for k, v in r.by_status.items() if v} == dict(want["by_status"])
    assert (r.overdue, r.answered) == (want["overdue"], want["answered"])
    assert (r.informed_measured, r.informed_in_time) == (want["measured"], want["in_time"])
    if want["median"] is None:
        assert r.median_answer_days is None
    else:
        assert r.median_answer_days is not None
        assert abs(r.median_answer_days - want["median"]) <= 0.1
    assert {d.id: d.figures.total for d in got.directorates} == dict(want["per_directorate"])
    assert sum(d.figures.overdue for d in got.directorates) == r.overdue
    p = got.pipeline
    assert {k: v for k, v in p.by_status.items() if v} == dict(want["cohort"])
    assert p.applied == sum(want["cohort"].values())
    assert p.delivered_in_period == want["delivered"]
    assert p.median_days_to_delivery == want["median_delivery"]
    assert (p.home_deliveries, p.desk_pickups, p.failed_attempts) == (
        want["home"],
        want["pickup"],
        want["failed"],
    )
    per_team: Counter[str] = Counter()
    for week in got.team_weeks:
        per_team.update(week.counts)
    assert {k: v for k, v in per_team.items() if v} == dict(want["teams"])
    assert sum(m.counts[c] for m in got.months for c in m.counts) == r.total


def test_a_quarter_has_live_work(quarter: Database) -> None:
    got = summarize(
        quarter, boss(), make_period("custom", start=date(2025, 1, 1), end=TODAY), now=NOW
    )
    assert got.requests.total > 5000
    assert got.requests.overdue > 0 and got.requests.open > 0
    assert got.pipeline.delivered_in_period > 200
    assert 0.5 < (got.requests.informed_share or 0) < 1
    assert len(got.months) == 3  # January to March: the demo stops at the start of today


def test_roles_and_periods(quarter: Database) -> None:
    clerk = Actor(user_id=None, username="masa", role=Role.DESK)
    with pytest.raises(PermissionDenied):
        summarize(quarter, clerk, make_period("year", TODAY))
    with pytest.raises(ValidationError) as err:
        make_period("custom", start=date(2025, 3, 1), end=date(2025, 2, 1))
    assert err.value.field == "bitis"
    assert make_period("week", date(2025, 4, 3)).start == date(2025, 3, 31)
    assert make_period("month", date(2024, 2, 10)).end == date(2024, 2, 29)
    assert make_period("year", year=2025).label == "2025 yılı"


def test_exports_hold_the_same_figures(quarter: Database, tmp_path: Path) -> None:
    period = make_period("custom", start=date(2025, 1, 1), end=date(2025, 3, 31))
    got = summarize(quarter, boss(), period, now=NOW)
    channel_counts = {c.name: c.count for c in got.channels}
    # CSV (Excel in Türkiye: ';' and a BOM).
    data = export_report(quarter, boss(), got, "csv", tmp_path / "r.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    start = rows.index(["Kanal", "Talep"])
    in_csv = {row[0]: int(row[1]) for row in rows[start + 1 : start + 1 + len(got.channels)]}
    assert in_csv == channel_counts
    # XLSX.
    export_report(quarter, boss(), got, "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    sheet = book["Kanallar"]
    in_xlsx = {
        row[0]: row[1]
        for row in sheet.iter_rows(min_row=5, max_row=4 + len(got.channels), values_only=True)
    }
    assert in_xlsx == channel_counts
    assert book["Aylar"]._charts  # the chart came along
    # PDF with charts; the text holds the Turkish-formatted figures.
    export_report(quarter, boss(), got, "pdf", tmp_path / "r.pdf")
    reader = PdfReader(tmp_path / "r.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name, count in channel_counts.items():
        assert name in text and f"{count:,}".replace(",", ".") in text
    assert "Hoş Geldin Bebek süreci" in text
    # The chart and the table use the same words.
    assert "Mükerrer bekliyor" not in text and "Başvuru sayısı" in text
    for page in reader.pages:
        resources: Any = page["/Resources"]
        fonts = resources.get_object().get("/Font", {})
        for font in fonts.values():
            assert "DejaVu" in str(font.get_object()["/BaseFont"])


def test_report_command_json(quarter: Database, capsys: pytest.CaptureFixture[str]) -> None:
    url = quarter.url if isinstance(quarter.url, str) else str(quarter.url)
    code = cli.main(["--db", url, "report", "--from", "2025-01-01", "--to", "2025-03-31", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and payload["ok"] is True
    want = expected(quarter, make_period("custom", start=date(2025, 1, 1), end=date(2025, 3, 31)))
    assert {k: v for k, v in payload["channels"].items() if v} == dict(want["channels"])
    assert payload["baby_sets"]["DELIVERED"] == want["cohort"]["DELIVERED"]
    code = cli.main(["--db", url, "report", "--year", "2025", "--format", "pdf"])
    assert code == 2  # a PDF needs --out
