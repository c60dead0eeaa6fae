"""The application's detail dialog (evidence, timeline, a supervisor's merge with a reason, the
desk role's actions, a stale version) and the import dialog (the sample file, a broken file with
its error report)."""

from __future__ import annotations

import csv
import gc
import random
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool
from pytestqt.qtbot import QtBot

from desk_app.domain.clock import local_today
from desk_app.domain.tckn import generate_tckn
from desk_app.paths import resource_path
from desk_app.services import applications as apps
from desk_app.services.applications.common import ApplicationInput
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.context import Actor
from desk_app.ui.applications.detail_dialog import ApplicationDetailDialog
from desk_app.ui.applications.import_dialog import ImportDialog
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext

SAMPLE = resource_path("data", "web_export_sample.csv")
TODAY = local_today()
_rng = random.Random(5)


def settle_workers() -> None:
    """Let background look-ups end and collect Qt objects on the GUI thread: a garbage
    collection that starts in a worker thread must not delete widgets of a finished test."""
    QThreadPool.globalInstance().waitForDone(10000)
    QCoreApplication.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def closing_never_asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    yield
    settle_workers()


def register(ctx: AppContext, actor: Actor, **kw: Any) -> apps.ApplicationResult:
    parent = CitizenInput(
        first_name="Zeynep",
        last_name="Arslan",
        tc_kimlik_no=kw.pop("parent_tc", generate_tckn(_rng)),
        phone="0532 111 22 33",
        mahalle="Ulukavak",
        street="Mimar Sinan Cad.",
        building_no="14",
    )
    values: dict[str, Any] = {
        "parent": parent,
        "baby_first_name": "Elif",
        "baby_last_name": "Arslan",
        "baby_birth_date": TODAY - timedelta(days=20),
        "notice_acknowledged": True,
    }
    values.update(kw)
    return apps.register_application(ctx.db, actor, ApplicationInput(**values))


@pytest.fixture
def pair(clerk_ctx: AppContext) -> tuple[apps.ApplicationResult, apps.ApplicationResult]:
    baby_tc = generate_tckn(_rng)
    first = register(clerk_ctx, clerk_ctx.user, baby_tc_kimlik_no=baby_tc)
    second = register(clerk_ctx, clerk_ctx.user, baby_tc_kimlik_no=baby_tc)
    assert (first.status, second.status) == ("APPROVED", "SUSPECTED_DUPLICATE")
    return first, second


def open_detail(qtbot: QtBot, ctx: AppContext, application_id: int) -> ApplicationDetailDialog:
    dialog = ApplicationDetailDialog(ctx, application_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)  # read off the GUI thread
    return dialog


def test_supervisor_merges_a_duplicate_with_a_reason(
    qtbot: QtBot, ctx: AppContext, supervisor: Actor, pair: Any
) -> None:
    first, second = pair
    dialog = open_detail(qtbot, ctx.with_actor(supervisor), second.id)
    assert dialog.status_chip.text() == "Mükerrer şüphesi"
    assert first.reference in dialog.evidence_view.text()
    assert "Aynı bebek T.C. Kimlik No" in dialog.evidence_view.text()
    assert dialog.candidates_panel.candidates[0].application_id == first.id
    assert dialog.timeline_model.rowCount() >= 2
    assert set(dialog.available_actions()) == {"merge", "distinct", "cancel"}
    dialog.action_buttons["merge"].click()
    assert dialog.action_panel.isVisibleTo(dialog)
    assert not dialog.confirm_button.isEnabled()  # a written reason is required
    qtbot.keyClicks(dialog.reason_edit, "Ayni bebek, web ve masadan iki kez basvurmus.")
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.application_changed) as changed:
        dialog.confirm_button.click()
    detail = changed.args[0]
    assert detail.status == "CANCELLED"
    assert dialog.status_chip.text() == "İptal"
    assert not dialog.action_panel.isVisibleTo(dialog)
    stored = apps.get_application(ctx.db, supervisor, second.id)
    assert stored.status == "CANCELLED"
    assert "iki kez" in (stored.decision_reason or stored.cancel_reason or "")


def test_the_desk_role_sees_no_merge_and_a_masked_tc(
    qtbot: QtBot, clerk_ctx: AppContext, pair: Any
) -> None:
    _first, second = pair
    dialog = open_detail(qtbot, clerk_ctx, second.id)
    assert dialog.available_actions() == ["cancel"]
    assert dialog.action_buttons["merge"].isHidden()
    assert "*" in dialog.fields["parent"].text()


def test_a_stale_version_says_so_and_reloads(
    qtbot: QtBot, ctx: AppContext, supervisor: Actor, clerk: Actor, pair: Any
) -> None:
    _first, second = pair
    dialog = open_detail(qtbot, ctx.with_actor(supervisor), second.id)
    assert dialog.detail is not None
    apps.cancel_application(ctx.db, clerk, second.id, dialog.detail.version, "Veli vazgecti.")
    dialog.action_buttons["distinct"].click()
    qtbot.keyClicks(dialog.reason_edit, "Ikizler.")
    with qtbot.waitSignal(dialog.conflict_shown):
        dialog.confirm_button.click()
    assert dialog.conflict_label.isVisibleTo(dialog)
    assert "başka bir masada" in dialog.conflict_label.text()
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.detail.status == "CANCELLED")
    assert dialog.available_actions() == []


# --- import -----------------------------------------------------------------------------------


def run_import(qtbot: QtBot, dialog: ImportDialog, path: Path, monkeypatch: Any) -> Any:
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: path)
    dialog.choose_button.click()
    assert dialog.run_button.isEnabled()
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as done:
        dialog.run_button.click()
    return done.args[0]


def test_import_of_the_sample_shows_the_summary(
    qtbot: QtBot, clerk_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    dialog = ImportDialog(clerk_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    report = run_import(qtbot, dialog, path, monkeypatch)
    assert report.imported == 5
    assert dialog.summary_box.isVisibleTo(dialog)
    assert dialog.counts["rows"].text() == "5"
    assert dialog.counts["imported"].text() == "5"
    assert dialog.counts["rejected"].text() == "0"
    assert not dialog.errors_box.isVisibleTo(dialog)
    # Again: nothing added, all skipped.
    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.run_button.click()
    assert dialog.counts["imported"].text() == "0"
    assert dialog.counts["skipped"].text() == "5"


def test_a_broken_file_lists_errors_and_saves_the_report(
    qtbot: QtBot, clerk_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    rows[2][2] = "12345"  # row 3: the parent's T.C. Kimlik No
    rows[4][12] = "31.02.2025"  # row 5: the baby's birth date
    path = tmp_path / "bozuk.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    dialog = ImportDialog(clerk_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.dry_run_check.setChecked(True)
    report = run_import(qtbot, dialog, path, monkeypatch)
    assert report.dry_run and report.rejected == 2
    assert dialog.errors_box.isVisibleTo(dialog)
    model = dialog.error_model
    shown = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert shown == {"3", "5"}
    assert apps.count_applications(clerk_ctx.db, clerk_ctx.user, apps.ApplicationFilter()) == 0

    target = tmp_path / "hatalar.csv"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: target)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda _p, _t, text: told.append(text))
    dialog.save_report_button.click()
    assert target.exists() and told
    text = target.read_text(encoding="utf-8-sig")
    assert "Bebek Doğum Tarihi" in text and "5" in text


def test_a_waiting_decision_keeps_the_detail_busy_and_is_sent_once(
    qtbot: QtBot,
    ctx: AppContext,
    supervisor: Actor,
    pair: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The decision is saved in a worker (held here at a gate, then the real service runs):
    meanwhile the reason and the buttons are disabled, a second click sends nothing and
    closing asks first."""
    import threading

    from desk_app.ui.kit.tasks import is_busy

    _first, second = pair
    gate = threading.Event()
    calls: list[str] = []
    real_decide = apps.decide_duplicate

    def gated_decide(*args: Any) -> apps.ApplicationDetail:
        calls.append(str(args[4]))
        assert gate.wait(20), "the test never opened the gate"
        return real_decide(*args)

    monkeypatch.setattr(apps, "decide_duplicate", gated_decide)
    asked: list[str] = []

    def refuse(*a: object, **_k: object) -> bool:
        asked.append(str(a[2]))
        return False

    monkeypatch.setattr(dialogs, "confirm", refuse)
    dialog = open_detail(qtbot, ctx.with_actor(supervisor), second.id)
    dialog.action_buttons["merge"].click()
    qtbot.keyClicks(dialog.reason_edit, "Ayni bebek, iki kez basvurulmus.")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: bool(calls))
    assert dialog.acting and is_busy(dialog)
    assert not dialog.action_panel.isEnabled() and not dialog.confirm_button.isEnabled()
    dialog.on_confirm_clicked()  # a second click (the button is disabled; Enter-like call)
    dialog.reject()
    assert asked and "Kayıt sürüyor" in asked[-1] and dialog.isVisible()

    with qtbot.waitSignal(dialog.application_changed) as changed:
        gate.set()
    assert calls == ["merge"]
    assert not dialog.acting and not is_busy(dialog)
    assert changed.args[0].status == "CANCELLED"
    assert not dialog.action_panel.isVisibleTo(dialog)


def test_an_application_that_cannot_be_read_is_said_and_the_window_closes(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, title, text, **_k: told.append((title, text)))
    dialog = ApplicationDetailDialog(clerk_ctx, 987_654)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Yükleniyor…" and not dialog.available_actions()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert told and told[0][0] == "Başvuru açılamadı" and told[0][1]
    assert not dialog.loaded
