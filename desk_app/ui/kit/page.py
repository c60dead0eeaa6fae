"""What every page of the main window has: a title, the roles that see it, a place-holder
body until its issue fills it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk_app.domain.states import Role
from desk_app.ui.kit import palette
from desk_app.ui.kit.accessibility import fill_accessible_names
from desk_app.ui.kit.context import AppContext

ALL_ROLES: frozenset[Role] = frozenset(Role)


class BasePage(QWidget):
    key = ""
    roles: frozenset[Role] = ALL_ROLES

    # Another page's list, filtered: (page key, its filter). The main window switches to that
    # page and calls its ``show_filtered`` (the summary's click-through).
    open_filtered_requested = Signal(str, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"{self.key}_page")
        self.title_label = QLabel(self.title(), self)
        self.title_label.setObjectName("page_title")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.body_layout = QVBoxLayout(self)
        self.body_layout.setContentsMargins(20, 16, 20, 16)
        self.body_layout.addWidget(self.title_label)

    @classmethod
    def title(cls) -> str:
        raise NotImplementedError

    @classmethod
    def visible_for(cls, role: Role) -> bool:
        return role in cls.roles

    def add_placeholder(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("page_placeholder")
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {palette.TEXT_MUTED};")
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body_layout.addWidget(label)
        self.body_layout.addStretch(1)
        return label

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Screen readers: name the controls from their labels, placeholders and tool tips
        # (widgets a page builds later, e.g. the summary's tables, are named at the next show).
        fill_accessible_names(self, self.title())

    def on_activated(self) -> None:
        """Called when the page is shown; pages refresh their data here."""

    def show_filtered(self, flt: object) -> None:
        """Show the list for ``flt`` with the filter widgets set to it (list pages)."""
        raise NotImplementedError(f"{type(self).__name__} has no filtered list")
