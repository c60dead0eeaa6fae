"""The long lists as a window: every row has its place once counted, only the pages looked at
are loaded (the last one read from the old end, a middle one by offset or next to a cached
neighbour), stale pages dropped on a new filter, the cache bounded, the page still working."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from desk_app.db import Database
from desk_app.models import BabySetApplication, Channel, Citizen, Directorate, Request
from desk_app.services.applications import query as aq
from desk_app.services.applications.query import ApplicationFilter
from desk_app.services.context import Actor
from desk_app.services.requests import query as rq
from desk_app.services.requests.query import RequestFilter
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import read_only, unit_of_work
from desk_app.ui.applications.table_model import ApplicationTableModel
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.paged_table_model import (
    KIND_WINDOW,
    PLACEHOLDER,
    PagedTableModel,
    PageResult,
)
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.requests.table_model import COL_REFERENCE, PAGE_SIZE, RequestTableModel

N = 3000
WAIT_MS = 15_000
STATUSES = ["NEW", "FORWARDED", "RESOLVED", "CLOSED", "CLOSED", "REJECTED"]


def _bulk_requests(db: Database, creator: int, n: int = N) -> None:
    """``n`` requests, a few seconds apart, every tenth pair at the same instant (ties are
    broken by the id), inserted with one Core INSERT."""
    with read_only(db) as s:
        channel = s.scalar(select(Channel.id).where(Channel.code == "DESK"))
        directorate = s.scalar(select(Directorate.id).limit(1))
    start = datetime(2024, 1, 1, 8, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        at = start + timedelta(seconds=37 * (i - (i % 2 if i % 10 == 0 else 0)))
        rows.append(
            {
                "reference": f"GK-2024-{i + 1:06d}",
                "citizen_id": None,
                "channel_id": channel,
                "category_id": None,
                "directorate_id": directorate,
                "subject": f"Talep {i + 1}",
                "description": "",
                "status": STATUSES[i % len(STATUSES)],
                "due_date": date(2024, 2, 1),
                "created_by_id": creator,
                "created_at": at,
                "updated_at": at,
                "version": 1,
            }
        )
    with unit_of_work(db) as s:
        s.execute(insert(Request), rows)


def _bulk_applications(db: Database, n: int) -> None:
    with unit_of_work(db) as s:
        channel = s.scalar(select(Channel.id).where(Channel.code == "DESK"))
        citizen = Citizen(
            first_name="Elif", last_name="Kaya", name_folded="elif kaya", last_name_folded="kaya"
        )
        s.add(citizen)
        s.flush()
        now = datetime.now(UTC)
        statuses = ["RECEIVED", "APPROVED", "DELIVERED", "CANCELLED"]
        s.execute(
            insert(BabySetApplication),
            [
                {
                    "reference": f"HGB-2024-{i + 1:05d}",
                    "citizen_id": citizen.id,
                    "channel_id": channel,
                    "applied_at": date(2020, 1, 1) + timedelta(days=i // 3),
                    "baby_first_name": "Bebek",
                    "baby_last_name": f"{i}",
                    "baby_name_folded": f"bebek {i}",
                    "baby_birth_date": date(2020, 1, 1),
                    "baby_key": f"key-{i}",
                    "status": statuses[i % len(statuses)],
                    "failed_attempts": 0,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ],
        )


def _wait_idle(qtbot: QtBot, model: PagedTableModel[Any, Any, Any]) -> None:
    qtbot.waitUntil(lambda: not model.is_loading and model.total is not None, timeout=WAIT_MS)


def _ids(model: PagedTableModel[Any, Any, Any], first: int, last: int) -> list[int]:
    rows = [model.row_at(r) for r in range(first, last + 1)]
    assert all(r is not None for r in rows), "rows not loaded"
    return [r.id for r in rows]  # type: ignore[union-attr]


@pytest.fixture
def requests_model(qtbot: QtBot, admin_ctx: AppContext, admin: Actor) -> RequestTableModel:
    _bulk_requests(admin_ctx.db, admin.user_id or 0)
    model = RequestTableModel(admin_ctx)
    model.set_filter(RequestFilter())
    _wait_idle(qtbot, model)
    return model


def _view(qtbot: QtBot, model: PagedTableModel[Any, Any, Any]) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.verticalHeader().setDefaultSectionSize(26)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_row_count_is_the_count_and_only_the_first_page_is_read(
    requests_model: RequestTableModel, admin_ctx: AppContext
) -> None:
    model = requests_model
    expected = rq.count_requests(admin_ctx.db, admin_ctx.user, RequestFilter())
    assert model.total == model.rowCount() == expected == N
    assert model.cached_pages == [0]
    assert not model.canFetchMore()
    assert model.row_at(PAGE_SIZE) is None
    assert model.index(N - 1, COL_REFERENCE).data() == PLACEHOLDER


def test_scrolling_to_the_bottom_shows_the_oldest_rows(
    qtbot: QtBot, requests_model: RequestTableModel, admin_ctx: AppContext
) -> None:
    model = requests_model
    offsets: list[int] = []
    real_at = model._fetch_page_at

    def spy(*args: Any) -> Any:
        offsets.append(args[2])
        return real_at(*args)

    model._fetch_page_at = spy  # type: ignore[method-assign,assignment]
    view = _view(qtbot, model)
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == N - 1
    qtbot.waitUntil(lambda: model.row_at(N - 1) is not None, timeout=WAIT_MS)
    _wait_idle(qtbot, model)
    oldest = rq.list_requests(admin_ctx.db, admin_ctx.user, RequestFilter(), N - 30, 30)
    assert _ids(model, N - 30, N - 1) == [r.id for r in oldest]
    assert model.index(N - 1, COL_REFERENCE).data() == "GK-2024-000001"  # the first one made
    # Read from the old end (offset 0 from there), not through the pages in between.
    assert offsets and min(offsets) == 0
    assert len(model.cached_pages) <= 4


def _spy_on_fetches(model: RequestTableModel) -> list[str]:
    """The names of the page fetchers the model calls from now on, in order."""
    calls: list[str] = []
    for name in ("_fetch_page", "_fetch_page_before", "_fetch_page_at"):
        real = getattr(model, name)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            calls.append(_name)
            return _real(*args)

        setattr(model, name, spy)
    return calls


def test_a_middle_page_and_its_neighbours_show_the_right_rows(
    qtbot: QtBot, requests_model: RequestTableModel, admin_ctx: AppContext
) -> None:
    model = requests_model
    db, user, f = admin_ctx.db, admin_ctx.user, RequestFilter()
    calls = _spy_on_fetches(model)
    model.load_rows(1500, 1599)  # page 15, no neighbour: by offset
    _wait_idle(qtbot, model)
    assert calls == ["_fetch_page_at"]
    assert _ids(model, 1500, 1599) == [r.id for r in rq.list_requests(db, user, f, 1500, 100)]
    model.load_rows(1600, 1699)  # below a cached page: keyset after its last row
    _wait_idle(qtbot, model)
    model.load_rows(1400, 1499)  # above a cached page: keyset before its first row
    _wait_idle(qtbot, model)
    assert calls == ["_fetch_page_at", "_fetch_page", "_fetch_page_before"]
    assert _ids(model, 1400, 1699) == [r.id for r in rq.list_requests(db, user, f, 1400, 300)]


@pytest.mark.parametrize("word", ["ta", "talep"])
def test_a_word_filter_reads_a_middle_page_after_its_checkpoint(
    qtbot: QtBot,
    requests_model: RequestTableModel,
    admin_ctx: AppContext,
    word: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A word the subject index does not serve (shorter than three characters, or in more
    subjects than FEW_WORD_ROWS: "talep" is in all of them here) is found by reading every row,
    so skipping to the middle would read every row before it: the count brings the key of each
    page's last row, and the middle page is read after the one above it, with the same rows as
    by offset (ties on the instant included)."""
    monkeypatch.setattr(rq, "FEW_WORD_ROWS", N // 2)
    model = requests_model
    db, user, f = admin_ctx.db, admin_ctx.user, RequestFilter(text=word)
    model.set_filter(f)
    _wait_idle(qtbot, model)
    assert model.total == N
    calls = _spy_on_fetches(model)
    model.load_rows(1500, 1599)  # page 15, no neighbour: after the checkpoint of page 14
    model.load_rows(2200, 2299)
    _wait_idle(qtbot, model)
    assert calls == ["_fetch_page", "_fetch_page"]
    assert _ids(model, 1500, 1599) == [r.id for r in rq.list_requests(db, user, f, 1500, 100)]
    assert _ids(model, 2200, 2299) == [r.id for r in rq.list_requests(db, user, f, 2200, 100)]


def test_a_rare_word_reads_a_middle_page_by_offset(
    qtbot: QtBot, requests_model: RequestTableModel, admin_ctx: AppContext
) -> None:
    """A word the subject index serves (in at most FEW_WORD_ROWS subjects) is counted and
    paged from its index hits: no checkpoints, the middle is read by offset."""
    model = requests_model
    db, user, f = admin_ctx.db, admin_ctx.user, RequestFilter(text="TALEP 1")
    model.set_filter(f)
    _wait_idle(qtbot, model)
    total = model.total
    assert total == sum(1 for i in range(1, N + 1) if str(i).startswith("1"))
    calls = _spy_on_fetches(model)
    model.load_rows(500, 599)
    _wait_idle(qtbot, model)
    assert calls == ["_fetch_page_at"]
    assert _ids(model, 500, 599) == [r.id for r in rq.list_requests(db, user, f, 500, 100)]


def test_a_filter_change_drops_stale_pages(
    qtbot: QtBot, requests_model: RequestTableModel, admin_ctx: AppContext
) -> None:
    model = requests_model
    model.load_rows(2000, 2099)
    _wait_idle(qtbot, model)
    old_generation = model.generation
    stale = [model.row_at(r) for r in range(2000, 2100)]
    closed = RequestFilter(statuses=("CLOSED",))
    model.set_filter(closed)
    assert model.cached_pages == [] and model.rowCount() == 0
    # A page of the old filter that arrives late is dropped.
    model.on_page_done(PageResult(old_generation, KIND_WINDOW, {3: stale}))
    assert model.cached_pages == []
    _wait_idle(qtbot, model)
    expected = rq.count_requests(admin_ctx.db, admin_ctx.user, closed)
    assert model.total == model.rowCount() == expected
    model.load_rows(expected - 10, expected - 1)
    _wait_idle(qtbot, model)
    last = rq.list_requests(admin_ctx.db, admin_ctx.user, closed, expected - 10, 10)
    assert _ids(model, expected - 10, expected - 1) == [r.id for r in last]
    assert all(model.row_at(r).status == "CLOSED" for r in range(expected - 10, expected))  # type: ignore[union-attr]


def test_the_cache_stays_bounded_after_scrolling_through_everything(
    qtbot: QtBot, requests_model: RequestTableModel
) -> None:
    model = requests_model
    model.max_pages = 8
    view = _view(qtbot, model)
    seen: set[int] = set()
    for row in range(0, N, PAGE_SIZE // 2):
        view.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.row_at(row) is not None, timeout=WAIT_MS)  # type: ignore[misc]
        assert len(model.cached_pages) <= 8
        seen.update(r.id for r in (model.row_at(i) for i in range(row, row + 5)) if r)
    _wait_idle(qtbot, model)
    assert len(model.cached_pages) <= 8
    assert len(seen) == len(range(0, N, PAGE_SIZE // 2)) * 5  # every row read was another one
    assert model.rowCount() == N


def test_the_application_list_is_a_window_too(
    qtbot: QtBot, admin_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.ui.applications import table_model as application_table_model

    monkeypatch.setattr(application_table_model, "PAGE_SIZE", 20)
    _bulk_applications(admin_ctx.db, 500)
    model = ApplicationTableModel(admin_ctx)
    model.set_filter(ApplicationFilter())
    _wait_idle(qtbot, model)
    assert model.rowCount() == model.total == 500 and model.cached_pages == [0]
    db, user, f = admin_ctx.db, admin_ctx.user, ApplicationFilter()
    every = aq.list_applications_at(db, user, f, 0, 500)
    assert [r.id for r in every[:20]] == _ids(model, 0, 19)
    view = _view(qtbot, model)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.row_at(499) is not None, timeout=WAIT_MS)
    _wait_idle(qtbot, model)
    assert _ids(model, 480, 499) == [r.id for r in every[480:]]
    model.load_rows(240, 259)
    _wait_idle(qtbot, model)
    assert _ids(model, 240, 259) == [r.id for r in every[240:260]]
    # The services agree with each other: before a key, from the end, after a key.
    key = (every[260].applied_at, every[260].id)
    assert [r.id for r in aq.list_applications_before(db, user, f, key, 20)] == [
        r.id for r in every[240:260]
    ]
    assert [r.id for r in aq.list_applications_at(db, user, f, 0, 20, from_end=True)] == [
        r.id for r in every[480:]
    ]


def test_the_front_desk_keeps_the_selected_row_near_the_end_when_another_desk_writes(
    qtbot: QtBot, admin_ctx: AppContext, admin: Actor
) -> None:
    _bulk_requests(admin_ctx.db, admin.user_id or 0, n=1200)
    page = FrontDeskPage(admin_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    page.apply_filters()
    _wait_idle(qtbot, page.model)
    model = page.model
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.row_at(1199) is not None, timeout=WAIT_MS)
    _wait_idle(qtbot, model)
    page.table.selectRow(1190)
    chosen = page.selected_request_id()
    assert chosen == model.row_at(1190).id  # type: ignore[union-attr]
    with read_only(admin_ctx.db) as s:
        directorate = s.scalar(select(Directorate.id).limit(1))
    create_request(
        admin_ctx.db,
        admin,
        RequestInput(
            citizen_id=None,
            channel_code="WEB",
            directorate_id=directorate,
            subject="Başka masadan gelen talep",
        ),
    )
    with qtbot.waitSignal(model.refreshed, timeout=WAIT_MS):
        page.refresh_data()
    _wait_idle(qtbot, model)
    assert model.rowCount() == 1201
    assert page.selected_request_id() == chosen
    assert page.table.currentIndex().row() == 1191  # one newer row above it now
    assert page.count_label.text() == "1.201 talep"
