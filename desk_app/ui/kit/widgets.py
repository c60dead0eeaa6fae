"""Small widget helpers shared by the windows and dialogs (no business logic)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desk_app.ui.kit import dialogs, palette
from desk_app.ui.kit.i18n import tr

ERROR_STYLE = f"color: {palette.ERROR}; font-weight: 600;"
HINT_STYLE = f"color: {palette.TEXT_MUTED};"


def error_label(parent: QWidget | None = None, name: str = "error_label") -> QLabel:
    """A red, word-wrapped label for inline errors; hidden while empty."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
    grow_to_fit(label.window())


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for its (word-wrapped) contents after a label appeared;
    never shrinks it and leaves main windows alone."""
    layout = window.layout()
    if not isinstance(window, QDialog) or layout is None:
        return
    layout.activate()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(window.width())
    else:
        needed = layout.totalSizeHint().height()
    if window.height() < needed:
        window.resize(window.width(), needed)
    keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Never larger than the screen's free area, and inside it: at 150 % display scaling a
    1366×768 screen leaves about 910×510 logical pixels, and a dialog's buttons must stay
    reachable (its layout scrolls or squeezes instead)."""
    if not window.isVisible():
        # Not shown yet: showEvent calls this again. Asking a never-shown window for its screen
        # leaves PySide6 a QScreen wrapper whose collection later crashes Qt (seen in the tests:
        # a segfault in QScreen::virtualSiblings when the next widget was made).
        return
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    area = screen.availableGeometry()
    extra_w = max(0, window.frameGeometry().width() - window.width())
    extra_h = max(0, window.frameGeometry().height() - window.height())
    width = min(window.width(), max(window.minimumWidth(), area.width() - extra_w))
    height = min(window.height(), max(window.minimumHeight(), area.height() - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() - frame.width() + 1))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() - frame.height() + 1))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def hint_label(text: str, parent: QWidget | None = None, name: str = "") -> QLabel:
    """Small grey text (where the data lives, what a field expects)."""
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    label.setStyleSheet(HINT_STYLE)
    font = label.font()
    font.setPointSizeF(max(font.pointSizeF() - 1.0, 7.0))
    label.setFont(font)
    label.setWordWrap(True)
    return label


def password_edit(parent: QWidget | None = None, name: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if name:
        edit.setObjectName(name)
    return edit


_EventFilter = Callable[[Any, QObject, QEvent], bool]


def teardown_safe(method: _EventFilter) -> _EventFilter:
    """For ``eventFilter`` overrides: while Python's collector tears a window down, Qt may still
    deliver events (child removed, hide, destroy) to a filter whose Python attributes the
    collector has already cleared; such an event is passed on untouched."""

    @functools.wraps(method)
    def wrapper(self: Any, watched: QObject, event: QEvent) -> bool:
        if not vars(self):
            return False
        return method(self, watched, event)

    return wrapper


def is_ctrl_enter(event: QEvent) -> bool:
    """Ctrl+Enter: how a multi-line field (description, answer, note) saves its form."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    )


class KeyboardFormDialog(QDialog):
    """A form a clerk fills with the keyboard alone: Enter saves (unless a button has the
    focus), Esc asks before dropping what was typed. Subclasses provide ``is_dirty`` and
    ``on_save_clicked``; a subclass whose save runs in the background sets ``saving`` while
    it runs, and closing then asks first."""

    saving = False

    @property
    def is_dirty(self) -> bool:
        return False

    def form_buttons(self) -> QHBoxLayout:
        """Creates ``save_button`` (the default) and ``cancel_button``; returns their row with
        the keyboard hint."""
        self.save_button = QPushButton(tr("Kaydet"), self)
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.cancel_button = QPushButton(tr("Vazgeç"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(hint_label(tr("Enter: kaydet · Esc: vazgeç"), self), 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def on_save_clicked(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        keep_on_screen(self)

    def reject(self) -> None:
        if self.saving:
            if dialogs.confirm(
                self,
                self.windowTitle(),
                tr(
                    "Kayıt sürüyor; şimdi kapatırsanız kaydedilip kaydedilmediğini bu formda "
                    "göremezsiniz. Form yine de kapatılsın mı?"
                ),
                yes_text=tr("Kapat"),
                no_text=tr("Forma dön"),
            ):
                super().reject()
            return
        if self.is_dirty and not dialogs.confirm(
            self,
            self.windowTitle(),
            tr("Yazdıklarınız kaydedilmedi. Form kapatılsın mı?"),
            yes_text=tr("Kapat"),
            no_text=tr("Forma dön"),
        ):
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            self.on_save_clicked()
            return
        super().keyPressEvent(event)


def field_grid(captions: Sequence[tuple[str, str]]) -> tuple[QGridLayout, dict[str, QLabel]]:
    """A detail header: caption/value pairs in two columns; the values (selectable, wrapped)
    are returned by key, each named ``<key>_value`` for tests."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(4)
    values: dict[str, QLabel] = {}
    for i, (key, caption) in enumerate(captions):
        name = QLabel(caption)
        name.setStyleSheet(f"color: {palette.TEXT_MUTED};")
        value = QLabel()
        value.setObjectName(f"{key}_value")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        values[key] = value
        row, col = i // 2, (i % 2) * 2
        grid.addWidget(name, row, col, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, col + 1, Qt.AlignmentFlag.AlignTop)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(3, 1)
    return grid, values
