"""Translation of the user interface.

Turkish is the source language of every visible string; English comes from
``resources/translations/desk_app_en.qm``, built from ``desk_app_en.ts`` by
``python scripts/i18n.py release`` (``scripts/setup.sh`` runs it). Qt's own ``qtbase_<lang>.qm``
makes the standard buttons read "Tamam" / "İptal" (or "OK" / "Cancel").

The language is the ``[desk] language`` of the config file (``tr`` or ``en``); the main window's
"Dil" menu writes it, and it applies at the next start.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from desk_app.ui.kit.formatting import format_day

if TYPE_CHECKING:
    from desk_app.services.delivery import DeliveryRow

CONTEXT = "desk_app"
LANGUAGES: dict[str, str] = {"tr": "Türkçe", "en": "English"}  # code -> name in that language
DEFAULT_LANGUAGE = "tr"

log = logging.getLogger(__name__)


def tr(text: str, disambiguation: str | None = None) -> str:
    """The translation of a visible string (the Turkish source text when none is installed).
    ``disambiguation`` tells apart two uses of one Turkish word ("İptal": a button, a status)."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation)


def day_text(day: date) -> str:
    """ "01.04.2025 Salı" ("01.04.2025 Tuesday" in English): dates are dd.MM.yyyy in both."""
    from desk_app.services.delivery import WEEKDAY_NAMES

    return f"{format_day(day)} {tr(WEEKDAY_NAMES[day.weekday()])}"


def where_text(row: DeliveryRow) -> str:
    """Where a delivery happens: "Masa 10:00–12:00" (a desk pickup) or the team's name."""
    from desk_app.domain.states import DeliveryKind
    from desk_app.services.delivery import window_text

    if row.kind == DeliveryKind.PICKUP.value and row.start_time and row.end_time:
        return tr("Masa {0}").format(window_text(row.start_time, row.end_time))
    return row.team_name or ""


def normalize_language(language: str | None) -> str:
    """A supported language code; anything else (a typo in the config file) is Turkish."""
    code = (language or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


# The names printed on the keys of a Turkish keyboard: menus must say "Ctrl+L", as the buttons
# and tooltips do, not qtbase_tr's "Kontrol+L" / "Üst Karakter".
KEY_NAMES: dict[str, str] = {
    name: name
    for name in ("Ctrl", "Shift", "Alt", "Esc", "Tab", "Backspace", "Del", "Ins", "Home", "End")
} | {"Return": "Enter", "Enter": "Enter", "PgUp": "PgUp", "PgDown": "PgDn", "Space": "Space"}


# Qt 6 texts that the shipped qtbase_tr.qm lacks (its file dialog said "Look in:" and "Files
# of type:" among Turkish labels): (context, source) -> Turkish.
QT_TURKISH_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Konum:",
    ("QFileDialog", "Files of &type:"): "Dosya &türü:",
}


class KeyNamesTranslator(QTranslator):
    """Keeps Qt's shortcut key names as printed on the keys (context ``QShortcut``) and, for
    Turkish, fills the few Qt texts qtbase_tr lacks (``QT_TURKISH_GAPS``)."""

    def __init__(self, parent: QObject | None = None, language: str = DEFAULT_LANGUAGE) -> None:
        super().__init__(parent)
        self.gaps = QT_TURKISH_GAPS if language == "tr" else {}

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None is Qt's null string, "not translated here" (an empty string would blank it).
        if context == "QShortcut":
            return KEY_NAMES.get(source)
        return self.gaps.get((context, source))

    def isEmpty(self) -> bool:
        return False


def _load_qt_translation(translator: QTranslator, language: str) -> bool:
    """Qt's own texts: the copy shipped in resources/translations (scripts/i18n.py release puts
    it there), else Qt's translations folder."""
    from desk_app.paths import resource, resource_path

    name = f"qtbase_{language}.qm"
    if resource("translations", name).is_file() and translator.load(
        str(resource_path("translations", name))
    ):
        return True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", qt_dir):
        return True
    log.info("Qt translation %s not found in resources/translations nor %s", name, qt_dir)
    return False


def install_translators(app: QCoreApplication, language: str = "tr") -> list[QTranslator]:
    """Load Qt's and the application's translations for ``language``; returns the translators
    (the caller keeps them alive as long as the application runs)."""
    language = normalize_language(language)
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_translator = QTranslator(app)
    if _load_qt_translation(qt_translator, language) and app.installTranslator(qt_translator):
        installed.append(qt_translator)
        key_names = KeyNamesTranslator(app, language)
        if app.installTranslator(key_names):  # searched before qtbase (installed later)
            installed.append(key_names)
    if language != "tr":
        from desk_app.paths import resource, resource_path

        node = resource("translations", f"desk_app_{language}.qm")
        own = QTranslator(app)
        if not node.is_file():
            log.warning(
                "translation %s is missing (run: python scripts/i18n.py release); "
                "the interface stays in Turkish",
                node,
            )
        # From its path: QTranslator.load(bytes) keeps a pointer into the bytes object, which
        # Python frees at once, so the translations read freed memory (English did nothing).
        elif own.load(str(resource_path("translations", f"desk_app_{language}.qm"))) and (
            app.installTranslator(own)
        ):
            installed.append(own)
        else:
            log.warning("cannot load the translation %s; the interface stays in Turkish", node)
    return installed
