"""Screenshots of the desk GUI for review and documentation (offscreen, no display needed).

    .venv/bin/python scripts/screenshots.py --out shots/ [--db URL]
    .venv/bin/python scripts/screenshots.py --out shots/ --scales 1.25,1.5   # + Windows scaling
    .venv/bin/python scripts/screenshots.py --out shots/ --docs docs/img      # + the user guide's
    .venv/bin/python scripts/screenshots.py --out shots/ --scale 1.5          # only that scale

Builds a temporary SQLite database (or uses --db), creates an administrator, loads a demo year
when desk_app.demo exists, and writes one PNG per window, dialog and page, on a virtual
1366x768 screen (tests/data/offscreen_desk_screen.json).

``--scale F`` shoots the login and the main pages as Windows would draw them at F x 100 %
scaling (Qt's ``QT_SCALE_FACTOR``, which must be set before the application exists): the
window fills the 1366x768 screen, so its logical size is 1366/F x 768/F; the files are
``scale125_*.png``. ``--scales`` runs one such subprocess per factor after the normal shots.
``--docs DIR`` copies the subset the Turkish user guide (docs/) shows into DIR under stable
names (see DOCS_IMAGES).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = ROOT / "tests" / "data" / "offscreen_desk_screen.json"
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={SCREEN.as_posix()}" if SCREEN.exists() else "offscreen"
)
sys.path.insert(0, str(ROOT))

ADMIN = ("admin", "Ayşe Yılmaz", "yonetici-parola")
CLERK = ("irem", "İrem Çelik", "masa-parolasi")
SIZE = (1366, 768)

# The user guide's images (docs/img/<name>): shot name -> stable file name.
DOCS_IMAGES = {
    "login_window": "giris.png",
    "citizens_1_search_popup": "vatandas-arama.png",
    "citizens_3_form_validation": "vatandas-formu.png",
    "requests_2_new_form": "yeni-talep.png",
    "requests_1_front_desk": "on-masa.png",
    "requests_4_detail_answer_form": "talep-cevap.png",
    "applications_2_form_duplicate": "basvuru-formu.png",
    "applications_4_import_errors": "web-iceaktarma.png",
    "delivery_1_planner": "teslimat-plani.png",
    "delivery_2_booking_dialog": "teslimat-planla.png",
    "delivery_5_day_detail": "ekip-gunu.png",
    "scan_3_slip_print_dialog": "fis-yazdir.png",
    "scan_4_pdf_preview": "fis-onizleme.png",
    "scan_1_page_results": "tarama-sonuclar.png",
    "scan_2_outcome_panel": "tarama-sonuc-paneli.png",
    "summary_1_top": "ozet.png",
    "summary_2_months_chart": "ozet-grafik.png",
    "first_admin_dialog": "ilk-yonetici.png",
}


def scale_prefix(factor: float) -> str:
    return f"scale{round(factor * 100)}_"


def write_docs_images(out: Path, docs: Path) -> None:
    """Copy the guide's subset from ``out`` into ``docs``, recompressed (PNG, best compression)."""
    from PySide6.QtGui import QImage

    docs.mkdir(parents=True, exist_ok=True)
    for shot, name in DOCS_IMAGES.items():
        source = out / f"{shot}.png"
        if not source.exists():
            print(f"docs: {source.name} was not shot; {name} not written")
            continue
        image = QImage(str(source))
        if image.hasAlphaChannel():
            image = image.convertToFormat(QImage.Format.Format_RGB32)
        image.save(str(docs / name), "PNG", 0)
        print(docs / name)


def run_scales(args: argparse.Namespace, factors: list[float]) -> int:
    """One subprocess per factor: QT_SCALE_FACTOR only counts before the application exists."""
    import subprocess

    failed = 0
    for factor in factors:
        command = [sys.executable, str(Path(__file__).resolve()), "--out", str(args.out)]
        command += ["--scale", str(factor)]
        if args.db:
            command += ["--db", args.db]
        if args.no_demo:
            command.append("--no-demo")
        failed |= subprocess.run(command, check=False).returncode
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the PNG files")
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--no-demo", action="store_true", help="do not load demo data")
    parser.add_argument(
        "--scale",
        type=float,
        help="shoot only the login and main pages at this Windows scaling (1.25, 1.5)",
    )
    parser.add_argument(
        "--scales",
        help="after the normal shots, the main pages at these scalings too (e.g. 1.25,1.5)",
    )
    parser.add_argument("--docs", type=Path, help="copy the user guide's images into this folder")
    args = parser.parse_args(argv)
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    prefix = scale_prefix(args.scale) if args.scale else ""
    # The window fills the desk's 1366x768 screen; scaled, that is fewer logical pixels.
    size = (round(SIZE[0] / args.scale), round(SIZE[1] / args.scale)) if args.scale else SIZE

    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QWidget

    from desk_app.db import open_database
    from desk_app.domain.errors import DomainError
    from desk_app.domain.states import Role
    from desk_app.services import admin as admin_service
    from desk_app.services.context import Actor, cli_actor
    from desk_app.settings import Settings
    from desk_app.ui.app import create_application
    from desk_app.ui.kit.context import AppContext
    from desk_app.ui.kit.tasks import running_ops
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.session.demo_offer_dialog import DemoOfferDialog
    from desk_app.ui.session.first_admin_dialog import FirstAdminDialog
    from desk_app.ui.session.login_window import LoginWindow

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="desk_shots_"))
    app = create_application([sys.argv[0]])
    # Keep the reviewer's own window positions out of it.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    QCoreApplication.setOrganizationName("DeskAppScreenshots")

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def settle_until(done: Callable[[], bool], timeout: float = 60.0) -> None:
        """Let background work (lists load off the GUI thread) finish before a picture."""
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)
        settle()

    def save(widget: QWidget, name: str) -> Path:
        settle_until(lambda: running_ops() == 0)  # what the window loads off the GUI thread
        path = out / f"{prefix}{name}.png"
        widget.grab().save(str(path))
        if prefix:  # what does not fit the scaled screen shows here
            hint = widget.minimumSizeHint()
            print(
                f"{path}  {widget.width()}x{widget.height()} (minimum {hint.width()}x"
                f"{hint.height()}, screen {size[0]}x{size[1]})"
            )
        else:
            print(path)
        return path

    def save_over(window: QWidget, dialog: QWidget, name: str) -> None:
        """The window with a dialog drawn centred over it (they are separate top-levels)."""
        settle()
        base = window.grab()
        top = dialog.grab()
        canvas = QPixmap(base)
        painter = QPainter(canvas)
        painter.drawPixmap(
            (base.width() - top.width()) // 2, (base.height() - top.height()) // 3, top
        )
        painter.end()
        path = out / f"{prefix}{name}.png"
        canvas.save(str(path))
        print(path)

    def database(url: str | None) -> tuple[AppContext, bool]:
        url = url or f"sqlite:///{(work / 'desk.sqlite3').as_posix()}"
        db = open_database(url)
        settings = Settings(db_url=url, db_url_source="--db", config_path=work / "config.ini")
        return AppContext(db=db, settings=settings), admin_service.needs_first_admin(db)

    ctx, fresh = database(args.db)

    # First-admin dialog, filled in as an installer would (on the empty database).
    dialog = FirstAdminDialog(ctx)
    dialog.username_edit.setText(ADMIN[0])
    dialog.full_name_edit.setText(ADMIN[1])
    dialog.password_edit.setText(ADMIN[2])
    dialog.repeat_edit.setText(ADMIN[2] + "x")
    dialog.show()
    save(dialog, "first_admin_dialog")
    dialog.close()

    if fresh:
        admin_service.create_first_admin(ctx.db, *ADMIN)
        admin = admin_service.login(ctx.db, ADMIN[0], ADMIN[2])
        admin_service.add_user(ctx.db, admin, CLERK[0], CLERK[1], Role.DESK, CLERK[2])
    else:
        users = admin_service.list_users(ctx.db, cli_actor())
        first = next(u for u in users if u.role is Role.ADMIN and u.active)
        admin = Actor(
            user_id=first.id, username=first.username, role=first.role, full_name=first.full_name
        )

    offer = DemoOfferDialog()
    offer.show()
    save(offer, "demo_offer_dialog")
    offer.close()

    if fresh and not args.no_demo and importlib.util.find_spec("desk_app.demo"):
        from desk_app.demo import generate_demo

        last = [""]

        def progress(fraction: float, text: str) -> bool:
            if text != last[0]:
                last[0] = text
                print(f"  demo {fraction:4.0%} {text}", flush=True)
            return True

        generate_demo(ctx.db, admin, year=2025, seed=1, progress=progress)
    elif fresh:
        print("desk_app.demo not available: screenshots without demo data")

    # Login window: empty, then after a lock-out (on a throw-away database, never a real user).
    login = LoginWindow(ctx)
    login.resize(*size)
    login.show()
    save(login, "login_window")
    login.close()
    lock_ctx, _ = database(f"sqlite:///{(work / 'lockout.sqlite3').as_posix()}")
    admin_service.create_first_admin(lock_ctx.db, *ADMIN)
    login = LoginWindow(lock_ctx, username=ADMIN[0])
    login.resize(*size)
    login.show()
    for _ in range(5):
        login.password_edit.setText("yanlis-parola")
        login.on_login_clicked()
    save(login, "login_window_locked_out")
    login.close()

    def main_window(actor: Actor) -> MainWindow:
        window = MainWindow(ctx.with_actor(actor), idle_lock_ms=0, restore_state=False)
        window.resize(*size)
        window.show()
        return window

    window = main_window(admin)
    settle_until(lambda: not window.page("requests").model.is_loading)  # type: ignore[attr-defined]
    for index, key in enumerate(window.page_keys(), start=1):
        window.show_page(key)
        save(window, f"main_{index}_{key}")
    if args.scale:
        scaled_page_shots(window, settle_until, save)
        window.close()
        ctx.db.dispose()
        lock_ctx.db.dispose()
        return 0
    window.search_edit.setText("Yılmaz")
    window.lock()
    assert window.lock_dialog is not None
    window.lock_dialog.password_edit.setText("yanlis")
    window.lock_dialog.on_unlock_clicked()
    save(window.lock_dialog, "lock_dialog")
    save_over(window, window.lock_dialog, "main_locked")
    window.lock_dialog.password_edit.setText(ADMIN[2])
    window.lock_dialog.on_unlock_clicked()
    window.close()

    clerk: Actor | None
    try:
        clerk = admin_service.login(ctx.db, CLERK[0], CLERK[2]) if fresh else None
    except DomainError:
        clerk = None
    if clerk is not None:
        window = main_window(clerk)
        save(window, "main_desk_role")
        window.close()

    request_shots(ctx, admin, clerk or admin, main_window, settle_until, save, save_over)
    citizen_shots(ctx, admin, clerk or admin, main_window, settle_until, save)
    application_shots(ctx, admin, main_window, settle_until, save, work)
    delivery_shots(ctx, admin, main_window, settle_until, save, save_over)
    # --- scan-back and slip printing (scan page engineer) ---
    scan_print_shots(ctx, admin, main_window, settle_until, save, save_over, work)
    # --- Özet (summary page engineer) ---
    summary_shots(ctx, admin, main_window, settle_until, save)

    ctx.db.dispose()
    lock_ctx.db.dispose()
    failed = 0
    if args.docs:
        write_docs_images(out, args.docs)
    if args.scales:
        failed = run_scales(args, [float(f) for f in args.scales.split(",") if f.strip()])
    return failed


def scaled_page_shots(window, settle_until, save) -> None:  # type: ignore[no-untyped-def]
    """At a scaling: the pages with their data loaded (Ön Masa's list, Başvurular, the demo
    year's Özet scrolled to the bottom), the citizen search pop-up and the main dialogs."""
    from PySide6.QtWidgets import QDialog

    from desk_app.ui.requests.form_dialog import RequestFormDialog

    window.show_page("applications")
    apps = window.page("applications")
    settle_until(lambda: not apps.model.is_loading and apps.model.total is not None)
    save(window, "pages_applications_loaded")
    window.show_page("summary")
    summary = window.page("summary")
    summary.period_selector.set_year(2025)
    summary.refresh()
    settle_until(
        lambda: (
            summary.summary is not None
            and summary.summary.period.start.year == 2025
            and not summary.is_computing
        )
    )
    save(window, "pages_summary_2025")
    bar = summary.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    save(window, "pages_summary_2025_bottom")
    window.show_page("requests")
    search = window.citizen_search
    window.search_edit.setFocus()
    search.search("yılmaz")
    settle_until(lambda: not search.is_searching and search.popup.isVisible(), timeout=10)
    save(window, "pages_citizen_search")
    search.hide_popup()
    form = RequestFormDialog(window.ctx, window)
    form.show()
    save(form, "dialog_new_request")
    form.done(0)
    delivery = window.page("delivery")
    window.show_page("delivery")
    settle_until(lambda: not delivery.is_loading and delivery.plan is not None)
    save(window, "pages_delivery_loaded")
    for name, opener in (
        ("dialog_teams", delivery.open_teams),
        ("dialog_stock", delivery.open_stock),
    ):
        dialog: QDialog = opener()
        save(dialog, name)
        dialog.done(0)


def request_shots(  # type: ignore[no-untyped-def]
    ctx, admin, other, main_window, settle_until, save, save_over
) -> None:
    """Ön Masa with its list, the new-request form with a message, a request's detail with its
    timeline, and the conflict view after another desk changed the same request."""
    from desk_app.domain.states import RequestStatus
    from desk_app.services import lookups
    from desk_app.services import requests as rq
    from desk_app.ui.requests.form_dialog import RequestFormDialog
    from desk_app.ui.requests.table_model import COL_SUBJECT

    everything = rq.RequestFilter()
    if rq.count_requests(ctx.db, admin, everything) == 0:  # no demo: a few of our own
        fen = next(d.id for d in lookups.list_directorates(ctx.db) if d.short == "FEN")
        for subject in ("Kaldırım taşları kırık", "Sokak lambası yanmıyor", "Çöp toplanmadı"):
            rq.create_request(
                ctx.db,
                admin,
                rq.RequestInput(
                    citizen_id=None,
                    channel_code="WEB",
                    directorate_id=fen,
                    subject=subject,
                    description="Ayrıntılar vatandaştan alındı.",
                ),
            )
    window = main_window(admin)
    window.show_page("requests")
    page = window.page("requests")
    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    page.apply_filters()
    settle_until(lambda: not page.model.is_loading)
    page.table.selectRow(2)
    save(window, "requests_1_front_desk")

    form = RequestFormDialog(ctx.with_actor(admin), window)
    form.resize(720, form.height())
    form.show()
    form.citizen_picker.edit.setText("Yılmaz")
    form.citizen_picker.search_now()
    settle_until(lambda: form.citizen_picker.results.count() > 0, timeout=10)
    form.channel_combo.setCurrentIndex(form.channel_combo.findData("WEB"))
    form.category_combo.setCurrentIndex(3)
    form.subject_edit.setText("Konu yazılıp silindi")
    form.subject_edit.clear()
    form.touch("konu")
    form.description_edit.setPlainText("Mahalle parkındaki aydınlatma iki haftadır yanmıyor.")
    save(form, "requests_2_new_form")
    save_over(window, form, "requests_2_new_form_over_page")
    form.done(0)

    rows = rq.list_requests(ctx.db, admin, rq.RequestFilter(statuses=("CLOSED",)), 0, 50)
    rows = rows or rq.list_requests(ctx.db, admin, everything, 0, 50)
    details = [rq.get_request(ctx.db, admin, r.id, audit_read=False) for r in rows]
    rich = max(details, key=lambda d: (bool(d.answer_text), len(d.events)))
    dialog = page.open_request(rich.id)
    dialog.resize(1140, 740)
    save(dialog, "requests_3_detail")
    dialog.done(0)

    open_rows = rq.list_requests(
        ctx.db, admin, rq.RequestFilter(statuses=(RequestStatus.FORWARDED.value,)), 0, 1
    ) or rq.list_requests(ctx.db, admin, everything, 0, 1)
    target = open_rows[0]
    dialog = page.open_request(target.id)
    dialog.resize(1140, 740)
    panel = dialog.actions_panel
    panel.open_action("answer")
    panel.answer_edit.setPlainText(
        "Ekip 12 Mart'ta bölgeye gidecek; arıza giderilince vatandaş aranacak."
    )
    save(dialog, "requests_4_detail_answer_form")
    rq.add_note(
        ctx.db,
        other,
        target.id,
        dialog.detail.version,
        "Vatandaş yeniden aradı, durumu sordu (diğer masa).",
    )
    panel.on_save_clicked()
    save(dialog, "requests_5_conflict")
    dialog.done(0)
    assert page.model.index(0, COL_SUBJECT).isValid()
    window.close()


def citizen_shots(  # type: ignore[no-untyped-def]
    ctx, admin, other, main_window, settle_until, save
) -> None:
    """The search list under the top bar's box, a citizen's card with requests, the citizen form
    with a validation message, with the "already registered" notice and after a lost update."""
    from dataclasses import replace

    from desk_app.services import citizens as cz
    from desk_app.services.citizens import search_citizens
    from desk_app.ui.citizens.form_dialog import CitizenFormDialog
    from desk_app.ui.citizens.form_panels import view_to_input

    tc = "10000000146"
    if not search_citizens(ctx.db, admin, "yılmaz"):  # no demo: a few of our own
        for first, last, number, phone in (
            ("Ayşe Nur", "Yılmaz", tc, "0532 123 45 67"),
            ("Mehmet", "Yılmaz", "", "0533 765 43 21"),
            ("Fatma", "Yılmazer", "", "0364 224 10 10"),
        ):
            cz.create_citizen(
                ctx.db,
                admin,
                cz.CitizenInput(
                    first,
                    last,
                    tc_kimlik_no=number,
                    phone=phone,
                    mahalle="Ulukavak",
                    street="Gazi Cad.",
                    building_no="12",
                ),
            )
    window = main_window(other)
    search = window.citizen_search
    window.search_edit.setFocus()
    search.search("yılmaz")
    settle_until(lambda: not search.is_searching and search.popup.isVisible(), timeout=10)
    search.popup.set_current_row(1)
    save(window, "citizens_1_search_popup")

    cards = [cz.get_citizen_card(ctx.db, admin, h.citizen_id) for h in search.hits]
    rich = max(
        cards,
        key=lambda c: (
            bool(c.requests) + bool(c.applications) + (len(c.addresses) > 1),
            len(c.requests) + len(c.applications),
        ),
    )
    search.hide_popup()
    opened: list[object] = []
    search.card_opened.connect(opened.append)
    search.open_card(rich.citizen.id)
    settle_until(lambda: bool(opened))
    card = opened[0]
    save(card, "citizens_2_card")
    card.done(0)
    window.close()

    form = CitizenFormDialog(ctx.with_actor(other))
    form.show()
    form.fields.first_name_edit.setText("Emine")
    form.fields.last_name_edit.setText("Aydın")
    form.fields.tc_edit.setText("12345678901")
    form.fields.phone_edit.setText("0532 12")
    form.fields.mahalle_edit.setText("Ulukavak")
    form.touch("ad", "soyad", "tc_kimlik_no", "telefon", "mahalle", "cadde_sokak", "bina_no")
    save(form, "citizens_3_form_validation")
    form.done(0)

    existing = next(c for c in cards if c.citizen.tc_kimlik_no)
    form = CitizenFormDialog(ctx.with_actor(other))
    form.show()
    form.fields.first_name_edit.setText(existing.citizen.first_name)
    form.fields.last_name_edit.setText(existing.citizen.last_name)
    form.fields.tc_edit.setText(existing.citizen.tc_kimlik_no or "")
    form.touch("ad", "soyad", "tc_kimlik_no")
    form.on_similar_timeout()
    settle_until(lambda: not form.is_checking_similar, timeout=10)
    save(form, "citizens_4_form_duplicate")
    form.done(0)

    view = rich.citizen
    form = CitizenFormDialog(ctx.with_actor(admin), citizen=view)
    form.show()
    form.fields.phone_edit.setText("0542 999 88 77")
    form.touch("telefon")
    edited = replace(
        view_to_input(view),
        email="diger.masa@ornek.com",
        notes="Vatandaş e-posta adresini değiştirdi (diğer masa).",
    )
    cz.update_citizen(ctx.db, admin, view.id, view.version, edited)
    form.on_save_clicked()
    save(form, "citizens_5_form_conflict")
    form.done(0)


def application_shots(  # type: ignore[no-untyped-def]
    ctx, admin, main_window, settle_until, save, work
) -> None:
    """Başvurular with its list, the registration form warning of a duplicate, an application's
    detail with evidence and timeline, the import dialog's summary with refused rows."""
    import csv
    from datetime import timedelta

    from desk_app.domain.clock import local_today
    from desk_app.services import applications as ap
    from desk_app.services.citizens import CitizenInput
    from desk_app.ui.applications.form_dialog import ApplicationFormDialog, to_qdate
    from desk_app.ui.applications.import_dialog import ImportDialog

    everything = ap.ApplicationFilter()
    if ap.count_applications(ctx.db, admin, everything) == 0:  # no demo: two of our own
        for _ in range(2):
            ap.register_application(
                ctx.db,
                admin,
                ap.ApplicationInput(
                    parent=CitizenInput(
                        "Zeynep",
                        "Kaya",
                        phone="0532 418 22 90",
                        mahalle="Ulukavak",
                        street="Mimar Sinan Cad.",
                        building_no="14",
                    ),
                    baby_first_name="Elif",
                    baby_last_name="Kaya",
                    baby_birth_date=local_today() - timedelta(days=20),
                    notice_acknowledged=True,
                ),
            )
    window = main_window(admin)
    window.show_page("applications")
    page = window.page("applications")
    settle_until(lambda: not page.model.is_loading and page.model.total is not None)
    page.table.selectRow(1)
    save(window, "applications_1_page")

    live = ap.ApplicationFilter(statuses=("APPROVED", "SCHEDULED", "DELIVERED"))
    rows = ap.list_applications_after(ctx.db, admin, live, None, 5)
    rows = rows or ap.list_applications_after(ctx.db, admin, everything, None, 5)
    detail = ap.get_application(ctx.db, admin, rows[0].id)
    # A second application for the same baby and parent: a suspected duplicate to show.
    twin = ap.register_application(
        ctx.db,
        admin,
        ap.ApplicationInput(
            parent_citizen_id=detail.citizen_id,
            baby_first_name=detail.baby_first_name,
            baby_last_name=detail.baby_last_name,
            baby_birth_date=detail.baby_birth_date,
            notice_acknowledged=True,
        ),
    )
    form = ApplicationFormDialog(ctx.with_actor(admin), window)
    form.show()
    settle_until(lambda: form.lists_ready, timeout=10)  # the notice, read off the GUI thread
    form.new_parent_check.setChecked(True)
    first, _, last = detail.parent_name.rpartition(" ")
    form.line_edit("ad").setText(first)
    form.line_edit("soyad").setText(last)
    form.line_edit("telefon").setText("0532 1")
    form.mahalle_edit.setText(detail.mahalle or "")
    form.line_edit("bebek_adi").setText(detail.baby_first_name)
    form.line_edit("bebek_soyadi").setText(detail.baby_last_name)
    form.birth_edit.setDate(to_qdate(detail.baby_birth_date))
    form.touch("ad", "soyad", "telefon", "mahalle", "bebek_adi", "bebek_soyadi")
    form.on_duplicate_timeout()
    settle_until(lambda: not form.is_checking_duplicates, timeout=10)
    save(form, "applications_2_form_duplicate")
    form.done(0)

    dialog = page.open_application(twin.id)
    dialog.resize(1000, 900)
    save(dialog, "applications_3_detail")
    dialog.done(0)

    from desk_app.paths import resource_path

    sample = resource_path("data", "web_export_sample.csv")
    if sample.exists():
        with sample.open(encoding="utf-8-sig", newline="") as f:
            data = list(csv.reader(f, delimiter=";"))
        data[2][2] = "12345"
        data[4][12] = "31.02.2025"
        broken = work / "web_basvurular.csv"
        with broken.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";").writerows(data)
        importer = ImportDialog(ctx.with_actor(admin), window)
        importer.show()
        importer.set_path(broken)
        importer.dry_run_check.setChecked(True)
        importer.on_run_clicked()
        settle_until(lambda: importer.report is not None, timeout=30)
        save(importer, "applications_4_import_errors")
        importer.done(0)
    window.close()


def seed_open_deliveries(ctx, admin):  # type: ignore[no-untyped-def]
    """The demo's "today" may lie months back: a few approved applications of our own, some
    booked from tomorrow (one visited twice without anyone at home) and some still waiting, so
    the planner has open work. Returns the week of the first booking day."""
    from datetime import timedelta

    from desk_app.domain.clock import local_today
    from desk_app.domain.states import DeliveryKind, DeliveryOutcome
    from desk_app.services import applications as ap
    from desk_app.services import lookups
    from desk_app.services.citizens import CitizenInput
    from desk_app.services.delivery import (
        OutcomeInput,
        book,
        bulk_book,
        record_outcome,
        unbooked_applications,
        week_start,
    )

    today = local_today()
    served = [m.name for m in lookups.list_mahalleler(ctx.db) if m.served][:6] or ["Ulukavak"]
    people = (
        ("Zeynep", "Arslan", "Elif"),
        ("Ayşe", "Çelik", "Mert"),
        ("Fatma", "Öztürk", "Defne"),
        ("Şule", "Işık", "Kerem"),
        ("Merve", "Yıldız", "Ela"),
        ("İpek", "Şahin", "Aras"),
        ("Gül", "Ünal", "Nehir"),
        ("Özlem", "Doğan", "Ömer"),
        ("Hatice", "Kaplan", "Zehra"),
        ("Emine", "Aydın", "Yusuf"),
        ("Büşra", "Koç", "Asel"),
        ("Sevgi", "Güneş", "Alp"),
    )
    ids = []
    for i, (first, last, baby) in enumerate(people):
        result = ap.register_application(
            ctx.db,
            admin,
            ap.ApplicationInput(
                parent=CitizenInput(
                    first,
                    last,
                    phone=f"0532 41{i % 10} {20 + i} {30 + i}",
                    mahalle=served[i % len(served)],
                    street="Gazi Cad." if i % 2 else "Mimar Sinan Cad.",
                    building_no=str(3 + i * 2),
                ),
                baby_first_name=baby,
                baby_last_name=last,
                baby_birth_date=today - timedelta(days=20 + i * 3),
                applied_at=today - timedelta(days=14 - i),
                notice_acknowledged=True,
            ),
        )
        if result.status == "APPROVED":
            ids.append((result.id, result.version))
    if not ids:
        return week_start(today)
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    # Two home visits nobody answered: the next booking offers a desk pickup first.
    app_id, version = ids[0]
    for _ in range(2):
        result = book(ctx.db, admin, app_id, version, DeliveryKind.HOME, day, team_id=1)
        record_outcome(ctx.db, admin, result.delivery.id, OutcomeInput(DeliveryOutcome.NOT_HOME))
        version = ap.get_application(ctx.db, admin, app_id).version
    bulk_book(ctx.db, admin, [a for a, _ in ids[1:8]], kind="home", start=day)
    bulk_book(ctx.db, admin, [ids[8][0]], kind="pickup", start=day)
    assert unbooked_applications(ctx.db, admin)
    return week_start(day)


def delivery_shots(  # type: ignore[no-untyped-def]
    ctx, admin, main_window, settle_until, save, save_over
) -> None:
    """Teslimat: the week grid beside the unbooked list (on the demo week with the most open
    bookings), the booking dialog, a team's day, the outcome dialog (filled in, and after a failed
    visit), bulk booking and the set-up dialogs."""
    from datetime import timedelta

    from desk_app.domain.clock import local_today
    from desk_app.domain.states import DeliveryOutcome
    from desk_app.services.delivery import week_plan, week_start
    from desk_app.ui.delivery.models import GridCell

    today = local_today()
    fresh_week = seed_open_deliveries(ctx, admin)
    # The demo year's busiest week (the demo "today" may lie months back), besides ours.
    best, best_key = week_start(today), (-1, -1)
    day = week_start(today) - timedelta(weeks=100)
    while day <= week_start(today) + timedelta(weeks=4):
        plan = week_plan(ctx.db, admin, day)
        booked = sum(c.booked for c in plan.cells.values())
        done = sum(c.done + c.failed for c in plan.cells.values())
        if day != fresh_week and booked and (booked, done) > best_key:
            best, best_key = day, (booked, done)
        day += timedelta(weeks=1)

    window = main_window(admin)
    window.show_page("delivery")
    page = window.page("delivery")

    def show(start):  # type: ignore[no-untyped-def]
        page.show_week(start)
        settle_until(
            lambda: not page.is_loading and page.plan is not None and page.plan.start == start
        )

    show(best)
    save(window, "delivery_0_planner_demo_week")
    show(fresh_week)
    page.select_applications([r.application_id for r in page.unbooked_model.rows()[:1]])
    save(window, "delivery_1_planner")

    row = page.unbooked_model.row_at(0)
    if row is not None:
        booking = page.open_booking(row)
        booking.resize(640, booking.sizeHint().height())
        save(booking, "delivery_2_booking_dialog")
        save_over(window, booking, "delivery_2_booking_over_page")
        booking.manual_radio.setChecked(True)
        save(booking, "delivery_3_booking_manual")
        booking.done(0)
    failed = next((r for r in page.unbooked_model.rows() if r.pickup_first), None)
    if failed is not None:
        booking = page.open_booking(failed)
        booking.resize(640, booking.sizeHint().height())
        save(booking, "delivery_4_booking_pickup_first")
        booking.done(0)

    plan = page.plan
    cells = [c for c in plan.cells.values() if c.booked] if plan else []
    if plan is not None and cells:
        cell = max(cells, key=lambda c: (c.booked - c.done - c.failed, c.booked))
        team = next(t for t in plan.teams if t.id == cell.team_id)
        day_dialog = page.open_day(GridCell(cell.day, team.id, team.name))
        booked_rows = [r for r in day_dialog.model.rows() if r.status == "BOOKED"]
        target = booked_rows[0] if booked_rows else day_dialog.model.row_at(0)
        if target is not None:
            day_dialog.select_delivery(target.id)
        save(day_dialog, "delivery_5_day_detail")
        if booked_rows:
            outcome = day_dialog.on_outcome_clicked()
            outcome.received_edit.setText("Zeynep Arslan")
            outcome.relation_combo.setCurrentText("Anne")
            save(outcome, "delivery_6_outcome_dialog")
            outcome.received_edit.setText("")
            outcome.relation_combo.setCurrentText("")
            outcome.save_button.click()
            save(outcome, "delivery_7_outcome_error")
            outcome.set_outcome(DeliveryOutcome.NOT_HOME)
            outcome.note_edit.setPlainText("Kapıya not bırakıldı.")
            outcome.save_button.click()
            save(outcome, "delivery_8_outcome_failed")
            outcome.done(0)
            if len(booked_rows) > 1:
                day_dialog.select_delivery(booked_rows[1].id)
                move = day_dialog.on_move_clicked()
                save(move, "delivery_9_move_dialog")
                move.done(0)
        day_dialog.done(0)
    pickup_day = next((p for p in plan.pickups if p.booked), None) if plan else None
    if pickup_day is not None:
        pickups = page.open_day(GridCell(pickup_day.day, None, "Masadan teslim"))
        save(pickups, "delivery_10_pickup_day")
        pickups.done(0)

    bulk = page.on_bulk_clicked()
    save(bulk, "delivery_11_bulk_dialog")
    bulk.kind_combo.setCurrentIndex(0)
    bulk.all_radio.setChecked(True)
    bulk.on_save_clicked()
    settle_until(lambda: bulk.result_value is not None, timeout=30)
    save(bulk, "delivery_12_bulk_result")
    bulk.done(0)

    for name, opener in (
        ("delivery_13_teams_dialog", page.open_teams),
        ("delivery_14_pickup_windows_dialog", page.open_windows),
        ("delivery_15_stock_dialog", page.open_stock),
    ):
        dialog = opener()
        if dialog.model.rowCount():
            dialog.table.selectRow(0)
        save(dialog, name)
        dialog.done(0)
    window.close()


# --- scan-back and slip printing -------------------------------------------------------------


def scan_print_shots(  # type: ignore[no-untyped-def]
    ctx, admin, main_window, settle_until, save, save_over, work
) -> None:
    """Tarama: a batch of results (delivered, failed, forged, voided, already used), the
    outcome panel of an accepted slip, the day's slip print dialog and the PDF preview."""
    from desk_app.domain.clock import local_today
    from desk_app.domain.slip_token import make_token
    from desk_app.domain.states import DeliveryKind, DeliveryOutcome
    from desk_app.models import Delivery
    from desk_app.services.delivery import print_slips, reprint_slips, slip_secret, week_plan
    from desk_app.services.uow import read_only, unit_of_work
    from desk_app.ui.delivery.slip_print_dialog import open_slip_print_dialog

    # The coming day with the most open home deliveries (and desk pickups); book a few of the
    # waiting applications first when nothing is planned yet.
    today = local_today()

    def open_days() -> tuple[dict, dict]:
        plan = week_plan(ctx.db, admin, today, days=42)
        open_home: dict = {}
        for cell in plan.cells.values():
            pending = cell.booked - cell.done - cell.failed
            open_home[cell.day] = open_home.get(cell.day, 0) + pending
        return open_home, {p.day: p.booked for p in plan.pickups}

    open_home, pickups = open_days()
    if not any(n >= 3 for n in open_home.values()):
        from desk_app.domain.errors import DomainError
        from desk_app.services.delivery import book, suggest, unbooked_applications

        for i, waiting in enumerate(unbooked_applications(ctx.db, admin)[:8]):
            offer = suggest(ctx.db, admin, waiting.application_id)
            wanted = "PICKUP" if i >= 6 else "HOME"
            choice = next((x for x in offer.suggestions if x.kind == wanted), None)
            if choice is None:
                continue
            try:
                book(
                    ctx.db,
                    admin,
                    waiting.application_id,
                    offer.version,
                    DeliveryKind(choice.kind),
                    choice.day,
                    team_id=choice.team_id,
                    start_time=choice.start_time,
                )
            except DomainError as exc:
                print("scan shots: could not book", waiting.reference, exc)
        open_home, pickups = open_days()
    days = [d for d, n in open_home.items() if n >= 3]
    if not days:
        print("scan shots skipped: no day with three open home deliveries")
        return
    day = max(days, key=lambda d: (pickups.get(d, 0) > 0, open_home[d], -d.toordinal()))
    summary = print_slips(ctx.db, admin, work / "tarama.pdf", day_from=day)
    ids = list(summary.deliveries)
    with unit_of_work(ctx.db) as session:
        secret = slip_secret(session)

    def token(delivery_id: int) -> str:
        with read_only(ctx.db) as session:
            delivery = session.get(Delivery, delivery_id)
            assert delivery is not None
            return make_token(secret, delivery_id, delivery.print_serial)

    first, second, third = ids[0], ids[1], ids[2]
    old_second = token(second)
    reprint_slips(ctx.db, admin, [second], work / "yeniden.pdf")

    window = main_window(admin)
    window.show_page("scan")
    page = window.page("scan")
    page.today = lambda: day
    page.refresh_pickups()

    def scan(text: str) -> None:
        page.scan_edit.setText(text)
        page.on_scan_entered()

    scan(token(third))
    page.panel.choose(DeliveryOutcome.NOT_HOME)
    delivered = token(first)
    scan(delivered)
    page.panel.choose(DeliveryOutcome.DELIVERED)
    scan(delivered[:-1] + ("A" if delivered[-1] != "A" else "B"))
    scan(old_second)
    scan(delivered)
    if page.pickup_model.rowCount():
        page.pickup_table.selectRow(0)
    save(window, "scan_1_page_results")

    scan(token(second))
    page.panel.relation_combo.setCurrentText("Anne")
    save(window, "scan_2_outcome_panel")
    page.on_skipped()

    dialog = open_slip_print_dialog(ctx.with_actor(admin), window, day=day)
    save(dialog, "scan_3_slip_print_dialog")
    save_over(window, dialog, "scan_3_slip_print_over_page")
    dialog.on_prepare_clicked()
    settle_until(lambda: dialog.preview_dialog is not None or bool(dialog.error.text()))
    if dialog.preview_dialog is not None:
        save(dialog.preview_dialog, "scan_4_pdf_preview")
        dialog.preview_dialog.done(0)
    else:
        print("slip print failed:", dialog.error.text())
    window.close()


# --- Özet (summary page engineer) ---------------------------------------------------------------
def summary_shots(ctx, admin, main_window, settle_until, save) -> None:  # type: ignore[no-untyped-def]
    """Özet for the demo year 2025: the top (tiles, channel and status tables), then scrolled
    to each chart with its table beside it."""
    from PySide6.QtCore import QPoint

    window = main_window(admin)
    page = window.page("summary")
    window.show_page("summary")
    page.period_selector.set_year(2025)
    page.refresh()

    def ready() -> bool:
        shown = page.summary
        return shown is not None and shown.period.start.year == 2025 and not page.is_computing

    settle_until(ready)
    save(window, "summary_1_top")
    if page.content is not None:
        bar = page.scroll_area.verticalScrollBar()
        for n, key in enumerate(("months_chart", "directorates", "pipeline_chart", "teams_chart")):
            title = page.content.titles[key]
            bar.setValue(title.mapTo(page.canvas, QPoint(0, 0)).y() - 6)
            save(window, f"summary_{n + 2}_{key}")
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
