"""Tables in dialogs by keyboard: Enter on a row opens it and never presses the default button;
Tab leaves the table for the next control (issue 16, point 2, for every dialog)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QTableView, QVBoxLayout
from pytestqt.qtbot import QtBot

from desk_app.ui.kit.table_keys import TableKeysFilter


class _Dialog(QDialog):
    """A dialog as the app builds them: a table of rows, a field and a default Kaydet."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[int] = []
        self.table = QTableView(self)
        model = QStandardItemModel(3, 2, self.table)
        for row in range(3):
            model.setItem(row, 0, QStandardItem(f"Talep {row}"))
        self.table.setModel(model)
        self.table.activated.connect(self.on_activated)
        self.field = QLineEdit(self)
        self.save = QPushButton("Kaydet", self)
        self.save.setDefault(True)
        self.save.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.table, self.field, self.save):
            layout.addWidget(widget)

    def on_activated(self, index: QModelIndex) -> None:
        self.opened.append(index.row())


def _shown(qtbot: QtBot) -> _Dialog:
    dialog = _Dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_enter_on_a_row_opens_it_once_and_the_dialog_stays(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.table.model().index(1, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.opened == [1]
    assert dialog.isVisible() and dialog.result() == 0  # Kaydet was not pressed
    # An Enter the table's editor keeps does not make the next Enter elsewhere vanish.
    dialog.table.edit(dialog.table.model().index(0, 1))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "not")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.opened == [1]
    # Outside the table Enter still presses the default button.
    dialog.field.setFocus()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_tab_leaves_the_table_for_the_next_control(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    assert not dialog.table.tabKeyNavigation()
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.table.model().index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert dialog.field.hasFocus()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Backtab)
    assert dialog.table.hasFocus()


def test_without_the_filter_the_default_button_took_the_enter(qtbot: QtBot) -> None:
    """The defect the filter removes, shown on the same dialog with the filter taken off."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    keys = app.findChild(TableKeysFilter)
    assert keys is not None
    app.removeEventFilter(keys)
    try:
        dialog = _shown(qtbot)
        dialog.table.setFocus()
        dialog.table.setCurrentIndex(dialog.table.model().index(2, 0))
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert dialog.opened == [2]
        assert dialog.result() == QDialog.DialogCode.Accepted  # opened *and* closed
    finally:
        app.installEventFilter(keys)
