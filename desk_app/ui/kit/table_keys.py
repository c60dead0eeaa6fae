"""Tables inside dialogs, by keyboard (issue 16): Tab and Shift+Tab leave a table for the next
control instead of walking its cells, and Enter on a row opens the row without also pressing
the dialog's default button.

Qt's item views emit ``activated`` on Enter and then pass the key on to the dialog, whose
default button takes it (Enter on a request on the citizen card both opened the request and
closed the card). One application-wide event filter fixes it for every dialog: it stops the
Enter that a table passes on, and it turns off tab-key navigation of tables in dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _in_dialog(widget: QObject) -> bool:
    return isinstance(widget, QAbstractItemView) and isinstance(widget.window(), QDialog)


class TableKeysFilter(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._enter_from: QAbstractItemView | None = None  # the view an Enter went to first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and _in_dialog(watched):
            assert isinstance(watched, QAbstractItemView)
            watched.setTabKeyNavigation(False)
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _ENTER:
            self._enter_from = None
            return False
        if isinstance(watched, QAbstractItemView):
            # The view emits activated (the row opens) and passes the key on to its parents.
            self._enter_from = watched if _in_dialog(watched) else None
            return False
        view = self._enter_from
        if view is None or not isinstance(watched, QWidget) or not watched.isAncestorOf(view):
            self._enter_from = None  # an Enter that did not come up from a table
            return False
        if isinstance(watched, QDialog):
            self._enter_from = None
            return view.window() is watched
        return False  # on its way up through the table's parents


def install_table_keys(app: QApplication) -> TableKeysFilter:
    """Install the filter once on ``app`` (called by ``create_application``)."""
    found = app.findChild(TableKeysFilter)
    if isinstance(found, TableKeysFilter):
        return found
    keys = TableKeysFilter(app)
    app.installEventFilter(keys)
    return keys
