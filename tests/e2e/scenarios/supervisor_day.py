"""A supervisor's booking, printing and scan-back on the demo year: book the oldest waiting
application (Teslimat › Planla…, the suggestion, Enter), print that day's slips (Fişleri
yazdır…, the day typed after Ctrl+A, Hazırla), save the PDF, read a slip's QR code off the
paper as the scanner would, scan it on Tarama (Enter: delivered), then scan it again (refused:
already used)."""

import os
import re
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image

from desk_app.ui.kit.e2e_hook import Driver, Step

# The "paper": the saved PDF and its pages, beside this run's screenshots.
PAPER = Path(os.environ["DESK_APP_E2E_SHOTS"]) / "paper"
OUT = PAPER / "fisler.pdf"


def qr_codes(pdf: Path) -> list[str]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    codes = []
    for png in sorted(pdf.parent.glob(prefix.name + "-*.png")):
        with Image.open(png) as image:
            codes += [r.text for r in zxingcpp.read_barcodes(image)]
    return codes


def waiting(d: Driver) -> str:
    """The first waiting application's reference on the screen."""
    return next((t for t in d.texts() if re.fullmatch(r"HGB-\d{4}-\d{5}", t)), "")


def scenario(d: Driver) -> Step:
    yield d.window("login_window")
    d.type("supervizor")
    d.key("Tab")
    d.type("demo-parola")
    d.key("Return")
    yield d.window("main_window")
    PAPER.mkdir(parents=True, exist_ok=True)
    d.key("Ctrl+3")
    yield d.sees("Planlanmayı bekleyenler")
    yield d.until(lambda: bool(waiting(d)), "an application waiting to be booked")
    d.click_cell(waiting(d))  # the oldest waiting application
    yield d.until(lambda: d.find_button("Planla…") is not None, "Planla… usable")
    d.screenshot("delivery-page")
    d.click("Planla…")
    yield d.window("booking_dialog")
    d.screenshot("booking")
    d.key("Return")
    yield d.gone("booking_dialog")
    booked = []

    def booked_day() -> bool:
        for text in d.texts():
            found = re.search(r"planlandı: (\d\d)\.(\d\d)\.(\d{4})", text)
            if found:
                booked.append("".join(found.groups()))
                return True
        return False

    yield d.until(booked_day, "the booking's day on the page")
    d.screenshot("booked")

    d.click("Fişleri yazdır…")
    yield d.window("slip_print_dialog")
    d.key("Ctrl+A")
    d.type(booked[0])
    d.screenshot("print-day")
    d.click("Hazırla")
    yield d.window("pdf_preview_dialog", timeout=60)
    d.screenshot("preview")
    d.click("PDF olarak kaydet…")
    yield d.sees("Dosya a", timeout=10)  # Qt's own (Turkish) file dialog: "Dosya adı:"
    d.screenshot("save-dialog")
    yield d.sees("Konum:")  # Qt's file dialog speaks Turkish too ("Look in:" before)
    assert not any(t in ("&Look in:", "Files of &type:") for t in d.texts()), d.texts()
    d.key("Ctrl+A")
    d.type(str(OUT))
    d.key("Return")
    yield d.sees(f"Kaydedildi: {OUT}")
    d.screenshot("saved")
    d.click("Kapat")
    yield d.gone("pdf_preview_dialog")
    yield d.window("main_window")

    codes = qr_codes(OUT)  # the scanner reads the paper
    assert codes, "no QR code on the printed slips"
    d.key("Ctrl+4")
    yield d.sees("Bu oturumda okutulanlar")
    d.type(codes[0])
    d.key("Return")
    yield d.sees("Fiş geçerli")
    d.screenshot("slip-valid")
    d.key("Return")  # delivered
    yield d.until(lambda: any("Teslim edildi" in t for t in d.texts()), "the hand-over logged")
    d.type(codes[0])
    d.key("Return")
    yield d.sees("↺ Daha önce işlenmiş fiş")
    d.screenshot("used-again")
    d.key("Ctrl+Q")
