"""A network that drops packets, and a SQLite writer that holds the lock: the window never
freezes. A 20 ms QTimer on the GUI thread (the heartbeat) must never be late by more than
150 ms while a save, a search and the opening of a citizen's card and of a request wait on a
database that neither answers nor refuses (the request's window shows at once, loading).

- PostgreSQL runs behind a TCP proxy of the test's own that stops forwarding on demand: bytes
  are taken and dropped, nothing comes back, no connection is refused. The status bar's
  "bağlantı yok" appears (the ping has not answered in time); when the link finally breaks,
  the form shows its retry banner and keeps what was typed.
- SQLite: another process holds the write lock (BEGIN IMMEDIATE); the save and the openings
  (each records the KVKK read) wait in their workers for ``busy_timeout`` and are written once
  the lock is released.
- Printing a day (the planner's "Fişleri yazdır…" for a team's day): the PDF is prepared in a
  worker; on the dead link it waits, then fails in the dialog with no slip counted as printed;
  behind the SQLite writer it waits for the lock, then opens the preview.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import ValidationError
from desk_app.domain.states import DeliveryKind, Role
from desk_app.models import Request
from desk_app.services import lookups
from desk_app.services.admin import auth
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import TeamRow
from desk_app.services.delivery.plan import team_day_deliveries
from desk_app.services.requests import RequestDetail, RequestInput, create_request
from desk_app.services.uow import read_only
from desk_app.settings import Settings
from desk_app.ui.citizens.search import CitizenSearch
from desk_app.ui.delivery.day_dialog import DeliveryDayDialog
from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.requests.detail_dialog import RequestDetailDialog
from desk_app.ui.requests.form_dialog import RequestFormDialog
from desk_app.ui.session.connection_watch import ConnectionWatch
from tests.own_pg import OwnServer, own_server
from tests.services.delivery.delivery_fixtures import approved, make_stock, make_teams
from tests.ui.ops import wait_ops

HEARTBEAT_MS = 20
MAX_LATE_S = 0.150
OBSERVE_S = 2.0


class Heartbeat:
    """A 20 ms timer on the GUI thread; ``max_late`` is its worst delay so far (seconds)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.max_late = 0.0
        self.ticks = 0
        self._last = 0.0
        self._started = 0.0

    def start(self) -> None:
        self._started = self._last = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def _tick(self) -> None:
        now = time.monotonic()
        self.max_late = max(self.max_late, now - self._last - HEARTBEAT_MS / 1000)
        self._last = now
        self.ticks += 1


class StallingProxy:
    """Forwards 127.0.0.1:<port> to the server until ``stall()``; then every byte either way
    is read and dropped and new connections are accepted and never answered. ``close()``
    drops every connection (the stuck calls then end) and stops listening."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = int(self.listener.getsockname()[1])
        self.stalled = threading.Event()
        self.closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self.stalled.set()

    def _keep(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._keep(client)
            if self.stalled.is_set():
                threading.Thread(target=self._pump, args=(client, None), daemon=True).start()
                continue
            upstream = socket.create_connection(self.target)
            self._keep(upstream)
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket | None) -> None:
        src.settimeout(0.1)
        while not self.closed.is_set():
            try:
                data = src.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if dst is None or self.stalled.is_set():
                continue  # swallowed: nobody answers, nobody refuses
            try:
                dst.sendall(data)
            except OSError:
                break
        for sock in (src, dst):
            if sock is not None:
                sock.close()

    def close(self) -> None:
        self.closed.set()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.listener.close()


def _count_requests(db: Database) -> int:
    with read_only(db) as s:
        return int(s.scalar(select(func.count()).select_from(Request)) or 0)


def _fill(qtbot: QtBot, form: RequestFormDialog) -> None:
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.lists_ready, timeout=10_000)
    form.directorate_combo.setCurrentIndex(1)
    form.subject_edit.setText("Kaldırım çökmüş")
    form.touch("konu")
    form.description_edit.setPlainText("Okul önünde, çocuklar için tehlikeli.")
    qtbot.waitUntil(form.save_button.isEnabled, timeout=10_000)


def _a_request(db: Database, actor: Actor, citizen_id: int) -> RequestDetail:
    directorate = lookups.list_directorates(db)[0].id
    return create_request(
        db, actor, RequestInput(citizen_id, directorate_id=directorate, subject="Park bakımsız")
    )


def _open_request(qtbot: QtBot, ctx: AppContext, request_id: int) -> RequestDetailDialog:
    """The request's window opens at once, loading; the request is read in a worker.

    Called before the heartbeat starts: building and first painting the window is CPU work
    (on the shared two-core CI under load it alone took 0.15-0.25 s); what the heartbeat
    judges is the wait for the database, which starts here and lasts the whole observation."""
    dialog = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.loaded and dialog.windowTitle() == "Yükleniyor…"
    return dialog


def _search_box(qtbot: QtBot, ctx: AppContext) -> tuple[QWidget, CitizenSearch]:
    window = QWidget()
    qtbot.addWidget(window)
    edit = QLineEdit(window)
    window.show()
    return window, CitizenSearch(ctx, edit, window)


# --- PostgreSQL behind a link that stops answering --------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[OwnServer]:
    yield from own_server()


@pytest.fixture
def proxy(server: OwnServer) -> Iterator[StallingProxy]:
    url = make_url(server.url)
    link = StallingProxy(url.host or "127.0.0.1", int(url.port or 5432))
    yield link
    link.close()


@pytest.fixture
def stalled_ctx(
    server: OwnServer, proxy: StallingProxy, tmp_path: Path
) -> Iterator[tuple[AppContext, Database]]:
    direct = Database(server.url)
    direct.upgrade()
    # The person logs in with their own PostgreSQL login, through the proxy (a login belongs
    # to the module's server: the first test adds it).
    with contextlib.suppress(ValidationError):
        auth.add_login(
            direct,
            auth.session_actor(direct),
            "admin",
            "Ayşe Yılmaz",
            Role.ADMIN,
            "yonetici-parola",
        )
    via_proxy = make_url(server.url).set(host="127.0.0.1", port=proxy.port)
    owner_via_proxy = Database(via_proxy.render_as_string(hide_password=False))
    db, actor = auth.open_session(owner_via_proxy, "admin", "yonetici-parola")
    owner_via_proxy.dispose()
    settings = Settings(db_url=server.url, db_url_source="test", config_path=tmp_path / "c.ini")
    yield AppContext(db=db, settings=settings).with_actor(actor), direct
    proxy.close()
    db.dispose()
    direct.dispose()


def test_a_link_that_stops_answering_never_freezes_the_window(
    qtbot: QtBot,
    proxy: StallingProxy,
    stalled_ctx: tuple[AppContext, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)  # closing at the end
    ctx, direct = stalled_ctx
    actor = ctx.user
    assert isinstance(actor, Actor)
    citizen = create_citizen(direct, actor, CitizenInput("Fatma", "Öztürk", phone="05321112233"))
    request = _a_request(direct, actor, citizen.id)
    told: list[str] = []  # what the clerk is told when the link finally breaks
    for kind in ("warning", "error"):
        monkeypatch.setattr(dialogs, kind, lambda _p, title, *_a, **_k: told.append(title))
    holder = QWidget()
    qtbot.addWidget(holder)
    watch = ConnectionWatch(ctx.db, holder, interval_ms=100, timeout_ms=600)
    watch.indicator.setParent(holder)
    watch.start()
    form = RequestFormDialog(ctx, citizen_id=citizen.id, citizen_name=citizen.full_name)
    _fill(qtbot, form)
    form.save_retry.timer.setInterval(200)
    _window, search = _search_box(qtbot, ctx)
    before = _count_requests(direct)

    proxy.stall()
    detail = _open_request(qtbot, ctx, request.id)
    heartbeat = Heartbeat()
    heartbeat.start()
    form.on_save_clicked()
    search.search("Öztürk")
    cards: list[QWidget] = []
    search.card_opened.connect(cards.append)
    search.open_card(citizen.id)
    qtbot.waitUntil(lambda: not watch.indicator.isHidden(), timeout=10_000)
    assert "bağlantı yok" in watch.indicator.text()
    qtbot.waitUntil(lambda: heartbeat.elapsed > OBSERVE_S, timeout=10_000)
    # The save, the search and the openings are still waiting on the dead link; the window
    # is not.
    assert form.saving and form.isVisible() and not form.save_button.isEnabled()
    assert search.is_searching
    assert form.subject_edit.isEnabled()  # what was typed stays readable and editable
    assert not cards  # the card shows once it has been read
    assert detail.isVisible() and not detail.loaded  # open, loading
    heartbeat.stop()
    assert heartbeat.ticks > OBSERVE_S * 1000 / HEARTBEAT_MS / 2
    assert heartbeat.max_late < MAX_LATE_S, f"GUI thread late by {heartbeat.max_late:.3f} s"

    # The link breaks for good: the stuck calls end, the form keeps the text and retries.
    proxy.close()
    qtbot.waitUntil(lambda: not form.saving and form.save_retry.active, timeout=20_000)
    assert form.save_retry.banner.isVisible()
    assert form.subject_edit.text() == "Kaldırım çökmüş"
    assert _count_requests(direct) == before
    # The card and the request could not be read: the clerk is told, the empty window closes.
    qtbot.waitUntil(lambda: not detail.isVisible(), timeout=20_000)
    qtbot.waitUntil(
        lambda: {"Vatandaş kartı açılamadı", "Talep açılamadı"} <= set(told), timeout=20_000
    )
    assert not cards
    form.save_retry.stop()
    watch.stop()


# --- SQLite with another process holding the write lock ---------------------------------------

_HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=1)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextlib.contextmanager
def _sqlite_lock_held(db: Database) -> Iterator[None]:
    """Another process holds the SQLite file's write lock (BEGIN IMMEDIATE) for the block."""
    path = db.url.database
    assert path
    writer = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        yield
    finally:
        assert writer.stdin is not None
        writer.stdin.write("\n")
        writer.stdin.close()
        writer.wait(10)


def test_a_writer_holding_the_sqlite_lock_never_freezes_the_window(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    if clerk_ctx.db.is_postgres:
        pytest.skip("the SQLite lock")
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    actor = clerk_ctx.user
    citizen = create_citizen(
        clerk_ctx.db, actor, CitizenInput("Fatma", "Öztürk", phone="05321112233")
    )
    request = _a_request(clerk_ctx.db, actor, citizen.id)
    form = RequestFormDialog(clerk_ctx, citizen_id=citizen.id, citizen_name=citizen.full_name)
    _fill(qtbot, form)
    _window, search = _search_box(qtbot, clerk_ctx)
    saved: list[object] = []
    form.request_saved.connect(saved.append)
    before = _count_requests(clerk_ctx.db)
    with _sqlite_lock_held(clerk_ctx.db):
        detail = _open_request(qtbot, clerk_ctx, request.id)
        heartbeat = Heartbeat()
        heartbeat.start()
        form.on_save_clicked()
        search.search("Öztürk")
        cards: list[QWidget] = []
        search.card_opened.connect(cards.append)
        search.open_card(citizen.id)
        qtbot.waitUntil(lambda: heartbeat.elapsed > OBSERVE_S, timeout=10_000)
        assert form.saving and not saved  # waiting for the lock, in its worker
        # Opening records the KVKK read: the card and the request wait for the lock too.
        assert not cards and detail.isVisible() and not detail.loaded
        # Readers are not blocked by a writer (WAL): the search answers meanwhile.
        qtbot.waitUntil(lambda: not search.is_searching, timeout=10_000)
        assert [h.citizen_id for h in search.hits] == [citizen.id]
        heartbeat.stop()
        assert heartbeat.max_late < MAX_LATE_S, f"GUI thread late by {heartbeat.max_late:.3f} s"
    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    assert _count_requests(clerk_ctx.db) == before + 1
    qtbot.waitUntil(lambda: bool(cards) and detail.loaded, timeout=20_000)
    assert detail.detail.reference == request.reference


# --- printing a day: the planner's print of a team's day ----------------------------------------


def _planned_day(db: Database, actor: Actor) -> tuple[date, TeamRow]:
    """Two home deliveries booked for team 1 on the next workday."""
    teams = make_teams(db, actor)
    make_stock(db, actor, 10)
    day = local_today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    for seed in range(2):
        application_id, version = approved(db, actor, seed=seed, building=str(10 + seed))
        book(db, actor, application_id, version, DeliveryKind.HOME, day, team_id=teams[0].id)
    return day, teams[0]


def _serials(db: Database, actor: Actor, team: TeamRow, day: date) -> list[int]:
    return [r.print_serial for r in team_day_deliveries(db, actor, team.id, day)]


def _print_dialog_of_the_day(
    qtbot: QtBot, ctx: AppContext, day: date, team: TeamRow
) -> tuple[DeliveryDayDialog, SlipPrintDialog]:
    """The planner's day of ``team`` and its "Fişleri yazdır…", both loaded."""
    planner = DeliveryDayDialog(ctx, day, team.id, team.name)
    qtbot.addWidget(planner)
    planner.show()
    wait_ops(qtbot)
    assert planner.model.rowCount() == 2
    planner.on_print_clicked()
    printing = planner.print_dialog
    assert isinstance(printing, SlipPrintDialog)
    qtbot.waitUntil(lambda: printing.teams_loaded, timeout=10_000)
    assert printing.team_name() == team.name
    return planner, printing


def test_printing_a_day_on_a_link_that_stops_answering_never_freezes_the_window(
    qtbot: QtBot,
    proxy: StallingProxy,
    stalled_ctx: tuple[AppContext, Database],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    ctx, direct = stalled_ctx
    actor = ctx.user
    assert isinstance(actor, Actor)
    day, team = _planned_day(direct, actor)
    serials = _serials(direct, actor, team, day)
    holder = QWidget()
    qtbot.addWidget(holder)
    watch = ConnectionWatch(ctx.db, holder, interval_ms=100, timeout_ms=600)
    watch.indicator.setParent(holder)
    watch.start()
    planner, printing = _print_dialog_of_the_day(qtbot, ctx, day, team)

    heartbeat = Heartbeat()
    heartbeat.start()
    proxy.stall()
    printing.prepare_button.click()
    # Another day's print opened meanwhile shows at once; its teams wait behind the dead link.
    planner.on_print_clicked()
    second = planner.print_dialog
    assert isinstance(second, SlipPrintDialog) and second.isVisible()
    assert not second.teams_loaded and not second.prepare_button.isEnabled()
    qtbot.waitUntil(lambda: not watch.indicator.isHidden(), timeout=10_000)
    assert "bağlantı yok" in watch.indicator.text()
    qtbot.waitUntil(lambda: heartbeat.elapsed > OBSERVE_S, timeout=10_000)
    # The print is still waiting on the dead link; the window is not.
    assert printing.task is not None and printing.task.is_running
    assert printing.isVisible() and printing.preview_dialog is None
    heartbeat.stop()
    assert heartbeat.ticks > OBSERVE_S * 1000 / HEARTBEAT_MS / 2
    assert heartbeat.max_late < MAX_LATE_S, f"GUI thread late by {heartbeat.max_late:.3f} s"

    # The link breaks for good: the print fails in the dialog, no slip counts as printed.
    proxy.close()
    qtbot.waitUntil(lambda: printing.task is not None and printing.task.is_done, timeout=20_000)
    assert "Fişler hazırlanamadı" in printing.error.text()
    assert printing.preview_dialog is None and printing.out_path is None
    assert _serials(direct, actor, team, day) == serials
    watch.stop()


def test_printing_a_day_while_a_writer_holds_the_sqlite_lock_never_freezes_the_window(
    qtbot: QtBot, admin_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if admin_ctx.db.is_postgres:
        pytest.skip("the SQLite lock")
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    actor = admin_ctx.user
    assert isinstance(actor, Actor)
    day, team = _planned_day(admin_ctx.db, actor)
    serials = _serials(admin_ctx.db, actor, team, day)
    _planner, printing = _print_dialog_of_the_day(qtbot, admin_ctx, day, team)
    previews: list[QWidget] = []
    printing.preview_opened.connect(previews.append)
    with _sqlite_lock_held(admin_ctx.db):
        heartbeat = Heartbeat()
        heartbeat.start()
        printing.prepare_button.click()
        qtbot.waitUntil(lambda: heartbeat.elapsed > OBSERVE_S, timeout=10_000)
        # The new serials wait for the lock, in the print's worker.
        assert printing.task is not None and printing.task.is_running and not previews
        heartbeat.stop()
        assert heartbeat.ticks > OBSERVE_S * 1000 / HEARTBEAT_MS / 2
        assert heartbeat.max_late < MAX_LATE_S, f"GUI thread late by {heartbeat.max_late:.3f} s"
    qtbot.waitUntil(lambda: bool(previews), timeout=30_000)
    preview = previews[0]
    assert printing.preview_dialog is preview
    assert [s + 1 for s in serials] == _serials(admin_ctx.db, actor, team, day)
    preview.close()  # deletes itself and its temporary PDF
