"""The composition root of the GUI: application object, translations, database, then
first administrator → demo offer → login → main window."""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget
from sqlalchemy.orm import configure_mappers

from desk_app.db import Database, DatabaseSetupError, describe_url, normalize_url, open_database
from desk_app.services import admin
from desk_app.services.context import Actor
from desk_app.settings import APP_AUTHOR, APP_NAME, Settings
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.gc_guard import GuiThreadGarbageCollector
from desk_app.ui.kit.i18n import install_translators, tr
from desk_app.ui.kit.table_keys import install_table_keys
from desk_app.ui.kit.tasks import BackgroundTask, run_op
from desk_app.ui.session import startup_probe
from desk_app.ui.session.demo_offer_dialog import (
    DemoOfferDialog,
    demo_available,
    load_demo_in_background,
)
from desk_app.ui.session.first_admin_dialog import FirstAdminDialog
from desk_app.ui.session.login_window import LoginWindow

if TYPE_CHECKING:
    from desk_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_DATABASE = 2


def create_application(argv: list[str], language: str = "tr") -> QApplication:
    """The QApplication with names (for QSettings), style, font and translations."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    font = QFont(app.font())
    if sys.platform == "win32":
        font.setFamily("Segoe UI")
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setProperty("desk_app_translators", install_translators(app, language))
    # After the translators, so English desks read "Gönül Kapısı Front Desk"; Qt appends it to
    # every window title ("Çorum Belediyesi — Gönül Kapısı Ön Masa").
    QApplication.setApplicationDisplayName(tr("Gönül Kapısı Ön Masa"))
    if app.findChild(GuiThreadGarbageCollector) is None:
        GuiThreadGarbageCollector(app)
    install_table_keys(app)
    return app


def _preload_main_window() -> None:
    """Import the main window and its pages (half of the start-up's imports) in the background
    while the login window waits for the user: the login window is drawn without waiting for
    them, and by the time the password is checked they are ready. Importing only defines
    classes (no widget is made off the GUI thread); a failure here is raised again, with its
    message, by the import after logging in."""
    try:
        import desk_app.ui.main_window  # noqa: F401

        # The ORM's one-time set-up of every mapped class (40 ms on the slow host), which the
        # login's first query would otherwise do before its password check.
        configure_mappers()
        # What is loaded by now (modules, classes, mappers: ~150,000 objects) lives as long as
        # the program. Out of the collector's generations, the GUI thread's collections
        # (ui.kit.gc_guard) no longer walk it: the first took 20 ms, right when the person
        # logs in, and each full one 100-130 ms on the slow host.
        gc.freeze()
    except Exception:  # pragma: no cover - reported by the import after logging in
        log.debug("preloading the main window failed", exc_info=True)


class StartupFlow(QObject):
    """First administrator → demo offer → login → main window, each step event-driven so the
    demo load can run in the background. ``finished(exit_code)`` when the user is done."""

    finished = Signal(int)

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, *, migrate: bool = False
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # SQLite: the schema is checked (and upgraded) before anyone logs in; PostgreSQL: only
        # the owner migrates (see desk_app.services.admin.auth.open_session).
        self.migrate = migrate
        self.checked = False
        self.first_admin_dialog: FirstAdminDialog | None = None
        self.demo_dialog: DemoOfferDialog | None = None
        self.demo_task: BackgroundTask | None = None
        self.login_window: LoginWindow | None = None
        self.main_window: MainWindow | None = None
        self._admin: Actor | None = None
        self.session_dbs: list[Database] = []

    def start(self) -> None:
        """The login window shows at once, busy, while the database is checked off the GUI
        thread (the schema on SQLite, then whether a first administrator must be created);
        a first start then replaces it with the first administrator's dialog."""
        self.show_login()
        assert self.login_window is not None
        self.login_window.set_ready(False)
        db, migrate = self.ctx.db, self.migrate

        def check() -> bool:
            if migrate:
                state = db.schema_state()
                if not state.up_to_date:
                    db.upgrade()
            return admin.needs_first_admin(db)

        run_op(None, check, self._checked, on_failed=self._check_failed)

    def _checked(self, needs_first_admin: bool) -> None:
        self.checked = True
        if not needs_first_admin:
            if self.login_window is not None:
                self.login_window.set_ready(True)
            return
        self._drop_login_window()
        dialog = FirstAdminDialog(self.ctx)
        dialog.accepted.connect(self.on_first_admin_accepted)
        dialog.rejected.connect(self.on_cancelled)
        self.first_admin_dialog = dialog
        dialog.show()

    def _check_failed(self, exc: BaseException) -> None:
        self.checked = True
        self._drop_login_window()
        if isinstance(exc, DatabaseSetupError):
            dialogs.error(None, tr("Veritabanı kullanılamıyor"), str(exc))
        else:
            log.error("cannot open the database: %s", type(exc).__name__)
            settings = self.ctx.settings
            dialogs.error(
                None,
                tr("Veritabanına bağlanılamadı"),
                tr(
                    "Veritabanına bağlanılamadı ({0}, ayarın kaynağı: {1}). Adresi ve ağ "
                    "bağlantısını kontrol edin; sorun sürerse bilgi işleme haber verin."
                ).format(_describe(settings.db_url), settings.db_url_source),
                detail=str(exc),
            )
        self.finished.emit(EXIT_DATABASE)

    def _drop_login_window(self) -> None:
        window = self.login_window
        self.login_window = None
        if window is not None:
            window.closed.disconnect(self.on_cancelled)
            window.close()
            window.deleteLater()

    @Slot()
    def on_cancelled(self) -> None:
        self.finished.emit(EXIT_OK)

    @Slot()
    def on_first_admin_accepted(self) -> None:
        assert self.first_admin_dialog is not None
        user = self.first_admin_dialog.created_user
        assert user is not None
        self._admin = Actor(
            user_id=user.id, username=user.username, role=user.role, full_name=user.full_name
        )
        if not demo_available():
            self.show_login(user.username)
            return
        dialog = DemoOfferDialog()
        dialog.accepted.connect(self.on_demo_accepted)
        dialog.rejected.connect(self.on_demo_skipped)
        self.demo_dialog = dialog
        dialog.show()

    @Slot()
    def on_demo_accepted(self) -> None:
        assert self.demo_dialog is not None and self._admin is not None
        task = load_demo_in_background(None, self.ctx, self._admin, self.demo_dialog.year)
        task.finished.connect(self.on_demo_finished)
        task.failed.connect(self.on_demo_failed)
        task.cancelled.connect(self.on_demo_cancelled)
        self.demo_task = task

    @Slot()
    def on_demo_skipped(self) -> None:
        self.show_login(self._admin.username if self._admin else "")

    @Slot(object)
    def on_demo_finished(self, _summary: object) -> None:
        self.show_login(self._admin.username if self._admin else "")

    @Slot(object)
    def on_demo_failed(self, exc: object) -> None:
        message = getattr(exc, "message", None) or str(exc)
        dialogs.error(
            None,
            tr("Örnek veri"),
            tr("Örnek veri yüklenemedi; boş veritabanıyla devam ediliyor.\n\n{0}").format(message),
        )
        self.on_demo_skipped()

    @Slot()
    def on_demo_cancelled(self) -> None:
        dialogs.info(
            None,
            tr("Örnek veri"),
            tr("Örnek veri yüklemesi iptal edildi."),
        )
        self.on_demo_skipped()

    def show_login(self, username: str = "") -> None:
        window = LoginWindow(self.ctx, username=username)
        window.logged_in.connect(self.on_logged_in)
        window.closed.connect(self.on_cancelled)
        self.login_window = window
        window.show()
        startup_probe.login_shown(window)
        if "desk_app.ui.main_window" not in sys.modules:
            # From the next turn of the event loop, once the login window has been drawn.
            QTimer.singleShot(
                0,
                lambda: threading.Thread(
                    target=_preload_main_window, name="preload-main-window", daemon=True
                ).start(),
            )

    @Slot(object)
    def on_logged_in(self, actor: Actor) -> None:
        from desk_app.ui.main_window import MainWindow  # preloaded while the user typed

        person_db = self.login_window.session_db if self.login_window is not None else None
        if person_db is not None:
            # PostgreSQL: from now on everything runs as the person's own login role.
            self.session_dbs.append(person_db)
            self.ctx = replace(self.ctx, db=person_db)
        window = MainWindow(self.ctx.with_actor(actor))
        window.closed.connect(self.on_main_window_closed)
        window.logged_out.connect(self.on_logged_out)
        self.main_window = window
        window.show()
        startup_probe.main_shown()
        if self.login_window is not None:
            self.login_window.close()
            self.login_window.deleteLater()
            self.login_window = None

    @Slot()
    def on_main_window_closed(self) -> None:
        self.finished.emit(EXIT_OK)

    @Slot(str)
    def on_logged_out(self, username: str) -> None:
        """Oturumu kapat / Kullanıcı değiştir: the window and its dialogs go, the login comes."""
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        self.show_login(username)


def _describe(url: str) -> str:
    try:
        return describe_url(normalize_url(url))
    except DatabaseSetupError:
        from desk_app.logsafe import hide_userinfo

        return hide_userinfo(url)


def run_gui(settings: Settings, argv: list[str]) -> int:
    """Start the desk GUI; returns the process exit code (2: the database cannot be used)."""
    app = create_application(argv, settings.language)
    app.setQuitOnLastWindowClosed(False)  # the flow decides when the program ends
    parent: QWidget | None = None
    try:
        # PostgreSQL: nothing is opened before the login (each person connects as themselves,
        # and only the owner migrates: see desk_app.services.admin.auth.open_session). SQLite:
        # the schema is checked off the GUI thread once the login window shows
        # (``StartupFlow.start``). Opening here makes the engine only; nothing is connected.
        is_postgres = not settings.db_url.strip().lower().startswith("sqlite") and (
            "://" in settings.db_url
            and normalize_url(settings.db_url).get_backend_name() != "sqlite"
        )
        db = open_database(
            settings.db_url,
            sslmode=settings.sslmode,
            sslrootcert=settings.sslrootcert,
            migrate=False,
            gss=settings.db_auth == "sspi",
        )
    except DatabaseSetupError as exc:
        dialogs.error(parent, tr("Veritabanı kullanılamıyor"), str(exc))
        return EXIT_DATABASE
    except Exception as exc:
        log.exception("cannot open the database")
        dialogs.error(
            parent,
            tr("Veritabanına bağlanılamadı"),
            tr(
                "Veritabanına bağlanılamadı ({0}, ayarın kaynağı: {1}). Adresi ve ağ "
                "bağlantısını kontrol edin; sorun sürerse bilgi işleme haber verin."
            ).format(_describe(settings.db_url), settings.db_url_source),
            detail=str(exc),
        )
        return EXIT_DATABASE
    ctx = AppContext(db=db, settings=settings)
    flow = StartupFlow(ctx, migrate=not is_postgres)
    exit_code = [EXIT_OK]

    def on_flow_finished(code: int) -> None:
        exit_code[0] = code
        app.exit(code)

    flow.finished.connect(on_flow_finished)
    try:
        flow.start()
        scenario = None
        if os.environ.get("DESK_APP_E2E_SCENARIO"):  # the user-path tests (tests/e2e) only
            from desk_app.ui.kit import e2e_hook

            scenario = e2e_hook.maybe_start()
        result = app.exec()
        del scenario
    finally:
        for person_db in flow.session_dbs:
            person_db.dispose()
        db.dispose()
    return exit_code[0] if result == 0 else result
