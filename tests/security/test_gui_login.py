"""The login window on PostgreSQL: it connects as the person (off the GUI thread) and hands that
connection on; a wrong password and an unknown name read the same; the idle lock counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.settings import Settings
from desk_app.ui.kit.context import AppContext
from desk_app.ui.session.idle_lock import LockDialog
from desk_app.ui.session.login_window import LoginWindow
from tests.security.conftest import Person


@pytest.fixture
def pg_ctx(pg_db: Database, tmp_path: Path) -> AppContext:
    settings = Settings(db_url=str(pg_db.url), db_url_source="--db", config_path=tmp_path / "c.ini")
    return AppContext(db=pg_db, settings=settings)


def _login(qtbot: QtBot, ctx: AppContext, name: str, password: str) -> LoginWindow:
    window = LoginWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.username_edit.setText(name)
    qtbot.keyClicks(window.password_edit, password)
    qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    return window


def test_login_opens_the_persons_own_connection(
    qtbot: QtBot,
    pg_ctx: AppContext,
    people: dict[Role, Person],
) -> None:
    window = LoginWindow(pg_ctx)
    qtbot.addWidget(window)
    window.show()
    window.username_edit.setText("İREM")
    qtbot.keyClicks(window.password_edit, "masa-parolasi")
    with qtbot.waitSignal(window.logged_in, timeout=10000) as blocker:
        qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    actor = blocker.args[0]
    assert (actor.username, actor.role) == ("irem", Role.DESK)
    assert window.session_db is not None and window.session_db.url.username == "irem"
    window.session_db.dispose()


@pytest.mark.parametrize("name", ["irem", "kimse"])
def test_wrong_password_and_unknown_name_read_the_same(
    qtbot: QtBot,
    pg_ctx: AppContext,
    people: dict[Role, Person],
    name: str,
) -> None:
    window = _login(qtbot, pg_ctx, name, "yanlis-parola")
    qtbot.waitUntil(lambda: window.error_label.isVisible(), timeout=10000)
    assert window.error_label.text() == "Kullanıcı adı veya parola hatalı."
    assert window.username_edit.text() == name and window.password_edit.text() == ""
    assert window.session_db is None


def test_idle_lock_locks_after_repeated_wrong_passwords(
    qtbot: QtBot,
    pg_ctx: AppContext,
    people: dict[Role, Person],
) -> None:
    from tests.conftest import person_db

    desk = people[Role.DESK]
    db = person_db(pg_ctx.db, desk.name, desk.password)
    try:
        dialog = LockDialog(AppContext(db=db, settings=pg_ctx.settings, actor=desk.actor))
        qtbot.addWidget(dialog)
        dialog.show()
        from tests.ui.ops import wait_ops

        for _ in range(5):
            qtbot.keyClicks(dialog.password_edit, "yanlis")
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
            wait_ops(qtbot)  # each password is checked off the GUI thread
        assert "kilitlendi" in dialog.error_label.text()
        assert not dialog.unlock_button.isEnabled()
    finally:
        db.dispose()


def test_the_startup_flow_runs_the_session_on_the_persons_login(
    qtbot: QtBot,
    pg_db: Database,
    people: dict[Role, Person],
    tmp_path: Path,
) -> None:
    from desk_app.ui.app import StartupFlow

    # What a desk's config gives: the server and database, no user, no password.
    bare = Database(pg_db.url.set(username=None, password=None))
    settings = Settings(db_url=str(bare.url), db_url_source="config", config_path=tmp_path / "c")
    flow = StartupFlow(AppContext(db=bare, settings=settings))
    try:
        flow.start()
        window = flow.login_window
        assert window is not None
        window.username_edit.setText("sefik")
        qtbot.keyClicks(window.password_edit, "supervizor-parola")
        qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.main_window is not None, timeout=10000)
        assert flow.main_window is not None
        qtbot.addWidget(flow.main_window)
        assert flow.ctx.db.url.username == "sefik"
        assert flow.main_window.ctx.user.role == Role.SUPERVISOR
        assert not flow.main_window.users_action.isVisible()
        flow.main_window.close()
    finally:
        for db in flow.session_dbs:
            db.dispose()
        bare.dispose()
