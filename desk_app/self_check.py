"""``desk-app --self-check``: proves that an installation (a checkout, a wheel or the frozen
build of packaging/) has everything a desk needs, without opening a window.

Steps, each reported on one line (Turkish / English) with details under it:

1. database: open (or create) the configured database and run the migrations to the head;
2. resources: the fonts, the reference data and the translations that ship with the program;
3. slip PDF: render one sample delivery slip to a temporary PDF, read its text back and check
   that the fonts are embedded;
4. Qt: create the application on the ``offscreen`` platform (no display needed; an explicit
   ``QT_QPA_PLATFORM`` wins), list the bundled plugins, load the slip PDF with QtPdf and import
   the pages that need QtCharts and QtPrintSupport.

Exit code 0 when every step passed, 1 otherwise (the failing steps are named). The report never
shows a password: the database is described by desk_app.db.describe_url.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from desk_app import __version__
from desk_app.settings import Settings

EXIT_OK, EXIT_FAILED = 0, 1

# What the sample slip must show once its text is read back from the PDF: Turkish letters in
# the shaped text of the embedded font, the reference and the code typed by hand.
SAMPLE_NAME = "Şükrü Çağlayan Işıkoğlu"
SAMPLE_MAHALLE = "İğdeli Mahallesi"
SAMPLE_REFERENCE = "HGB-0000-00001"
EXPECTED_TEXTS = ("T.C. ÇORUM BELEDİYESİ", "Hoş Geldin Bebek", SAMPLE_NAME, SAMPLE_MAHALLE)

# Native platform plugin of each system, beside the "offscreen" one the check itself uses.
NATIVE_PLATFORM = {"win32": "qwindows", "linux": "qxcb", "darwin": "qcocoa"}
PLUGIN_GROUPS = ("platforms", "imageformats", "styles", "printsupport", "iconengines", "tls")


class CheckFailed(Exception):
    """A step found something missing or wrong; the message says what."""


@dataclass
class StepResult:
    key: str
    title: str
    ok: bool = False
    lines: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


@dataclass
class _Context:
    settings: Settings
    pdf_path: Path | None = None


def _describe_settings(settings: Settings) -> str:
    from desk_app.db import DatabaseSetupError, describe_url, normalize_url

    try:
        return describe_url(normalize_url(settings.db_url))
    except DatabaseSetupError:
        return "(adres anlaşılamadı / unreadable URL)"


def _check_database(ctx: _Context) -> list[str]:
    from desk_app.db import open_database

    settings = ctx.settings
    db = open_database(settings.db_url, sslmode=settings.sslmode, sslrootcert=settings.sslrootcert)
    try:
        state = db.schema_state()
        if not state.up_to_date:
            raise CheckFailed(f"şema {state.current} ≠ {state.head} (migration did not finish)")
        from sqlalchemy import text

        with db.read_session() as session:
            mahalle = session.execute(text("SELECT COUNT(*) FROM mahalle")).scalar_one()
        if not mahalle:
            raise CheckFailed("mahalle listesi boş / reference data missing (migration 0002)")
        return [
            f"{db.describe()} (ayarın kaynağı / source: {settings.db_url_source})",
            f"yapılandırma / config file: {settings.config_path}"
            + ("" if settings.config_path.is_file() else " (yok / none)"),
            f"şema / schema: {state.current} = head; mahalle: {mahalle}",
        ]
    finally:
        db.dispose()


def _check_resources(_ctx: _Context) -> list[str]:
    from desk_app.paths import frozen_root, migrations_dir, resource
    from desk_app.printing.fonts import FONT_FILES

    missing = [name for name in FONT_FILES.values() if not resource("fonts", name).is_file()]
    if missing:
        raise CheckFailed(f"yazı tipi yok / font missing: {', '.join(missing)}")
    data = sorted(n.name for n in resource("data").iterdir() if n.name.endswith(".csv"))
    if not data:
        raise CheckFailed("başvuru verisi yok / no reference data in resources/data")
    folder = resource("translations")
    translations = (
        sorted(n.name for n in folder.iterdir() if n.name.endswith(".qm"))
        if folder.is_dir()
        else []
    )
    versions = migrations_dir() / "versions"
    revisions = sorted(p.name for p in versions.glob("[0-9]*.py")) if versions.is_dir() else []
    if not (migrations_dir() / "env.py").is_file() or not revisions:
        raise CheckFailed(f"göç betikleri yok / migrations missing in {migrations_dir()}")
    bundle = frozen_root()
    return [
        f"yazı tipleri / fonts: {', '.join(FONT_FILES.values())}",
        f"başvuru verisi / reference data: {len(data)} CSV",
        f"çeviriler / translations: {', '.join(translations) or 'yok / none'}",
        f"göçler / migrations: {len(revisions)} ({revisions[-1]})",
        f"paket / bundle: {bundle if bundle else 'frozen değil / not frozen'}",
    ]


def _sample_slip() -> Any:
    from desk_app.domain.slip_token import make_short_code, make_token
    from desk_app.domain.states import DeliveryKind
    from desk_app.printing.model import SlipData

    secret = b"desk_app self-check"
    return SlipData(
        delivery_id=1,
        token=make_token(secret, 1, 1),
        short_code=make_short_code(secret, 1, 1),
        slip_reference=SAMPLE_REFERENCE,
        print_date=date.today(),
        recipient_name=SAMPLE_NAME,
        phone_masked="0 532 *** ** 67",
        mahalle=SAMPLE_MAHALLE,
        street="Şehit Mustafa Özdemir Sokağı",
        building_no="1",
        apartment_no="1",
        delivery_date=date.today(),
        kind=DeliveryKind.HOME,
        edition_name="Öz denetim",
        edition_contents=("Bebek battaniyesi", "Zıbın ve tulum takımı"),
        team_name="Ekip 1",
        route_order=1,
        baby_name="Ela Nur",
    )


def _embedded_fonts(reader: Any) -> list[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", "?")).lstrip("/")
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descendant = font["/DescendantFonts"].get_object()[0].get_object()
                descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                raise CheckFailed(f"yazı tipi gömülü değil / font not embedded: {base}")
            names.add(base.split("+", 1)[-1])
    if not names or not all(n.startswith("DejaVuSans") for n in names):
        raise CheckFailed(f"beklenmeyen yazı tipleri / unexpected fonts: {sorted(names)}")
    return sorted(names)


def _check_slip_pdf(ctx: _Context) -> list[str]:
    from pypdf import PdfReader

    from desk_app.printing.render import render_slips

    assert ctx.pdf_path is not None
    slip = _sample_slip()
    pages = render_slips(ctx.pdf_path, [slip])
    reader = PdfReader(ctx.pdf_path)
    if pages != 1 or len(reader.pages) != 1:
        raise CheckFailed(f"1 sayfa bekleniyordu / expected 1 page, got {len(reader.pages)}")
    text = reader.pages[0].extract_text()
    expected = (*EXPECTED_TEXTS, slip.short_code)
    absent = [t for t in expected if t not in text]
    if absent:
        raise CheckFailed(f"PDF metninde yok / not in the PDF text: {absent}")
    fonts = _embedded_fonts(reader)
    size = ctx.pdf_path.stat().st_size
    return [
        f"{ctx.pdf_path.name}: {pages} sayfa / page(s), {size // 1024} KB",
        f"metin denetimi / text check: OK ({len(expected)} ifade / strings)",
        f"gömülü yazı tipleri / embedded fonts: {', '.join(fonts)}",
    ]


def _plugin_names(folder: Path) -> list[str]:
    names = set()
    for path in folder.iterdir():
        if path.suffix.lower() in (".dll", ".so", ".dylib"):
            stem = path.name.split(".", 1)[0]
            names.add(stem[3:] if stem.startswith("lib") else stem)
    return sorted(names)


def _check_qt(ctx: _Context) -> list[str]:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window needed; the native one is listed
    # The GUI's own composition root and pages: importing them proves that every Qt module
    # they use (QtWidgets, QtPdf, QtPdfWidgets, QtPrintSupport, QtCharts) is present.
    from desk_app.ui.app import create_application
    from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog
    from desk_app.ui.summary import charts as summary_charts

    app = create_application([sys.argv[0] if sys.argv else "desk-app"], ctx.settings.language)
    plugins: dict[str, list[str]] = {}
    for library_path in app.libraryPaths():
        for group in PLUGIN_GROUPS:
            folder = Path(library_path) / group
            if folder.is_dir():
                plugins.setdefault(group, []).extend(_plugin_names(folder))
    platforms = plugins.get("platforms", [])
    native = NATIVE_PLATFORM.get(sys.platform)
    if native is not None and native not in platforms:
        raise CheckFailed(
            f"{native} platform eklentisi yok / platform plugin missing "
            f"(platforms: {platforms}, library paths: {app.libraryPaths()})"
        )
    lines = [
        f"platform: {app.platformName()}, stil / style: {app.style().name()}, "
        f"Qt çevirileri / translations: {len(app.property('desk_app_translators') or [])}",
    ]
    lines += [f"{group}: {', '.join(sorted(set(names)))}" for group, names in plugins.items()]
    assert ctx.pdf_path is not None
    dialog = PdfPreviewDialog(ctx.pdf_path)
    try:
        if dialog.page_count != 1:
            raise CheckFailed(
                f"QtPdf fişi açamadı / QtPdf cannot open the slip ({dialog.page_count})"
            )
    finally:
        dialog.deleteLater()
    lines.append(
        f"QtPdf: fiş {dialog.page_count} sayfa / page; QtCharts: {summary_charts.__name__} OK"
    )
    return lines


STEPS: tuple[tuple[str, str, Callable[[_Context], list[str]]], ...] = (
    ("database", "Veritabanı / database", _check_database),
    ("resources", "Kaynaklar / resources", _check_resources),
    ("slip_pdf", "Fiş PDF / slip PDF", _check_slip_pdf),
    ("qt", "Qt", _check_qt),
)


def run_self_check(settings: Settings, out: TextIO | None = None, as_json: bool = False) -> int:
    """Run every step, print the report and return the exit code (0 all passed, 1 otherwise)."""
    from desk_app.logsafe import redact

    out = out or sys.stdout
    frozen = bool(getattr(sys, "frozen", False))
    header = (
        f"desk_app {__version__} öz denetim / self-check — Python {platform.python_version()}, "
        f"{sys.platform}, {'frozen' if frozen else 'not frozen'}"
    )
    if not as_json:
        out.write(header + "\n")
        out.flush()
    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="desk_app-self-check-") as tmp:
        ctx = _Context(settings=settings, pdf_path=Path(tmp) / "self-check-slip.pdf")
        for key, title, step in STEPS:
            result = StepResult(key=key, title=title)
            started = time.perf_counter()
            try:
                result.lines = step(ctx)
                result.ok = True
            except Exception as exc:
                result.error = redact(f"{type(exc).__name__}: {exc}")
                if os.environ.get("DESK_APP_DEBUG"):
                    traceback.print_exc()
            result.seconds = round(time.perf_counter() - started, 2)
            results.append(result)
            if not as_json:
                _print_step(out, result)
    failed = [r.title for r in results if not r.ok]
    if as_json:
        payload = {
            "ok": not failed,
            "version": __version__,
            "frozen": frozen,
            "database": _describe_settings(settings),
            "steps": [r.__dict__ for r in results],
        }
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    elif failed:
        out.write(f"Sonuç / result: HATA / FAILED — {', '.join(failed)}\n")
    else:
        out.write(f"Sonuç / result: OK ({len(results)}/{len(results)})\n")
    out.flush()
    return EXIT_FAILED if failed else EXIT_OK


def _print_step(out: TextIO, result: StepResult) -> None:
    mark = "OK  " if result.ok else "HATA"
    out.write(f"[{mark}] {result.title} ({result.seconds:.2f} s)\n")
    for line in result.lines:
        out.write(f"       {line}\n")
    if result.error:
        out.write(f"       {result.error}\n")
    out.flush()
