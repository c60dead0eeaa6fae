"""Search everywhere: what is typed in the top bar's search box is searched as the clerk types
(after a short pause, off the GUI thread) and the hits float in a list under the box.

Down/Up move in the list, Enter opens the highlighted citizen's card (the first when the hits
are still on their way), Esc closes the list. The last row opens the new-citizen form prefilled
from what was typed (also Ctrl+Shift+N). Results of an older query that arrive late are dropped.
"""

from __future__ import annotations

import re
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.text import clean, turkish_title
from desk_app.services.citizens import CitizenHit, CitizenInput, search_citizens
from desk_app.ui.citizens.card_dialog import CitizenCardDialog, open_citizen_card
from desk_app.ui.citizens.form_dialog import CitizenFormDialog
from desk_app.ui.citizens.table_models import COL_MATCHED, COL_NAME, CitizenHitTableModel
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import HINT_STYLE, teardown_safe

SEARCH_DELAY_MS = 150
MAX_HITS = 20
MAX_VISIBLE_ROWS = 10
POPUP_WIDTH = 860
_DIGITS_ONLY = re.compile(r"\+?[0-9 ().\-/]+")


def prefill_from_query(text: str) -> CitizenInput:
    """The new-citizen form's start from the search text: 11 digits -> T.C. Kimlik No, other
    digits -> phone, words -> first name(s) and last name (the last word)."""
    typed = clean(text)
    if not typed:
        return CitizenInput("", "")
    if _DIGITS_ONLY.fullmatch(typed):
        digits = "".join(c for c in typed if c.isdigit())
        if len(digits) == 11 and digits[0] != "0" and not typed.startswith("+"):
            return CitizenInput("", "", tc_kimlik_no=digits)
        return CitizenInput("", "", phone=typed)
    words = [w for w in typed.split() if any(c.isalpha() for c in w)]
    if not words or any(c.isdigit() for c in typed):
        return CitizenInput("", "")  # a reference or a mix: nothing sensible to carry over
    if len(words) == 1:
        return CitizenInput(turkish_title(words[0]), "")
    return CitizenInput(turkish_title(" ".join(words[:-1])), turkish_title(words[-1]))


class CitizenSearchPopup(QFrame):
    """The floating list under the search box: a status line and the hits table."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("citizen_search_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"QFrame#citizen_search_popup {{ background: white; border: 1px solid"
            f" {palette.BORDER_STRONG};"
            " border-radius: 4px; }"
        )
        self.status_label = QLabel(self)
        self.status_label.setObjectName("search_status_label")
        self.status_label.setStyleSheet(HINT_STYLE)
        self.status_label.setWordWrap(True)
        self.model = CitizenHitTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("search_results")
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MATCHED, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.status_label)
        layout.addWidget(self.table)
        self.setVisible(False)

    @property
    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def set_current_row(self, row: int) -> None:
        row = max(0, min(self.model.rowCount() - 1, row))
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.table.selectRow(row)

    def show_hits(self, text: str, hits: list[CitizenHit]) -> None:
        # One more than is shown is asked for: it tells whether there are more.
        more = len(hits) > MAX_HITS
        hits = hits[:MAX_HITS]
        self.model.set_hits(hits)
        self.table.clearSpans()
        new_row = self.model.rowCount() - 1
        self.table.setSpan(new_row, 0, 1, self.model.columnCount())
        keys = tr("↑/↓ seçin, Enter kartı açar, Esc kapatır · yeni kayıt: Ctrl+Shift+N")
        if more:
            self.status_label.setText(
                tr("İlk {0} vatandaş gösteriliyor; aramayı daraltın · {1}").format(len(hits), keys)
            )
        elif hits:
            self.status_label.setText(tr("{0} vatandaş bulundu · {1}").format(len(hits), keys))
        else:
            self.status_label.setText(
                tr("‘{0}’ ile eşleşen vatandaş bulunamadı. Yeni kayıt açmak için Enter.").format(
                    text
                )
            )
        self.set_current_row(0 if hits else new_row)
        self.table.resizeColumnsToContents()

    def place_under(self, edit: QLineEdit) -> None:
        """Float just under ``edit`` inside the window, as tall as the rows need."""
        window = self.parentWidget()
        assert window is not None
        origin = edit.mapTo(window, QPoint(0, edit.height() + 2))
        # Wide enough for every column's text ("bulundu: ad" was cut off at the right edge).
        table, margins = self.table, self.contentsMargins()
        needed = sum(
            max(table.sizeHintForColumn(c), table.horizontalHeader().sectionSizeHint(c))
            for c in range(self.model.columnCount())
        )
        needed += 2 * table.frameWidth() + margins.left() + margins.right() + 16
        width = max(320, min(max(POPUP_WIDTH, needed), window.width() - origin.x() - 8))
        rows = min(self.model.rowCount(), MAX_VISIBLE_ROWS)
        table_height = self.table.horizontalHeader().height() + 4
        table_height += sum(self.table.rowHeight(r) for r in range(rows))
        self.table.setFixedHeight(table_height)
        layout = self.layout()
        height = layout.sizeHint().height() if layout is not None else table_height
        self.setGeometry(origin.x(), origin.y(), width, height)
        self.raise_()


class CitizenSearch(QObject):
    """Drives the search box of ``window``. ``searched(text, n)`` after hits are shown;
    ``card_opened(CitizenCardDialog)``; ``form_opened(CitizenFormDialog)``."""

    searched = Signal(str, int)
    card_opened = Signal(object)
    form_opened = Signal(object)

    def __init__(self, ctx: AppContext, edit: QLineEdit, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.edit = edit
        self.window = window
        self.popup = CitizenSearchPopup(window)
        self.popup.table.clicked.connect(self.on_row_clicked)
        self.cards: list[CitizenCardDialog] = []
        self.form: CitizenFormDialog | None = None
        self._generation = 0
        self._shown_text = ""
        self._tasks: set[BackgroundTask] = set()
        self._open_first_when_done = False
        # Searches get their own threads: a long import in the shared pool must not stall them.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.on_search_timeout)
        edit.textEdited.connect(self.on_text_edited)
        edit.installEventFilter(self)
        window.installEventFilter(self)

        self.new_citizen_action = QAction(tr("Yeni vatandaş"), window)
        self.new_citizen_action.setObjectName("new_citizen_action")
        self.new_citizen_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_citizen_action.triggered.connect(self.on_new_citizen_triggered)
        window.addAction(self.new_citizen_action)

    # --- state --------------------------------------------------------------------------------
    @property
    def is_searching(self) -> bool:
        return self._timer.isActive() or bool(self._tasks)

    @property
    def shown_text(self) -> str:
        """The query whose hits the list shows."""
        return self._shown_text

    @property
    def hits(self) -> list[CitizenHit]:
        model = self.popup.model
        return [h for h in (model.hit_at(r) for r in range(model.rowCount())) if h is not None]

    def _locked(self) -> bool:
        return bool(getattr(self.window, "is_locked", False))

    # --- searching ----------------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Search ``text`` now (as if typed and paused)."""
        if self.edit.text() != text:
            self.edit.setText(text)
        self._generation += 1
        self._timer.stop()
        self.on_search_timeout()

    def on_text_edited(self, text: str) -> None:
        self._generation += 1
        self._open_first_when_done = False
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()
            self.hide_popup()

    def on_search_timeout(self) -> None:
        text = self.edit.text().strip()
        if not text:
            return
        generation = self._generation
        ctx = self.ctx

        def work(_progress: ProgressFn) -> tuple[int, str, list[CitizenHit]]:
            return generation, text, search_citizens(ctx.db, ctx.user, text, limit=MAX_HITS + 1)

        task = BackgroundTask(work, pool=self.pool)
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self):
                self.on_search_done(result)

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._generation:
                self.popup.model.set_hits([])
                self.popup.status_label.setText(tr("Arama yapılamadı: {0}").format(exc))
                self.show_popup()

        task.finished.connect(done)
        task.failed.connect(failed)
        task.start()

    def on_search_done(self, result: object) -> None:
        assert isinstance(result, tuple)
        generation, text, hits = result
        if generation != self._generation:
            return  # typed on meanwhile: a newer query's hits are (or will be) shown
        self._shown_text = text
        self.popup.show_hits(text, hits)
        if self._open_first_when_done:
            self._open_first_when_done = False
            if hits:
                self.open_card(hits[0].citizen_id)
                self.searched.emit(text, len(hits))
                return
        self.show_popup()
        self.searched.emit(text, len(hits))

    # --- the list -----------------------------------------------------------------------------
    def show_popup(self) -> None:
        if self._locked() or not self.edit.isVisible():
            return
        self.popup.place_under(self.edit)
        self.popup.show()
        self.popup.raise_()

    def hide_popup(self) -> None:
        self.popup.hide()

    def activate_row(self, row: int) -> None:
        model = self.popup.model
        hit = model.hit_at(row)
        if hit is not None:
            self.open_card(hit.citizen_id)
        elif model.is_new_row(row):
            self.open_new_citizen(self._shown_text or self.edit.text())

    def on_row_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activate_row(index.row())

    # --- cards and forms ----------------------------------------------------------------------
    def open_card(self, citizen_id: int) -> None:
        """The citizen's card: an open one is brought to the front, else it is loaded off
        the GUI thread; ``card_opened(card)`` either way."""
        self.hide_popup()
        self.cards = [c for c in self.cards if shiboken6.isValid(c) and c.isVisible()]
        for card in self.cards:
            if card.citizen_id == citizen_id:
                card.reload()
                card.raise_()
                card.activateWindow()
                self.card_opened.emit(card)
                return
        hook = getattr(self.window, "open_new_request", None)
        open_citizen_card(
            self.ctx,
            citizen_id,
            self.window,
            new_request=hook if callable(hook) else None,
            on_opened=self._card_opened,
        )

    def _card_opened(self, card: CitizenCardDialog) -> None:
        card.card_requested.connect(self.open_card)
        self.cards.append(card)
        self.card_opened.emit(card)

    def open_new_citizen(self, text: str = "") -> CitizenFormDialog:
        self.hide_popup()
        if self.form is not None and shiboken6.isValid(self.form) and self.form.isVisible():
            self.form.raise_()
            self.form.activateWindow()
            return self.form
        form = CitizenFormDialog(self.ctx, self.window, prefill=prefill_from_query(text))
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.citizen_saved.connect(self.on_citizen_saved)
        form.existing_opened.connect(self.open_card)
        self.form = form
        form.open()
        self.form_opened.emit(form)
        return form

    def on_citizen_saved(self, view: Any) -> None:
        self.open_card(int(view.id))

    def on_new_citizen_triggered(self) -> None:
        if not self._locked():
            # The search text fills the form only when it found nobody: a phone or T.C. that
            # belongs to the person found must not become a second person's.
            text = self.edit.text()
            found = self.hits and self._shown_text == text.strip()
            self.open_new_citizen("" if found else text)

    # --- keyboard -----------------------------------------------------------------------------
    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window:
            if kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and self.popup.isVisible():
                self.popup.place_under(self.edit)
            return False
        if watched is not self.edit:
            return False
        if kind == QEvent.Type.Hide or (
            kind == QEvent.Type.FocusOut and not self.popup.underMouse()
        ):
            self.hide_popup()
        elif kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._on_key(event)
        return False

    def _on_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        visible = self.popup.isVisible()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if not self.edit.text().strip():
                return False
            if self.is_searching:  # Enter before the hits arrived: open the first one then
                self._open_first_when_done = True
                if self._timer.isActive():
                    self._timer.stop()
                    self.on_search_timeout()
                return True
            if visible and self.popup.current_row >= 0:
                self.activate_row(self.popup.current_row)
                return True
            return False  # the main window's search_submitted still fires
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if not visible:
                if self.edit.text().strip() and self._shown_text == self.edit.text().strip():
                    self.show_popup()
                elif self.edit.text().strip():
                    self.search(self.edit.text())
                return True
            step = 1 if key == Qt.Key.Key_Down else -1
            rows = self.popup.model.rowCount()  # wraps: Up on the first row is "Yeni vatandaş"
            self.popup.set_current_row((self.popup.current_row + step) % max(rows, 1))
            return True
        if key == Qt.Key.Key_Escape and visible:
            self.hide_popup()
            return True
        return False
