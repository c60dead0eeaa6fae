"""Every message box and file dialog of the application is built here, so tests can answer
them by monkeypatching this one module (``monkeypatch.setattr(dialogs, "confirm", ...)``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desk_app.ui.kit.i18n import tr


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str | None
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setDetailedText(detail)
    return box


def info(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, None).exec()


def warning(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text, None).exec()


def error(parent: QWidget | None, title: str, text: str, detail: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Critical, title, text, detail).exec()


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes_text: str | None = None,
    no_text: str | None = None,
) -> bool:
    """A yes/no question; True when the user chose yes. "No" is the default button."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, None)
    yes = box.addButton(yes_text or tr("Evet"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(no_text or tr("Hayır"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


LAST_SAVE_DIR_KEY = "dialogs/last_save_dir"


def save_folder() -> Path:
    """Where a save dialog opens: the folder the user saved into last, else Belgeler/Documents
    (never the program's own folder: the checkout, or Program Files when installed)."""
    last = QSettings().value(LAST_SAVE_DIR_KEY, "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str | Path = "", filters: str = ""
) -> Path | None:
    """Where to save a file; None when cancelled. A bare file name is offered in
    ``save_folder()``; the folder chosen is remembered for the next save."""
    suggested = Path(suggested) if suggested else Path()
    if not suggested.is_absolute():
        suggested = save_folder() / suggested
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if not path:
        return None
    QSettings().setValue(LAST_SAVE_DIR_KEY, str(Path(path).parent))
    return Path(path)


def ask_open_path(
    parent: QWidget | None, title: str, directory: str | Path = "", filters: str = ""
) -> Path | None:
    """Which file to open; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(directory), filters)
    return Path(path) if path else None
