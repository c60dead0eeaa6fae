"""The main window: side bar of pages, citizen search, status bar, idle lock. It composes the
pages and holds no business logic."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desk_app import __version__ as app_version
from desk_app.domain.states import ROLE_LABELS
from desk_app.services import admin, permissions
from desk_app.settings import save_language
from desk_app.ui.citizens.search import CitizenSearch
from desk_app.ui.kit import dialogs, palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.help import HelpDialog, open_help, topic_key
from desk_app.ui.kit.i18n import LANGUAGES, normalize_language, tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.state import restore_window_state, save_window_state
from desk_app.ui.kit.tasks import run_op
from desk_app.ui.kit.widgets import keep_on_screen
from desk_app.ui.pages import PAGE_CLASSES, BasePage
from desk_app.ui.session.connection_watch import ConnectionWatch
from desk_app.ui.session.idle_lock import IdleWatcher, LockDialog

log = logging.getLogger(__name__)

STATE_KEY = "main_window"


def idle_lock_ms_from_settings(ctx: AppContext) -> int:
    """The idle lock time the administrator set (``desk.idle_lock_minutes``), in ms. Reads the
    database: call it off the GUI thread (the window does, through ``run_op``)."""
    try:
        minutes = admin.get_all(ctx.db)["desk.idle_lock_minutes"]
    except Exception:
        log.exception("cannot read desk.idle_lock_minutes; using the desk's own setting")
        minutes = ctx.settings.idle_lock_minutes
    return max(0, int(minutes)) * 60_000


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()
    page_changed = Signal(str)  # page key
    search_submitted = Signal(str)
    closed = Signal()
    # The user ended the session (Oturumu kapat / Kullanıcı değiştir): the login window comes
    # back, with this user name filled in ("" to let another person log in).
    logged_out = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        idle_lock_ms: int | None = None,
        restore_state: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        actor = ctx.user
        self.setObjectName("main_window")
        # Qt appends the application's display name ("— Gönül Kapısı Ön Masa") itself.
        self.setWindowTitle(tr("Çorum Belediyesi"))
        self.lock_dialog: LockDialog | None = None
        self._focus_before_lock: QWidget | None = None
        self._force_close = False
        self._logout_username: str | None = None
        self._page_actions: list[QAction] = []

        # --- pages and side bar -----------------------------------------------------------
        # A page is built when it is first shown (the first one at once): the main window
        # appears sooner after the login, and a page nobody opens reads nothing.
        self.page_classes: tuple[type[BasePage], ...] = PAGE_CLASSES
        self._pages: list[BasePage | None] = [None] * len(PAGE_CLASSES)
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("page_stack")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setStyleSheet(
            f"QListWidget#sidebar {{ background: {palette.SURFACE_GREY}; border: none;"
            f" padding-top: 8px;"
            " outline: 0; }"
            "QListWidget#sidebar::item { padding: 9px 14px; margin: 1px 6px; border-radius: 4px; }"
            f"QListWidget#sidebar::item:selected {{ background: {palette.ACCENT}; color: white; }}"
        )
        for index, cls in enumerate(self.page_classes):
            item = QListWidgetItem(cls.title())
            item.setToolTip(tr("{0} (Ctrl+{1})").format(cls.title(), index + 1))
            item.setData(Qt.ItemDataRole.UserRole, cls.key)
            self.sidebar.addItem(item)
            item.setHidden(not cls.visible_for(actor.role))
        self.sidebar.currentRowChanged.connect(self.on_sidebar_row_changed)

        content = QWidget()
        content.setObjectName("content")
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.page_stack, 1)

        self.lock_cover = self._build_lock_cover()
        self.root_stack = QStackedWidget()
        self.root_stack.addWidget(content)
        self.root_stack.addWidget(self.lock_cover)
        self.setCentralWidget(self.root_stack)

        # --- top bar: the citizen search is always there ----------------------------------
        self.top_bar = QToolBar(tr("Arama"))
        self.top_bar.setObjectName("top_bar")
        self.top_bar.setMovable(False)
        self.top_bar.setFloatable(False)
        self.top_bar.setIconSize(QSize(16, 16))
        brand = QLabel(tr("Gönül Kapısı"))
        brand_font = QFont(brand.font())
        brand_font.setBold(True)
        brand.setFont(brand_font)
        brand.setContentsMargins(8, 0, 16, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_edit")
        self.search_edit.setPlaceholderText(tr("TC, telefon, ad soyad veya başvuru no (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(420)
        self.search_edit.returnPressed.connect(self.on_search_entered)
        self.top_bar.addWidget(brand)
        self.top_bar.addWidget(self.search_edit)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.top_bar)
        # Hits as the clerk types, the citizen card and the new-citizen form (Ctrl+Shift+N).
        self.citizen_search = CitizenSearch(ctx, self.search_edit, self)

        self._build_menus()

        # --- status bar -------------------------------------------------------------------
        self.user_label = QLabel(
            tr("Kullanıcı: {0} ({1})").format(
                actor.full_name or actor.username, tr(ROLE_LABELS[actor.role])
            )
        )
        self.user_label.setObjectName("user_label")
        self.database_label = QLabel(tr("Veritabanı: {0}").format(ctx.db.describe()))
        self.database_label.setObjectName("database_label")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.database_label)
        # "bağlantı yok" while the database server cannot be reached (pinged in the background).
        self.connection_watch = ConnectionWatch(ctx.db, self)
        self.statusBar().addPermanentWidget(self.connection_watch.indicator)
        if ctx.db.is_postgres:
            self.connection_watch.start()

        # --- idle lock --------------------------------------------------------------------
        # Until the administrator's setting has been read (off the GUI thread) the desk's own
        # setting counts.
        read_setting = idle_lock_ms is None
        if idle_lock_ms is None:
            idle_lock_ms = max(0, int(ctx.settings.idle_lock_minutes)) * 60_000
        self.idle_watcher = IdleWatcher(idle_lock_ms, self)
        self.idle_watcher.timed_out.connect(self.on_idle_timed_out)
        if read_setting:
            run_op(
                self,
                lambda: idle_lock_ms_from_settings(ctx),
                self._idle_lock_ms_read,
                busy=(),
                latest_only="idle_lock",
            )

        fit_to_screen(self, 1366, 768)
        if restore_state:
            restore_window_state(self, STATE_KEY)
        self.show_page(self.page_classes[0].key)

    # --- construction helpers ---------------------------------------------------------------
    def open_users_dialog(self) -> QWidget:
        from desk_app.ui.session.users_dialog import UsersDialog

        dialog = UsersDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _build_lock_cover(self) -> QWidget:
        cover = QWidget()
        cover.setObjectName("lock_cover")
        cover.setAutoFillBackground(True)
        cover.setStyleSheet(f"QWidget#lock_cover {{ background: {palette.DARK}; }}")
        label = QLabel(tr("Oturum kilitli"), cover)
        label.setStyleSheet("color: white;")
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        label.setFont(font)
        layout = QVBoxLayout(cover)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignCenter)
        return cover

    def _build_menus(self) -> None:
        bar = self.menuBar()
        session_menu = bar.addMenu(tr("&Oturum"))
        self.lock_action = QAction(tr("Oturumu kilitle"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.on_lock_triggered)
        self.quit_action = QAction(tr("Çıkış"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        session_menu.addAction(self.lock_action)
        self.switch_user_action = QAction(tr("Kullanıcı değiştir"), self)
        self.switch_user_action.setObjectName("switch_user_action")
        self.switch_user_action.triggered.connect(self.on_switch_user_triggered)
        self.logout_action = QAction(tr("Oturumu kapat"), self)
        self.logout_action.setObjectName("logout_action")
        self.logout_action.triggered.connect(self.on_logout_triggered)
        session_menu.addAction(self.switch_user_action)
        session_menu.addAction(self.logout_action)
        self.language_menu = session_menu.addMenu(tr("&Dil / Language"))
        self.language_actions: dict[str, QAction] = {}
        language_group = QActionGroup(self)
        current = normalize_language(self.ctx.settings.language)
        for code, name in LANGUAGES.items():  # each language's name in that language
            action = QAction(name, language_group)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.setData(code)
            action.triggered.connect(self.on_language_triggered)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.users_action = QAction(tr("Kullanıcılar…"), self)
        self.users_action.setObjectName("users_action")
        self.users_action.triggered.connect(self.open_users_dialog)
        self.users_action.setVisible(
            permissions.allowed(self.ctx.user, permissions.Action.MANAGE_USERS)
        )
        session_menu.addAction(self.users_action)
        session_menu.addSeparator()
        session_menu.addAction(self.quit_action)

        page_menu = bar.addMenu(tr("&Sayfa"))
        role = self.ctx.user.role
        for index, cls in enumerate(self.page_classes):
            action = QAction(cls.title(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setData(cls.key)
            allowed = cls.visible_for(role)
            action.setVisible(allowed)
            action.setEnabled(allowed)
            action.triggered.connect(self.on_page_action_triggered)
            page_menu.addAction(action)
            self._page_actions.append(action)
        page_menu.addSeparator()
        self.search_action = QAction(tr("Vatandaş ara"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.triggered.connect(self.on_search_triggered)
        page_menu.addAction(self.search_action)
        page_menu.addAction(self.citizen_search.new_citizen_action)

        help_menu = bar.addMenu(tr("&Yardım"))
        self.help_action = QAction(tr("Kullanım kılavuzu"), self)
        self.help_action.setObjectName("help_action")
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        # F1 also in the (non-modal) dialogs: the guide opens where that dialog is explained.
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.triggered.connect(self.on_help_triggered)
        help_menu.addAction(self.help_action)
        self.help_dialog: HelpDialog | None = None
        self.about_action = QAction(tr("Hakkında"), self)
        self.about_action.triggered.connect(self.on_about_triggered)
        help_menu.addAction(self.about_action)

    # --- pages ------------------------------------------------------------------------------
    def page_keys(self, *, visible_only: bool = True) -> list[str]:
        role = self.ctx.user.role
        return [c.key for c in self.page_classes if not visible_only or c.visible_for(role)]

    @property
    def pages(self) -> list[BasePage]:
        """Every page, in side-bar order (the ones not shown yet are built now)."""
        return [self._page_at(index) for index in range(len(self.page_classes))]

    def _index(self, key: str) -> int:
        for index, cls in enumerate(self.page_classes):
            if cls.key == key:
                return index
        raise KeyError(key)

    def _page_at(self, index: int) -> BasePage:
        page = self._pages[index]
        if page is None:
            page = self.page_classes[index](self.ctx)
            page.open_filtered_requested.connect(self.on_open_filtered_requested)
            self.page_stack.addWidget(page)
            self._pages[index] = page
        return page

    def page(self, key: str) -> BasePage:
        """The page (built now if it was never shown)."""
        return self._page_at(self._index(key))

    @property
    def current_page(self) -> BasePage:
        widget = self.page_stack.currentWidget()
        assert isinstance(widget, BasePage)
        return widget

    def show_page(self, key: str) -> bool:
        """Switch to a page the user may see; False when it is hidden for their role."""
        index = self._index(key)
        if not self.page_classes[index].visible_for(self.ctx.user.role):
            return False
        self.sidebar.setCurrentRow(index)
        return True

    def show_filtered(self, key: str, flt: object) -> bool:
        """Switch to a list page showing ``flt``; False when the page is hidden for the user."""
        index = self._index(key)
        if not self.page_classes[index].visible_for(self.ctx.user.role):
            return False
        self._page_at(index).show_filtered(flt)
        return self.show_page(key)

    @Slot(str, object)
    def on_open_filtered_requested(self, key: str, flt: object) -> None:
        self.show_filtered(key, flt)

    @Slot(int)
    def on_sidebar_row_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self._page_at(row)
        if self.page_stack.currentWidget() is not page:
            self.page_stack.setCurrentWidget(page)
        page.on_activated()
        self.page_changed.emit(page.key)

    @Slot()
    def on_page_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.show_page(str(action.data()))

    def open_new_request(self, citizen_id: int | None = None, citizen_name: str = "") -> None:
        """Show the Ön Masa page with the new-request form (e.g. from the citizen card)."""
        from desk_app.ui.requests.front_desk_page import FrontDeskPage

        page = self.page(FrontDeskPage.key)
        assert isinstance(page, FrontDeskPage)
        self.show_page(page.key)
        page.open_new_request(citizen_id, citizen_name)

    # --- search -----------------------------------------------------------------------------
    @Slot()
    def on_search_triggered(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot()
    def on_search_entered(self) -> None:
        text = self.search_edit.text().strip()
        if text:
            self.search_submitted.emit(text)

    # --- idle lock --------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.root_stack.currentWidget() is self.lock_cover

    def lock(self, *, idle: bool = True) -> None:
        """Cover the window and ask the password; the work behind stays as it was. ``idle``:
        the idle timer locked it (the message says so); False for the user's own Ctrl+L."""
        if self.is_locked:
            return
        self.idle_watcher.pause()
        self._focus_before_lock = self.focusWidget()
        self.root_stack.setCurrentWidget(self.lock_cover)
        self.top_bar.setVisible(False)
        self.menuBar().setEnabled(False)
        for action in (self.lock_action, self.search_action, *self._page_actions):
            action.setEnabled(False)
        dialog = LockDialog(self.ctx, self, idle=idle)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.unlocked.connect(self.on_unlocked)
        dialog.quit_requested.connect(self.on_quit_requested)
        self.lock_dialog = dialog
        dialog.open()
        self.locked.emit()

    @Slot()
    def on_idle_timed_out(self) -> None:
        self.lock()

    @Slot()
    def on_lock_triggered(self) -> None:
        self.lock(idle=False)

    # --- log out / switch user ----------------------------------------------------------------
    @Slot()
    def on_logout_triggered(self) -> None:
        self.log_out(self.ctx.user.username)

    @Slot()
    def on_switch_user_triggered(self) -> None:
        self.log_out("")

    def log_out(self, next_username: str) -> bool:
        """End this user's session after asking (open forms close); ``logged_out`` then brings
        the login window back. False when the user stays."""
        if not dialogs.confirm(
            self,
            tr("Oturumu kapat"),
            tr(
                "{0} oturumu kapatılsın mı? Açık pencereler kapanır, kaydedilmemiş bilgiler "
                "kaybolur."
            ).format(self.ctx.user.full_name or self.ctx.user.username),
            yes_text=tr("Oturumu kapat"),
            no_text=tr("Vazgeç"),
        ):
            return False
        self._logout_username = next_username
        self.close()
        return True

    @Slot()
    def on_unlocked(self) -> None:
        role = self.ctx.user.role
        self.root_stack.setCurrentIndex(0)
        self.top_bar.setVisible(True)
        self.menuBar().setEnabled(True)
        self.lock_action.setEnabled(True)
        self.search_action.setEnabled(True)
        for action, cls in zip(self._page_actions, self.page_classes, strict=True):
            action.setEnabled(cls.visible_for(role))
        if self.lock_dialog is not None:
            self.lock_dialog.deleteLater()
            self.lock_dialog = None
        if self._focus_before_lock is not None:
            self._focus_before_lock.setFocus()
            self._focus_before_lock = None
        self.idle_watcher.resume()
        self.unlocked.emit()

    @Slot()
    def on_quit_requested(self) -> None:
        if dialogs.confirm(
            self.lock_dialog or self,
            tr("Programı kapat"),
            tr("Program kapatılsın mı? Kaydedilmemiş bilgiler kaybolur."),
            yes_text=tr("Kapat"),
            no_text=tr("Vazgeç"),
        ):
            self._force_close = True
            self.close()

    # --- window -----------------------------------------------------------------------------
    @Slot()
    def on_language_triggered(self) -> None:
        action = self.sender()
        code = action.data() if isinstance(action, QAction) else None
        if not isinstance(code, str):
            return
        try:
            save_language(self.ctx.settings.config_path, code)
        except OSError as exc:
            log.exception("cannot save the language")
            dialogs.error(self, tr("Dil"), tr("Dil ayarı kaydedilemedi: {0}").format(exc))
            return
        dialogs.info(
            self,
            tr("Dil"),
            tr("Dil değişikliği programın bir sonraki açılışında geçerli olur."),
        )

    @Slot()
    def on_help_triggered(self) -> None:
        if self.help_dialog is not None and shiboken6.isValid(self.help_dialog):
            self.help_dialog.close()
        self.help_dialog = open_help(self, topic_key(self.current_page.key))

    @Slot()
    def on_about_triggered(self) -> None:
        dialogs.info(
            self,
            tr("Hakkında"),
            tr(
                "Gönül Kapısı Ön Masa ve Hoş Geldin Bebek programı\n"
                "Çorum Belediyesi\n\nSürüm {0}\nVeritabanı: {1}"
            ).format(app_version, self.ctx.db.describe()),
        )

    def _idle_lock_ms_read(self, idle_lock_ms: int) -> None:
        self.idle_watcher.set_timeout(idle_lock_ms)
        if self.isVisible() and not self.idle_watcher.active and not self.is_locked:
            self.idle_watcher.start()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not event.spontaneous():
            keep_on_screen(self)  # with its frame: the status bar stays on the screen
        if not self.idle_watcher.active and not self.is_locked:
            self.idle_watcher.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_locked and not self._force_close:
            event.ignore()  # a locked desk closes only through the lock dialog
            return
        save_window_state(self, STATE_KEY)
        self.idle_watcher.stop()
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
        super().closeEvent(event)
        if self._logout_username is not None:
            self.logged_out.emit(self._logout_username)
        else:
            self.closed.emit()
