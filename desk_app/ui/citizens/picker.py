"""A small search-as-you-type citizen picker for forms: type a TC Kimlik No, a phone or a name,
the hits appear under the box (searched off the GUI thread), Up/Down choose, Enter picks.

The search itself is ``desk_app.services.citizens.search.search_citizens`` (imported when
first used).
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import HINT_STYLE, teardown_safe

SEARCH_DELAY_MS = 200
MAX_HITS = 20
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def hit_text(hit: Any) -> str:
    """One line for a CitizenHit: name, masked TC, phone, mahalle."""
    parts = [hit.full_name]
    parts += [p for p in (hit.tc_masked, hit.phone_display, hit.mahalle) if p]
    if hit.reference:
        parts.append(hit.reference)
    return " · ".join(parts)


class CitizenPicker(QWidget):
    """``citizen_picked(citizen_id, text)`` when a citizen is chosen, ``citizen_cleared()`` when
    the user edits the box again; ``searched(n)`` after each search's hits are shown."""

    citizen_picked = Signal(int, str)
    citizen_cleared = Signal()
    searched = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._citizen_id: int | None = None
        self._generation = 0
        self._tasks: set[BackgroundTask] = set()
        self._pick_first_when_done = False

        self.edit = QLineEdit(self)
        self.edit.setObjectName("citizen_search_edit")
        self.edit.setPlaceholderText(tr("TC Kimlik No, telefon veya ad soyad yazın"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textEdited.connect(self.on_text_edited)
        self.edit.installEventFilter(self)

        self.results = QListWidget(self)
        self.results.setObjectName("citizen_results")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box keeps the keyboard
        self.results.setMaximumHeight(130)
        self.results.setVisible(False)
        self.results.itemClicked.connect(self.on_result_clicked)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("citizen_status_label")
        self.status_label.setStyleSheet(HINT_STYLE)
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.status_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.on_search_timeout)
        self._show_status()

    # --- public -------------------------------------------------------------------------------
    @property
    def citizen_id(self) -> int | None:
        return self._citizen_id

    @property
    def _searching(self) -> bool:
        return bool(self._tasks)

    @property
    def has_text(self) -> bool:
        return bool(self.edit.text().strip())

    def set_citizen(self, citizen_id: int, text: str) -> None:
        """Start with a citizen already chosen (e.g. from the citizen card)."""
        self._citizen_id = citizen_id
        self.edit.setText(text)
        self._hide_results()
        self._show_status()

    def search_now(self) -> None:
        """Search for what is typed without waiting for the typing pause."""
        self._timer.stop()
        self.on_search_timeout()

    # --- typing and picking -------------------------------------------------------------------
    @Slot(str)
    def on_text_edited(self, _text: str) -> None:
        if self._citizen_id is not None:
            self._citizen_id = None
            self.citizen_cleared.emit()
        self._generation += 1
        self._pick_first_when_done = False
        if self.edit.text().strip():
            self._timer.start()
        else:
            self._timer.stop()
            self._hide_results()
        self._show_status()

    @Slot()
    def on_search_timeout(self) -> None:
        text = self.edit.text().strip()
        if not text or self._citizen_id is not None:
            return
        self._generation += 1
        generation = self._generation
        ctx = self.ctx

        def work(_progress: ProgressFn) -> tuple[int, list[Any]]:
            from desk_app.services.citizens import search_citizens

            return generation, search_citizens(ctx.db, ctx.user, text, limit=MAX_HITS)

        task = BackgroundTask(work)
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self):
                self.on_search_done(result)

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._generation:
                self.status_label.setText(tr("Arama yapılamadı: {0}").format(exc))

        task.finished.connect(done)
        task.failed.connect(failed)
        task.start()

    @Slot(object)
    def on_search_done(self, result: object) -> None:
        assert isinstance(result, tuple)
        generation: int = result[0]
        hits: list[Any] = result[1]
        if generation != self._generation or self._citizen_id is not None:
            return  # the text changed meanwhile
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(HIT_ROLE, hit)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        self.results.setVisible(bool(hits))
        self._show_status(searched=len(hits))
        self.searched.emit(len(hits))
        if self._pick_first_when_done and hits:
            self._pick(self.results.item(0))
        self._pick_first_when_done = False

    @Slot(QListWidgetItem)
    def on_result_clicked(self, item: QListWidgetItem) -> None:
        self._pick(item)
        self.edit.setFocus()

    def _pick(self, item: QListWidgetItem | None) -> bool:
        if item is None:
            return False
        hit = item.data(HIT_ROLE)
        self._citizen_id = int(hit.citizen_id)
        self.edit.setText(hit.full_name)
        self._hide_results()
        self._show_status(picked=hit_text(hit))
        self.citizen_picked.emit(self._citizen_id, hit.full_name)
        return True

    def _hide_results(self) -> None:
        self.results.clear()
        self.results.setVisible(False)

    def _show_status(self, *, picked: str = "", searched: int | None = None) -> None:
        if self._citizen_id is not None:
            self.status_label.setText(tr("Seçilen: {0}").format(picked or self.edit.text()))
            self.status_label.setStyleSheet(f"color: {palette.SUCCESS}; font-weight: 600;")
            return
        self.status_label.setStyleSheet(HINT_STYLE)
        if searched == 0:
            self.status_label.setText(
                tr("Eşleşen vatandaş yok; yazdığınızı kontrol edin veya önce vatandaş kaydı açın.")
            )
        elif searched:
            self.status_label.setText(tr("↑/↓ ile seçin, Enter ile alın."))
        else:
            self.status_label.setText(tr("Yazmaya başlayın; sonuçlar aşağıda listelenir."))

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            visible = self.results.isVisible() and self.results.count() > 0
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._citizen_id is None:
                if self._timer.isActive() or self._searching:
                    # Enter before the hits arrived: take the first one when they do.
                    self._pick_first_when_done = True
                    if self._timer.isActive():
                        self.search_now()
                    return True
                if visible:
                    return self._pick(self.results.currentItem())
            if visible and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if visible and key == Qt.Key.Key_Escape:
                self._hide_results()
                return True
        return super().eventFilter(watched, event)
