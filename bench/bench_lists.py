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
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from desk_app.db import Database
from desk_app.services.applications import ApplicationFilter
from desk_app.services.context import cli_actor
from desk_app.services.requests import OPEN_STATUSES, RequestFilter
from desk_app.settings import Settings
from desk_app.ui.applications.table_model import ApplicationTableModel
from desk_app.ui.kit.context import AppContext
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
            model.rowCount() > 0
            and rows_loaded(model, 0, min(FIRST_SCREEN_ROWS, model.rowCount()) - 1)
        ),
        "first screen",
    )
    out["first"] = time.perf_counter() - start
    wait_until(lambda: model.total is not None, "count")
    out["count"] = time.perf_counter() - start
    QCoreApplication.processEvents()
    last = model.rowCount() - 1
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
    view.deleteLater()
    QCoreApplication.processEvents()
    return out


def raw_pages(
    db: Database, table: str, date_column: str, where: str, total: int
) -> dict[str, float]:
    """The plain baseline: the raw SQL of one page of 100 ids for the same filter, newest
    first (first screen), oldest first (last row, the drag to the bottom) and by OFFSET to the
    middle, and a raw count. Seconds each, as the model figures."""
    pages = {
        "first": f"ORDER BY {date_column} DESC, id DESC LIMIT 100",
        "last": f"ORDER BY {date_column} ASC, id ASC LIMIT 100",
        "drag": f"ORDER BY {date_column} ASC, id ASC LIMIT 100",
        "middle": f"ORDER BY {date_column} DESC, id DESC LIMIT 100 OFFSET {total // 2}",
    }
    out: dict[str, float] = {}
    with db.engine.connect() as conn:
        for key, tail in pages.items():
            started = time.perf_counter()
            conn.exec_driver_sql(f"SELECT id FROM {table} {where} {tail}").all()
            out[key] = time.perf_counter() - started
        started = time.perf_counter()
        conn.exec_driver_sql(f"SELECT count(*) FROM {table} {where}").all()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file path")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    db = Database(args.db)
    settings = Settings(db_url=args.db, db_url_source="--db", config_path=Path(os.devnull))
    ctx = AppContext(db=db, settings=settings).with_actor(cli_actor())
    open_in = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    lists: list[tuple[str, Callable[[], AnyModel], object, tuple[str, str, str]]] = [
        (
            "requests (all)",
            lambda: RequestTableModel(ctx),
            RequestFilter(),
            ("request", "created_at", ""),
        ),
        (
            "requests (open)",
            lambda: RequestTableModel(ctx),
            RequestFilter(statuses=OPEN_STATUSES),
            ("request", "created_at", f"WHERE status IN ({open_in})"),
        ),
        (
            "requests (closed)",
            lambda: RequestTableModel(ctx),
            RequestFilter(statuses=("CLOSED",)),
            ("request", "created_at", "WHERE status = 'CLOSED'"),
        ),
        (
            "applications (all)",
            lambda: ApplicationTableModel(ctx),
            ApplicationFilter(),
            ("babyset_application", "applied_at", ""),
        ),
    ]
    for name, make, row_filter, (table, column, where) in lists:
        runs: list[dict[str, float]] = []
        plain: list[dict[str, float]] = []
        total = 0
        for _ in range(max(1, args.repeat)):  # interleaved: both see the same load
            model = make()
            runs.append(one_run(model, row_filter))
            total = model.total or 0
            model.deleteLater()
            QCoreApplication.processEvents()
            plain.append(raw_pages(db, table, column, where, total))
        print(f"{name}: {total:,} rows, {len(runs)} runs")
        report(name, runs, plain)
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
