"""Languages: every visible string has a finished English translation with the same placeholders,
the committed ``desk_app_en.ts`` is in step with the sources, and the English interface shows no
Turkish-only letters outside data values (a string not wrapped in ``tr()`` stays Turkish).

Update the translation with ``python scripts/i18n.py extract``, translate the ``unfinished``
messages of ``resources/translations/desk_app_en.ts``, then ``python scripts/i18n.py check``."""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import String, select

from desk_app.db import Database
from desk_app.demo import generate_demo
from desk_app.domain.states import Role
from desk_app.models import Base
from desk_app.services.admin import auth
from desk_app.services.context import Actor
from desk_app.settings import Settings, load_settings
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import install_translators, normalize_language, tr
from desk_app.ui.main_window import MainWindow
from tests.demo.test_demo import _admin, _fresh_url
from tests.ui.ops import wait_idle

ROOT = Path(__file__).resolve().parents[3]
TURKISH_LETTERS = re.compile("[çğıİöşüÇĞÖŞÜ]")
# Proper names that stay as they are in English.
PROPER_NAMES = ("Gönül Kapısı", "Çorum", "Türkçe", "Ayşe Yılmaz", "Sibel Koç")
# Texts that stay Turkish by design: the KVKK notice is the administrator's legal text (a
# setting), and the validation messages the services return are Turkish.
TURKISH_BY_DESIGN_WIDGETS = frozenset({"QLabel#notice_text"})
SERVICE_MESSAGE_PREFIXES = ("To save: ",)  # the save button's tooltip lists service messages
TODAY = date(2025, 4, 1)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("desk_i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- the catalogue ------------------------------------------------------------------------------


def test_every_visible_string_has_a_finished_english_translation() -> None:
    i18n = _script()
    problems = i18n.problems(i18n.extract_messages(), i18n.read_ts(i18n.ts_path("en")))
    assert problems == [], "\n".join(problems)


def test_the_committed_ts_file_is_in_step_with_the_sources(tmp_path: Path) -> None:
    """The same set of source strings as a fresh ``extract`` (run it and commit the .ts)."""
    i18n = _script()
    committed = i18n.ts_path("en")
    fresh = tmp_path / "desk_app_en.ts"
    i18n.write_ts(fresh, "en", i18n.merge(i18n.extract_messages(), i18n.read_ts(committed)))
    live = {k for k, e in i18n.read_ts(committed).items() if e.kind not in ("vanished", "obsolete")}
    wanted = {k for k, e in i18n.read_ts(fresh).items() if e.kind not in ("vanished", "obsolete")}
    assert sorted(wanted - live) == [], "new strings: run python scripts/i18n.py extract"
    assert sorted(live - wanted) == [], "vanished strings: run python scripts/i18n.py extract"


def test_check_reports_untranslated_strings_and_placeholder_mismatches(tmp_path: Path) -> None:
    i18n = _script()
    messages = [
        i18n.Message("Kaydet", (("x.py", 1),)),
        i18n.Message("{0} gün", (("x.py", 2),)),
        i18n.Message("&Ad", (("x.py", 3),)),
        i18n.Message("Yeni", (("x.py", 4),)),
    ]
    ts = tmp_path / "t.ts"
    i18n.write_ts(
        ts,
        "en",
        [
            i18n.Entry("Kaydet", "Save", ""),
            i18n.Entry("{0} gün", "{1} days", ""),
            i18n.Entry("&Ad", "Name", ""),
            i18n.Entry("Yeni", "", "unfinished"),
        ],
    )
    found = i18n.problems(messages, i18n.read_ts(ts))
    assert len(found) == 3
    assert "placeholders differ" in found[0] and "mnemonic" in found[1]
    assert "untranslated" in found[2]
    assert i18n.main(["check", "--ts", str(ts)]) == 1


def test_extract_keeps_translations_and_marks_vanished_ones(tmp_path: Path) -> None:
    i18n = _script()
    ts = tmp_path / "t.ts"
    i18n.write_ts(ts, "en", [i18n.Entry("Eski", "Old", ""), i18n.Entry("Kaydet", "Save", "")])
    merged = i18n.merge(
        [i18n.Message("Kaydet", (("x.py", 1),)), i18n.Message("Yeni", (("x.py", 2),))],
        i18n.read_ts(ts),
    )
    assert [(e.source, e.translation, e.kind) for e in merged] == [
        ("Kaydet", "Save", ""),
        ("Yeni", "", "unfinished"),
        ("Eski", "Old", "vanished"),
    ]


def test_label_tables_of_the_domain_are_in_the_catalogue() -> None:
    from desk_app.domain.states import DELIVERY_OUTCOME_LABELS, REQUEST_STATUS_LABELS

    sources = {m.source for m in _script().extract_messages()}
    assert set(REQUEST_STATUS_LABELS.values()) <= sources
    assert set(DELIVERY_OUTCOME_LABELS.values()) <= sources


# --- the English interface ----------------------------------------------------------------------


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[QTranslator]:
    """The English translation built from the committed .ts into a temporary folder."""
    i18n = _script()
    qm = i18n.release("en", qm=tmp_path / "desk_app_en.qm")
    translator = QTranslator()
    assert translator.load(str(qm))
    before = QLocale()
    qapp.installTranslator(translator)
    QLocale.setDefault(QLocale("en"))
    try:
        yield translator
    finally:
        qapp.removeTranslator(translator)
        QLocale.setDefault(before)


def test_install_translators_loads_english_and_tolerates_a_missing_file(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    import desk_app.paths

    before = QLocale()
    qm = _script().release("en", qm=tmp_path / "desk_app_en.qm")
    monkeypatch.setattr(desk_app.paths, "resource", lambda *parts: tmp_path / parts[-1])
    installed = install_translators(qapp, "en")
    try:
        assert tr("Kaydet") == "Save"
        assert tr("İptal", "button") == "Cancel" and tr("İptal") == "Cancelled"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert tr("Kaydet") == "Kaydet"
    qm.unlink()
    with caplog.at_level(logging.WARNING, logger="desk_app.ui.kit.i18n"):
        installed = install_translators(qapp, "en")
    try:
        assert tr("Kaydet") == "Kaydet"
        assert "desk_app_en.qm is missing" in caplog.text.replace(str(tmp_path) + "/", "")
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
    assert normalize_language("EN_gb") == "en" and normalize_language("fr") == "tr"


def _data_values(db: Database) -> list[str]:
    """Every text stored in the database: names, neighbourhoods, directorates are data."""
    values: set[str] = set()
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String):
                    for value in session.execute(select(column).distinct()).scalars():
                        if isinstance(value, str) and TURKISH_LETTERS.search(value):
                            values.add(value)
    return sorted(values, key=len, reverse=True)


def _model_headers(model: QAbstractItemModel | None) -> list[str]:
    if model is None or isinstance(model, QAbstractListModel):
        return []
    headers = []
    for section in range(model.columnCount(QModelIndex())):
        value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(value, str):
            headers.append(value)
    return headers


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a user reads in ``root``: labels, buttons, group boxes,
    placeholders, combo items, tabs, list items, table headers, actions, menus, tooltips."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}#{widget.objectName()}"
        texts: list[str] = [widget.toolTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
            texts += [widget.item(i).toolTip() for i in range(widget.count())]
        if isinstance(widget, QMenu):
            texts.append(widget.title())
        if isinstance(widget, QAbstractItemView):
            texts += _model_headers(widget.model())
        if widget.isWindow():
            texts.append(widget.windowTitle())
        found += [(where, t) for t in texts if t]
    for action in root.findChildren(QAction):
        found += [(f"QAction#{action.objectName()}", t) for t in (action.text(), action.toolTip())]
    return found


def turkish_leftovers(root: QWidget, data: list[str]) -> list[str]:
    leftovers = []
    for where, text in visible_texts(root):
        if not TURKISH_LETTERS.search(text) or where in TURKISH_BY_DESIGN_WIDGETS:
            continue
        if text.startswith(SERVICE_MESSAGE_PREFIXES):
            continue
        rest = text
        for value in (*data, *PROPER_NAMES):
            if value in rest:
                rest = rest.replace(value, "")
        if TURKISH_LETTERS.search(rest):
            leftovers.append(f"{where}: {text!r}")
    return sorted(set(leftovers))


@pytest.fixture(scope="module")
def demo_db(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    url, drop = _fresh_url(_template, tmp_path_factory.mktemp("ui_i18n"), "ui_i18n")
    db = Database(url)
    admin = _admin(db)
    generate_demo(db, admin, year=2025, seed=7, today=TODAY)
    auth.add_user(db, admin, "sefik", "Şefik Işık", Role.SUPERVISOR, "supervizor-parola")
    yield db
    db.dispose()
    drop()


def _demo_ctx(db: Database, tmp_path: Path) -> AppContext:
    settings = Settings(
        db_url=db.url.render_as_string(hide_password=False),
        db_url_source="test",
        config_path=tmp_path / "config.ini",
    )
    actor: Actor = auth.login(db, "sefik", "supervizor-parola")
    return AppContext(db=db, settings=settings, actor=actor)


def test_the_english_main_window_shows_no_turkish_text(
    qtbot: QtBot, english: QTranslator, demo_db: Database, tmp_path: Path
) -> None:
    ctx = _demo_ctx(demo_db, tmp_path)
    window = MainWindow(ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    assert window.menuBar().actions()[0].text() == "&Session"
    data = _data_values(demo_db)
    leftovers: list[str] = []
    for key in window.page_keys():
        page = window.page(key)
        if hasattr(page, "today"):
            page.today = lambda: TODAY
        if key == "summary":  # wait for the figures: tables and charts are built then
            with qtbot.waitSignal(page.summary_shown, timeout=20_000):  # type: ignore[attr-defined]
                window.show_page(key)
        else:
            window.show_page(key)
        wait_idle(qtbot)
        leftovers += turkish_leftovers(window, data)
    leftovers = sorted(set(leftovers))
    assert not leftovers, "\n".join(leftovers)


def _dialogs(ctx: AppContext) -> Iterator[QWidget]:
    from desk_app.ui.applications.form_dialog import ApplicationFormDialog
    from desk_app.ui.applications.import_dialog import ImportDialog
    from desk_app.ui.citizens.form_dialog import CitizenFormDialog
    from desk_app.ui.delivery.bulk_dialog import BulkBookDialog
    from desk_app.ui.delivery.setup_dialogs import PickupWindowsDialog, TeamsDialog
    from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog
    from desk_app.ui.delivery.stock_dialog import StockDialog
    from desk_app.ui.requests.form_dialog import RequestFormDialog
    from desk_app.ui.session.demo_offer_dialog import DemoOfferDialog
    from desk_app.ui.session.first_admin_dialog import FirstAdminDialog
    from desk_app.ui.session.login_window import LoginWindow

    yield LoginWindow(ctx)
    yield FirstAdminDialog(ctx)
    yield DemoOfferDialog(year=2025)
    yield RequestFormDialog(ctx)
    yield ApplicationFormDialog(ctx)
    yield CitizenFormDialog(ctx)
    yield ImportDialog(ctx)
    yield TeamsDialog(ctx)
    yield PickupWindowsDialog(ctx)
    yield StockDialog(ctx)
    yield SlipPrintDialog(ctx, day=TODAY)
    yield BulkBookDialog(ctx, [], [1, 2])


def _detail_dialogs(ctx: AppContext) -> Iterator[QWidget]:
    from desk_app.models import BabySetApplication, Request
    from desk_app.ui.applications.detail_dialog import ApplicationDetailDialog
    from desk_app.ui.requests.detail_dialog import RequestDetailDialog

    with ctx.db.session() as session:
        request_ids = session.execute(select(Request.id).limit(3)).scalars().all()
        application_ids = session.execute(select(BabySetApplication.id).limit(3)).scalars().all()
    for request_id in request_ids:
        yield RequestDetailDialog(ctx, request_id)
    for application_id in application_ids:
        yield ApplicationDetailDialog(ctx, application_id)


def _delivery_dialogs(ctx: AppContext) -> Iterator[QWidget]:
    from desk_app.services.delivery.plan import delivery_rows, unbooked_rows
    from desk_app.ui.delivery.booking_dialog import BookingDialog, MoveDialog
    from desk_app.ui.delivery.day_dialog import DeliveryDayDialog
    from desk_app.ui.delivery.outcome_dialog import DeliveryOutcomeDialog

    with ctx.db.session() as session:
        unbooked = unbooked_rows(session, TODAY)[:1]
        rows = delivery_rows(session)
    home = [r for r in rows if r.team_id is not None][:1]
    pickup = [r for r in rows if r.team_id is None][:1]
    for unbooked_row in unbooked:
        yield BookingDialog(ctx, unbooked_row)
    for row in home + pickup:
        yield MoveDialog(ctx, row)
        yield DeliveryOutcomeDialog(ctx, row)
        yield DeliveryDayDialog(ctx, row.day, row.team_id, row.team_name or "")


def test_the_english_dialogs_show_no_turkish_text(
    qtbot: QtBot, english: QTranslator, demo_db: Database, tmp_path: Path
) -> None:
    ctx = _demo_ctx(demo_db, tmp_path)
    data = _data_values(demo_db)
    leftovers: list[str] = []
    for dialog in [*_dialogs(ctx), *_detail_dialogs(ctx), *_delivery_dialogs(ctx)]:
        qtbot.addWidget(dialog)
        dialog.show()
        wait_idle(qtbot)
        leftovers += [f"{type(dialog).__name__}: {t}" for t in turkish_leftovers(dialog, data)]
        dialog.close()
    assert not leftovers, "\n".join(leftovers)


# --- the language setting -----------------------------------------------------------------------


def test_the_language_menu_stores_the_choice_for_the_next_start(
    qtbot: QtBot, admin_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, _t, text: told.append(text))
    window = MainWindow(admin_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    assert window.language_actions["tr"].isChecked()
    assert [a.text() for a in window.language_menu.actions()] == ["Türkçe", "English"]
    window.language_actions["en"].trigger()
    assert window.language_actions["en"].isChecked()
    assert told and "bir sonraki açılışında" in told[0]
    config = admin_ctx.settings.config_path
    assert load_settings(config_path=config, env={}).language == "en"
    window.language_actions["tr"].trigger()
    assert load_settings(config_path=config, env={}).language == "tr"


def test_english_survives_the_memory_the_file_was_read_into(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The translator must not point into a bytes object Python has freed (English did nothing
    after a restart): allocate and overwrite plenty of memory, then translate."""
    import gc

    import desk_app.paths

    before = QLocale()
    qm = _script().release("en", qm=tmp_path / "desk_app_en.qm")
    size = qm.stat().st_size
    monkeypatch.setattr(desk_app.paths, "resource", lambda *parts: tmp_path / parts[-1])
    installed = install_translators(qapp, "en")
    try:
        gc.collect()
        junk = [bytes([n % 251]) * size for n in range(64)]
        assert tr("Kaydet") == "Save"
        assert tr("Vatandaş kartı — {0}") == "Citizen card — {0}"
        del junk
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)


def test_turkish_qt_texts_are_shipped_and_menus_name_the_keys_as_printed(
    qapp: QApplication,
) -> None:
    """Qt's file dialog speaks Turkish (qtbase_tr from the resources) and shortcuts read
    "Ctrl+Shift+N" in menus, as on the keys and the buttons, not "Kontrol+Üst Karakter+N"."""
    from PySide6.QtGui import QKeySequence

    from desk_app.paths import resource

    assert resource("translations", "qtbase_tr.qm").is_file()
    before = QLocale()
    installed = install_translators(qapp, "tr")
    try:
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "Arama konumu:"
        # Qt 6's file dialog labels that qtbase_tr lacks (seen in English by the e2e test).
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Konum:"
        assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "Dosya &türü:"
        native = QKeySequence.SequenceFormat.NativeText
        assert QKeySequence("Ctrl+L").toString(native) == "Ctrl+L"
        assert QKeySequence("Ctrl+Shift+N").toString(native) == "Ctrl+Shift+N"
        assert QKeySequence("Ctrl+Return").toString(native) == "Ctrl+Enter"
        assert tr("Kaydet") == "Kaydet"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
