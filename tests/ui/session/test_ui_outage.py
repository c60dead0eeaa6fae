"""Server outage at the desk, on a PostgreSQL server of the test's own: the clerk fills the
request form (and the citizen form), the server stops, Kaydet shows the "cannot reach the
server" banner and keeps what was typed; when the server is back the automatic retry saves,
exactly once. The main window's status bar shows "bağlantı yok" while the server is away."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.models import Citizen, Request
from desk_app.services.admin import auth
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.uow import ConnectionLost, ping, read_only
from desk_app.settings import Settings
from desk_app.ui.citizens.form_dialog import CitizenFormDialog
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.requests.form_dialog import RequestFormDialog
from desk_app.ui.session.connection_watch import ConnectionWatch
from tests.own_pg import OwnServer, own_server


@pytest.fixture(scope="module")
def server() -> Iterator[OwnServer]:
    yield from own_server()


@pytest.fixture(scope="module")
def pg_db(server: OwnServer) -> Iterator[Database]:
    db = Database(server.url)
    db.upgrade()
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    yield db
    db.dispose()


@pytest.fixture
def pg_ctx(pg_db: Database, server: OwnServer, tmp_path: Path) -> Iterator[AppContext]:
    actor = auth.login(pg_db, "admin", "yonetici-parola")
    yield AppContext(
        db=pg_db,
        settings=Settings(db_url=server.url, db_url_source="test", config_path=tmp_path / "c.ini"),
    ).with_actor(actor)


def _count(db: Database, model: type, *where: object) -> int:
    with read_only(db) as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def _reachable(db: Database) -> bool:
    try:
        ping(db)
    except ConnectionLost:
        return False
    return True


def test_request_form_survives_an_outage_and_saves_once(
    qtbot: QtBot, server: OwnServer, pg_ctx: AppContext
) -> None:
    actor = pg_ctx.user
    assert isinstance(actor, Actor)
    citizen = create_citizen(pg_ctx.db, actor, CitizenInput("Fatma", "Öztürk", phone="05321112233"))
    dialog = RequestFormDialog(pg_ctx, citizen_id=citizen.id, citizen_name=citizen.full_name)
    qtbot.addWidget(dialog)
    dialog.save_retry.timer.setInterval(150)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.lists_ready)
    dialog.directorate_combo.setCurrentIndex(1)
    dialog.subject_edit.setText("Kaldırım çökmüş")  # keyClicks cannot type Turkish letters
    dialog.touch("konu")
    dialog.description_edit.setPlainText("Okul önünde, çocuklar için tehlikeli.")
    qtbot.waitUntil(dialog.save_button.isEnabled)
    before = _count(pg_ctx.db, Request)

    server.stop()
    try:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        banner = dialog.save_retry.banner
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert "Sunucuya bağlanılamıyor" in banner.text()
        assert dialog.isVisible() and dialog.result() == 0
        # a retry or two while the server is still away
        qtbot.waitUntil(lambda: dialog.save_retry.attempts >= 2, timeout=10_000)
        assert dialog.subject_edit.text() == "Kaldırım çökmüş"  # what was typed stays
        assert dialog.description_edit.toPlainText().startswith("Okul önünde")
        assert dialog.isVisible()
    finally:
        server.start()
    with qtbot.waitSignal(dialog.request_saved, timeout=10_000) as saved:
        pass
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.save_retry.banner.isVisible()
    assert _count(pg_ctx.db, Request) == before + 1
    assert _count(pg_ctx.db, Request, Request.client_token == dialog.client_token) == 1
    assert saved.args[0].subject == "Kaldırım çökmüş"


def test_citizen_form_keeps_the_text_and_cancel_stops_the_retry(
    qtbot: QtBot, server: OwnServer, pg_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = CitizenFormDialog(pg_ctx, served=["Ulukavak"])
    qtbot.addWidget(dialog)
    dialog.save_retry.timer.setInterval(150)
    dialog.show()
    dialog.set_input(CitizenInput("Hatice", "Kılıç", phone="0532 444 55 66"))
    dialog.validate()
    before = _count(pg_ctx.db, Citizen)
    server.stop()
    try:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.save_retry.banner.isVisible, timeout=10_000)
        assert dialog.form_input().first_name == "Hatice"
        monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
        dialog.reject()  # the clerk gives up: the retry ends with the form
        assert not dialog.save_retry.timer.isActive()
    finally:
        server.start()
    qtbot.waitUntil(lambda: _reachable(pg_ctx.db), timeout=10_000)
    assert not dialog.save_retry.timer.isActive()
    assert _count(pg_ctx.db, Citizen) == before


def test_status_bar_indicator_follows_the_server(
    qtbot: QtBot, server: OwnServer, pg_db: Database
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    watch = ConnectionWatch(pg_db, holder, interval_ms=100)
    watch.indicator.setParent(holder)
    holder.show()
    watch.start()
    qtbot.waitUntil(lambda: watch.checks >= 2, timeout=5000)
    assert watch.online and watch.indicator.isHidden()
    server.stop()
    try:
        with qtbot.waitSignal(watch.lost, timeout=5000):
            pass
        assert not watch.indicator.isHidden()
        assert "bağlantı yok" in watch.indicator.text()
    finally:
        server.start()
    with qtbot.waitSignal(watch.restored, timeout=5000):
        pass
    assert watch.indicator.isHidden()
    watch.stop()
