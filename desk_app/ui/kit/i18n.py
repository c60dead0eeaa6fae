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

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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

    return f"{day:%d.%m.%Y} {tr(WEEKDAY_NAMES[day.weekday()])}"


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


def install_translators(app: QCoreApplication, language: str = "tr") -> list[QTranslator]:
    """Load Qt's and the application's translations for ``language``; returns the translators
    (the caller keeps them alive as long as the application runs)."""
    language = normalize_language(language)
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir) and app.installTranslator(qt_translator):
        installed.append(qt_translator)
    else:
        log.info("Qt translation qtbase_%s not found in %s", language, qt_dir)
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
