"""Translation of the user interface.

Turkish is the source language of every visible string; other languages (if ever shipped) come
from ``resources/translations/desk_app_<lang>.qm``. Qt's own ``qtbase_<lang>.qm`` makes the
standard buttons read "Tamam" / "İptal".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CONTEXT = "desk_app"

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """The translation of a visible string (the Turkish source text when none is installed)."""
    return QCoreApplication.translate(CONTEXT, text)


def install_translators(app: QCoreApplication, language: str = "tr") -> list[QTranslator]:
    """Load Qt's and the application's translations for ``language``; returns the translators
    (the caller keeps them alive as long as the application runs)."""
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir) and app.installTranslator(qt_translator):
        installed.append(qt_translator)
    else:
        log.info("Qt translation qtbase_%s not found in %s", language, qt_dir)
    if language != "tr":
        from desk_app.paths import resource

        node = resource("translations", f"desk_app_{language}.qm")
        if node.is_file():
            own = QTranslator(app)
            if own.load(node.read_bytes()) and app.installTranslator(own):
                installed.append(own)
    return installed
