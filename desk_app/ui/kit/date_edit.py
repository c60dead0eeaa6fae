"""A dd.MM.yyyy date box that takes digits the way people type them: after Ctrl+A or a click
into it, "08122026" is 08.12.2026 (a plain QDateEdit ignored the digits: with everything
selected the first digit alone is no date, and a click left the cursor inside a section)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget

from desk_app.ui.kit.widgets import teardown_safe


class TypedDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd.MM.yyyy")
        self._line = self.lineEdit()
        if self._line is not None:
            self._line.installEventFilter(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self._line
        if event.text().isdigit() and line is not None:
            selected = line.selectedText()
            if selected and len(selected) >= len(line.text()) - 1:
                # Everything selected (Ctrl+A, or tabbing in): start again from the day.
                self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        super().keyPressEvent(event)

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._line
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and not self._line.hasSelectedText()
        ):
            # Typing replaces the clicked section instead of going into its middle.
            position = self._line.cursorPosition()  # in "dd.MM.yyyy"
            section = (
                QDateTimeEdit.Section.DaySection
                if position <= 2
                else QDateTimeEdit.Section.MonthSection
                if position <= 5
                else QDateTimeEdit.Section.YearSection
            )
            self.setSelectedSection(section)
        return super().eventFilter(watched, event)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(name: str, day: date) -> QDateEdit:
    """A dd.MM.yyyy date box with a calendar pop-up."""
    edit = TypedDateEdit()  # digits after Ctrl+A or a click are taken
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    return edit
