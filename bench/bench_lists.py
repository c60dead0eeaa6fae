"""Time the two long lists (Ön Masa requests, Başvurular applications) on a large database.

    python bench/bench_lists.py --db sqlite:////tmp/big.sqlite3 [--repeat 5]

Builds the real table models behind a table view on the offscreen Qt platform, as the pages do,
and times for each list: the first screen (a new filter -> the first 30 rows' data in the model),
the count, the jump to the last row (Ctrl+End on a loaded first screen -> the last row's data in
the model), the scroll bar dragged from the top in 20 frames (the thumb at the bottom -> the
last row's data), and the middle of the list (the scroll bar set there -> the row in view loaded).
Prints the median and p95 of the repeats against the targets (< 100 ms each) and the peak memory
of the process (< 300 MB); beside each, in the same run, the plain baseline: the raw SQL of one
page of ids for the same filter (and a raw count). Only reads: it acts as the command line's
administrator (``cli_actor()``), so no user is created and nothing is written.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.states import Role
from desk_app.models import Address, BabySetApplication, Channel, Citizen, Request, utcnow
from desk_app.services.applications import ApplicationFilter
from desk_app.services.applications.query import _conditions as application_conditions
from desk_app.services.applications.query import _statuses as application_statuses
from desk_app.services.context import Actor, cli_actor
from desk_app.services.requests import OPEN_STATUSES, RequestFilter
from desk_app.services.requests.query import _conditions as request_conditions
from desk_app.services.uow import read_only
from desk_app.settings import Settings
from desk_app.ui.applications.table_model import ApplicationTableModel
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.gc_guard import GuiThreadGarbageCollector
from desk_app.ui.kit.paged_table_model import PagedTableModel
from desk_app.ui.requests.table_model import RequestTableModel

TARGET_MS = 100.0
TARGET_RSS_MB = 300.0
FIRST_SCREEN_ROWS = 30
TIMEOUT_S = 120.0
DRAG_STEPS = 20
FAILURES: list[object] = []  # what the models reported as failed

AnyModel = PagedTableModel[Any, Any, Any]


def wait_until(condition: Callable[[], bool], what: str) -> float:
    """Run the event loop until ``condition`` holds; the seconds it took. The loop sleeps
    between events as the app's does (a busy loop would hold the GIL the workers need)."""
    start = time.perf_counter()
    ticker = QTimer()
    ticker.start(20)  # wake up now and then to look at the clock
    try:
        while not condition():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if FAILURES:
                raise RuntimeError(f"{what}: the list failed to load: {FAILURES[0]}")
            if time.perf_counter() - start > TIMEOUT_S:
                raise TimeoutError(f"{what}: no answer after {TIMEOUT_S:.0f} s")
    finally:
        ticker.stop()
    return time.perf_counter() - start


def rows_loaded(model: AnyModel, first: int, last: int) -> bool:
    return all(model.row_at(r) is not None for r in range(first, last + 1))


def dispose(obj: QObject) -> None:
    """Delete ``obj`` now. processEvents() leaves deferred deletes queued, so every view
    (a 1200x820 backing store, 4 MB) and model of the run stayed alive until the end: 5 MB a
    run, which the peak memory figure counted."""
    obj.deleteLater()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def table_for(model: AnyModel) -> QTableView:
    """A table view set up as ``ListPage`` sets up its table."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.resize(1200, 26 * FIRST_SCREEN_ROWS + 40)
    view.show()
    return view


def one_run(model: AnyModel, row_filter: object) -> dict[str, float]:
    model.failed.connect(FAILURES.append)
    view = table_for(model)
    QCoreApplication.processEvents()
    out: dict[str, float] = {}
    start = time.perf_counter()
    model.set_filter(row_filter)
    wait_until(
        lambda: (
            (model.is_complete and model.rowCount() == 0)
            or (
                model.rowCount() > 0
                and rows_loaded(model, 0, min(FIRST_SCREEN_ROWS, model.rowCount()) - 1)
            )
        ),
        "first screen",
    )
    out["first"] = time.perf_counter() - start
    wait_until(lambda: model.total is not None, "count")
    out["count"] = time.perf_counter() - start
    QCoreApplication.processEvents()
    last = model.rowCount() - 1
    if last < 0:  # nothing matches: the empty first screen is the whole list
        for key in ("last", "drag", "middle"):
            out[key] = out["first"]
        view.close()
        dispose(view)
        return out
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    start = time.perf_counter()
    QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: model.row_at(last) is not None, "last row")
    out["last"] = time.perf_counter() - start
    if view.currentIndex().row() != last:
        print(f"warning: Ctrl+End went to row {view.currentIndex().row()}, not {last}")
    bar = view.verticalScrollBar()
    bar.setValue(0)
    model.reload()  # forget the last page: the drag must fetch it again
    wait_until(
        lambda: (
            model.total is not None and rows_loaded(model, 0, min(FIRST_SCREEN_ROWS, last + 1) - 1)
        ),
        "top",
    )
    for step in range(1, DRAG_STEPS):  # the thumb dragged down, a frame at a time
        bar.setValue(bar.maximum() * step // DRAG_STEPS)
        QCoreApplication.processEvents()
        time.sleep(0.016)
    start = time.perf_counter()
    bar.setValue(bar.maximum())
    wait_until(lambda: model.row_at(last) is not None, "dragged to the bottom")
    out["drag"] = time.perf_counter() - start
    start = time.perf_counter()
    bar.setValue(bar.maximum() // 2)
    QCoreApplication.processEvents()
    shown = view.rowAt(view.viewport().height() // 2)
    target = shown if shown >= 0 else model.rowCount() // 2
    wait_until(lambda: model.row_at(target) is not None, "middle")
    out["middle"] = time.perf_counter() - start
    view.close()
    dispose(view)
    return out


def raw_pages(db: Database, base: Any, total: int) -> dict[str, float]:
    """The plain baseline: one page of 100 ids for the same filter in plain SQL (the filter's
    conditions, ORDER BY and LIMIT/OFFSET, nothing else), newest first (first screen), oldest
    first (last row, the drag to the bottom) and by OFFSET to the middle, and a plain count.
    ``base`` is a ``Baseline``. Seconds each, as the model figures."""
    pages = {
        "first": base.page(False, 0),
        "last": base.page(True, 0),
        "drag": base.page(True, 0),
        "middle": base.page(False, total // 2),
    }
    out: dict[str, float] = {}
    with db.engine.connect() as conn:
        for key, stmt in pages.items():
            started = time.perf_counter()
            conn.execute(stmt).all()
            out[key] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(base.count()).all()
        out["count"] = time.perf_counter() - started
    return out


def ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(v * 1000 for v in values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


FIGURES: list[dict[str, object]] = []


def report(name: str, runs: list[dict[str, float]], plain: list[dict[str, float]]) -> None:
    for key, label, target in (
        ("first", "first screen", TARGET_MS),
        ("last", "jump to the last row", TARGET_MS),
        ("drag", "scroll bar dragged to the bottom", TARGET_MS),
        ("count", "count (in the background)", None),
        ("middle", "middle of the list (by offset)", 300.0),
    ):
        median, p95 = ms([r[key] for r in runs])
        raw_median, raw_p95 = ms([r[key] for r in plain])
        goal = f"target < {target:.0f} ms" if target is not None else "no target"
        verdict = "" if target is None else ("OK" if p95 < target else "SLOW")
        print(
            f"{name}: {label}: median {median:.1f} ms, p95 {p95:.1f} ms ({goal}) {verdict}; "
            f"plain SQL median {raw_median:.1f} ms, p95 {raw_p95:.1f} ms"
        )
        for stat, value, base in (("median", median, raw_median), ("p95", p95, raw_p95)):
            FIGURES.append(
                {
                    "figure": f"{name}: {label}, {stat}",
                    "value": round(value, 1),
                    "unit": "ms",
                    "target": target if stat == "p95" else None,
                    "ok": None if target is None or stat != "p95" else p95 < target,
                    "note": "plain: the raw SQL of one page of ids",
                    "baseline": round(base, 2),
                    "ratio": round(value / base, 2) if base else None,
                }
            )


@dataclass(frozen=True)
class Baseline:
    """The plain SQL of a list: its table's id, date column and the filter's conditions."""

    ids: Any
    day: Any
    conds: tuple[Any, ...]

    def page(self, ascending: bool, offset: int) -> Any:
        order = (
            (self.day.asc(), self.ids.asc()) if ascending else (self.day.desc(), self.ids.desc())
        )
        stmt = select(self.ids).where(*self.conds).order_by(*order).limit(100)
        return stmt.offset(offset) if offset else stmt

    def count(self) -> Any:
        return select(func.count(self.ids)).where(*self.conds)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], AnyModel]
    row_filter: object
    baseline: Baseline


# Words of the demo's subjects: one in a third of them, one in a few dozen of 1.7M.
COMMON_WORD = "soruldu"
RARE_WORD = "merdiveni"


def request_cases(db: Database, ctx: AppContext) -> list[Case]:
    """The request list (Ön Masa / Talepler) under each filter its bar offers, with values as a
    desk picks them: the busiest directorate and channel, the creator of the most requests for
    "mine" (acting as that desk user), the 30 days up to the newest request (the ten-year data
    ends before today), the citizen with the most requests, and a reference of this database."""
    with read_only(db) as session:
        busiest = session.execute(
            select(Request.directorate_id, func.count())
            .where(Request.directorate_id.is_not(None))
            .group_by(Request.directorate_id)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
        channel = session.execute(
            select(Channel.code, func.count())
            .join(Request, Request.channel_id == Channel.id)
            .group_by(Channel.code)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
        creator = session.scalar(
            select(Request.created_by_id)
            .where(Request.created_by_id.is_not(None))
            .group_by(Request.created_by_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        newest = session.scalar(select(func.max(Request.created_at)))
        citizen = session.scalar(
            select(Request.citizen_id)
            .where(Request.citizen_id.is_not(None))
            .group_by(Request.citizen_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        middle_id = (session.scalar(select(func.max(Request.id))) or 0) // 2
        reference = session.scalar(
            select(Request.reference).where(Request.id >= middle_id).order_by(Request.id).limit(1)
        )
    last_day = local_today(newest) if newest is not None else local_today()
    mine_ctx = ctx
    if creator is not None:
        mine_ctx = ctx.with_actor(Actor(user_id=creator, username="bench", role=Role.DESK))
    filters: list[tuple[str, RequestFilter, AppContext]] = [
        ("all", RequestFilter(), ctx),
        ("open", RequestFilter(statuses=OPEN_STATUSES), ctx),
        ("closed", RequestFilter(statuses=("CLOSED",)), ctx),
        ("one directorate", RequestFilter(directorate_id=busiest[0] if busiest else -1), ctx),
        ("a channel", RequestFilter(channel_code=channel[0] if channel else "DESK"), ctx),
        ("overdue", RequestFilter(overdue_only=True), ctx),
        ("informed too late", RequestFilter(inform_late_only=True), ctx),
        (
            "last 30 days",
            RequestFilter(date_from=last_day - timedelta(days=30), date_to=last_day),
            ctx,
        ),
        ("mine", RequestFilter(mine=True), mine_ctx),
        ("a citizen", RequestFilter(citizen_id=citizen if citizen is not None else -1), ctx),
        ("common word", RequestFilter(text=COMMON_WORD), ctx),
        ("rare word", RequestFilter(text=RARE_WORD), ctx),
        ("a reference", RequestFilter(text=reference or "GK-2000-000001"), ctx),
    ]
    cases: list[Case] = []
    now = utcnow()
    for label, row_filter, case_ctx in filters:
        with read_only(db) as session:
            conds = request_conditions(session, case_ctx.user, row_filter, local_today(now), now)
        cases.append(
            Case(
                f"requests ({label})",
                functools.partial(RequestTableModel, case_ctx),
                row_filter,
                Baseline(Request.id, Request.created_at, tuple(conds)),
            )
        )
    return cases


def application_cases(db: Database, ctx: AppContext) -> list[Case]:
    """The application list (Başvurular) under each filter of its page: a status, the pending
    ones, a mahalle, a channel, waiting longer than 30 days, a name typed, a reference typed."""
    A = BabySetApplication
    with read_only(db) as session:
        mahalle = session.scalar(
            select(Address.mahalle_id)
            .join(A, A.address_id == Address.id)
            .where(Address.mahalle_id.is_not(None))
            .group_by(Address.mahalle_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        channel = session.scalar(
            select(Channel.code)
            .join(A, A.channel_id == Channel.id)
            .group_by(Channel.code)
            .order_by(func.count().desc())
            .limit(1)
        )
        newest = session.execute(
            select(A.reference, Citizen.last_name)
            .join(Citizen, Citizen.id == A.citizen_id)
            .order_by(A.applied_at.desc(), A.id.desc())
            .limit(1)
        ).first()
    filters: list[tuple[str, ApplicationFilter]] = [
        ("all", ApplicationFilter()),
        ("delivered", ApplicationFilter(statuses=("DELIVERED",))),
        ("pending", ApplicationFilter(statuses=("RECEIVED", "SUSPECTED_DUPLICATE"))),
        ("a mahalle", ApplicationFilter(mahalle_id=mahalle if mahalle is not None else -1)),
        ("a channel", ApplicationFilter(channel_code=channel or "DESK")),
        ("waiting > 30 days", ApplicationFilter(waiting_more_than_days=30)),
        ("a name", ApplicationFilter(text=newest[1] if newest else "Yılmaz")),
        ("a reference", ApplicationFilter(text=newest[0] if newest else "HGB-2000-00001")),
    ]
    cases: list[Case] = []
    today = local_today()
    for label, row_filter in filters:
        statuses = application_statuses(row_filter)
        with read_only(db) as session:
            conds = [A.status.in_(statuses), *application_conditions(session, row_filter, today)]
        cases.append(
            Case(
                f"applications ({label})",
                lambda: ApplicationTableModel(ctx),
                row_filter,
                Baseline(A.id, A.applied_at, tuple(conds)),
            )
        )
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file path")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the lists whose name contains one of these (comma list)",
    )
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    # Garbage collected as the desk collects it: from a timer on the GUI thread, with what is
    # loaded at start-up frozen out of the collector's generations (ui/app.py).
    GuiThreadGarbageCollector(app)  # a child of the application: lives as long as it
    db = Database(args.db)
    settings = Settings(db_url=args.db, db_url_source="--db", config_path=Path(os.devnull))
    ctx = AppContext(db=db, settings=settings).with_actor(cli_actor())
    cases = request_cases(db, ctx) + application_cases(db, ctx)
    # The desk freezes right after its imports, before any work; here the set-up's queries
    # left garbage of their own, collected first so that it is not frozen for good.
    gc.collect()
    gc.freeze()
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    if wanted:
        cases = [c for c in cases if any(w in c.name for w in wanted)]
    for case in cases:
        runs: list[dict[str, float]] = []
        plain: list[dict[str, float]] = []
        total = 0
        for _ in range(max(1, args.repeat)):  # interleaved: both see the same load
            model = case.make()
            runs.append(one_run(model, case.row_filter))
            total = model.total or 0
            dispose(model)
            plain.append(raw_pages(db, case.baseline, total))
        print(f"{case.name}: {total:,} rows, {len(runs)} runs", flush=True)
        report(case.name, runs, plain)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "OK" if peak_mb < TARGET_RSS_MB else "TOO BIG"
    print(f"peak RSS: {peak_mb:.0f} MB (target < {TARGET_RSS_MB:.0f} MB) {verdict}")
    FIGURES.append(
        {
            "figure": "lists: peak memory of the process",
            "value": round(peak_mb),
            "unit": "MB",
            "target": TARGET_RSS_MB,
            "ok": peak_mb < TARGET_RSS_MB,
            "note": "",
        }
    )
    if args.json:
        args.json.write_text(json.dumps(FIGURES, ensure_ascii=False, indent=1), encoding="utf-8")
    db.dispose()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
