"""Real PDFs: rendered, read back with pypdf and rasterised with poppler to decode the QR codes."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from desk_app.domain.slip_token import parse_any, parse_token
from desk_app.domain.states import DeliveryKind
from desk_app.printing import (
    PrintCancelled,
    ReceiptData,
    RouteRow,
    RouteSheetData,
    SlipData,
    render_batch,
    render_receipt,
    render_route_sheet,
    render_slips,
)
from desk_app.printing.layout import fit_text
from desk_app.printing.qr import qr_matrix, qr_path_operators
from desk_app.printing.route_sheet import paginate
from tests.printing.conftest import Rasterise, page_texts, qr_texts
from tests.printing.samples import SECRET, receipt, route_sheet, slip, slips


def test_two_slips_on_an_a4_sheet_both_qr_codes_decode_and_verify(
    tmp_path: Path, rasterise: Rasterise
) -> None:
    pdf = tmp_path / "slips.pdf"
    data = [slip(1234, 2), slip(98765, 1, index=1)]
    assert render_slips(pdf, data) == 1
    (image,) = rasterise(pdf)
    texts = qr_texts(image)
    assert sorted(texts) == sorted(s.token for s in data)
    verified = {parse_token(t, SECRET) for t in texts}
    assert {(v.delivery_id, v.serial) for v in verified} == {(1234, 2), (98765, 1)}


def test_a5_slip_qr_decodes_and_the_short_code_under_it_verifies(
    tmp_path: Path, rasterise: Rasterise
) -> None:
    pdf = tmp_path / "a5.pdf"
    data = slip(42, 3)
    assert render_slips(pdf, [data], page_size="A5") == 1
    (image,) = rasterise(pdf)
    assert image.width < image.height * 1.5  # A5 landscape, not A4
    assert [parse_token(t, SECRET).delivery_id for t in qr_texts(image)] == [42]
    (text,) = page_texts(pdf)
    assert data.short_code in text
    assert parse_any(data.short_code, SECRET).serial == 3


def test_turkish_text_round_trips(tmp_path: Path) -> None:
    pdf = tmp_path / "slip.pdf"
    render_slips(pdf, [slip()])
    (text,) = page_texts(pdf)
    for expected in (
        "T.C. ÇORUM BELEDİYESİ",
        "Hoş Geldin Bebek",
        "Şükrü Çağlayan Işıkoğlu",
        "İğdeli Mahallesi",
        "Şehit Mustafa Özdemir Sokağı",
        "0 532 *** ** 67",
        "HGB-2025-01234",
        "03.12.2025 Çarşamba",
        "Zıbın ve tulum takımı (3 adet)",
        "Evde yok",
        "Adres yanlış",
        "Teslim almadı / reddetti",
        "Diğer:",
        "TESLİM ALAN",
        "Yakınlık",
        "TESLİM EDEN (EKİP)",
        "2. baskı",
    ):
        assert expected in text


def test_pickup_slip_names_the_window_and_the_desk(tmp_path: Path) -> None:
    pdf = tmp_path / "pickup.pdf"
    data = slip(
        kind=DeliveryKind.PICKUP,
        team_name="",
        route_order=0,
        pickup_window="Gönül Kapısı, 10:00–11:00",
    )
    render_slips(pdf, [data], page_size="A5")
    (text,) = page_texts(pdf)
    assert "Masadan teslim alma" in text
    assert "Gönül Kapısı, 10:00–11:00" in text
    assert "TESLİM EDEN (MASA GÖREVLİSİ)" in text
    assert "Ekip:" not in text


def _fonts(resources: Any, seen: set[int]) -> list[Any]:
    found: list[Any] = []
    fonts: Any = resources.get("/Font") or DictionaryObject()
    xobjects: Any = resources.get("/XObject") or DictionaryObject()
    for font in fonts.get_object().values():
        found.append(font.get_object())
    for xobject in xobjects.get_object().values():
        obj = xobject.get_object()
        if id(obj) in seen or "/Resources" not in obj:
            continue
        seen.add(id(obj))
        found.extend(_fonts(obj["/Resources"].get_object(), seen))
    return found


def _embedded(font: Any) -> bool:
    if font["/Subtype"] == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded_and_none_is_helvetica(tmp_path: Path) -> None:
    pdf = tmp_path / "all.pdf"
    data = slips(3)
    render_batch(pdf, [(route_sheet(data), data)])
    receipt_pdf = tmp_path / "receipt.pdf"
    render_receipt(receipt_pdf, receipt())
    for path in (pdf, receipt_pdf):
        reader = PdfReader(path)
        seen: set[int] = set()
        fonts = [f for page in reader.pages for f in _fonts(page["/Resources"], seen)]
        assert fonts
        assert all(_embedded(font) for font in fonts), [f["/BaseFont"] for f in fonts]
        assert all("DejaVuSans" in str(font["/BaseFont"]) for font in fonts)
        assert b"Helvetica" not in path.read_bytes()


def test_records_have_no_field_for_an_identity_number() -> None:
    for record in (SlipData, RouteRow, RouteSheetData, ReceiptData):
        names = [field.name.lower() for field in dataclasses.fields(record)]
        assert not [n for n in names if "tc" in n.split("_") or "kimlik" in n or "tckn" in n]


def test_kind_may_be_the_stored_string() -> None:
    assert slip(kind="PICKUP").kind is DeliveryKind.PICKUP
    with pytest.raises(ValueError):
        slip(kind="BOAT")


def test_an_unmasked_phone_is_refused() -> None:
    with pytest.raises(ValueError):
        slip(phone_masked="0 532 123 45 67")
    with pytest.raises(ValueError):
        dataclasses.replace(receipt(), phone_masked="+905321234567")


def test_route_sheet_of_40_rows_paginates_with_page_numbers_and_totals(tmp_path: Path) -> None:
    data = slips(40)
    sheet = route_sheet(data)
    pdf = tmp_path / "route.pdf"
    pages = render_route_sheet(pdf, sheet)
    assert pages == len(paginate(sheet.rows, 841.8898)) >= 2
    texts = page_texts(pdf)
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Sayfa {number} / {pages}" in text
        assert "Ekip Rota Listesi" in text
    everything = "\n".join(texts)
    assert all(s.slip_reference in everything for s in data)
    assert "Toplam: 40 teslimat" in texts[-1]
    assert "Toplam" not in texts[0]
    assert "İğdeli Mahallesi" in everything
    # A5 holds fewer rows per page but keeps them all.
    assert render_route_sheet(tmp_path / "route-a5.pdf", sheet, page_size="A5") > pages


def test_paginate_keeps_every_row_once_and_room_for_the_totals() -> None:
    rows = tuple(RouteRow.from_slip(s) for s in slips(60))
    for height in (841.8898, 419.5276):
        for count in range(len(rows) + 1):
            pages = paginate(rows[:count], height)
            assert tuple(r for page in pages for r in page) == rows[:count]
            assert all(pages[:-1])


def test_empty_route_sheet_prints_one_page(tmp_path: Path) -> None:
    pdf = tmp_path / "empty.pdf"
    assert render_route_sheet(pdf, route_sheet([])) == 1
    assert "Bu gün için teslimat yok." in page_texts(pdf)[0]


def test_batch_puts_each_route_sheet_before_its_slips(tmp_path: Path, rasterise: Rasterise) -> None:
    first, second = slips(3, first_id=100), slips(2, first_id=200)
    batch = [(route_sheet(first, "Ekip 1"), first), (route_sheet(second, "Ekip 2"), second)]
    pdf = tmp_path / "batch.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_batch(pdf, batch, progress=lambda done, total: calls.append((done, total)))
    # Ekip 1: sheet, 2 slip sheets (2 + 1); Ekip 2: sheet, 1 slip sheet.
    assert pages == 5
    texts = page_texts(pdf)
    assert "Ekip: Ekip 1" in texts[0] and "Ekip Rota Listesi" in texts[0]
    assert "HGB-2025-00100" in texts[1] and "HGB-2025-00101" in texts[1]
    assert "HGB-2025-00102" in texts[2] and "HGB-2025-00200" not in texts[2]
    assert "Ekip: Ekip 2" in texts[3]
    assert calls == [(i, 7) for i in range(8)]
    (image,) = rasterise(pdf, 5, 5)
    assert sorted(qr_texts(image)) == sorted(s.token for s in second)


def test_batch_on_a5(tmp_path: Path) -> None:
    data = slips(3)
    pdf = tmp_path / "batch-a5.pdf"
    assert render_batch(pdf, [(route_sheet(data), data)], page_size="A5") == 4
    assert len(PdfReader(pdf).pages) == 4


def test_cancel_stops_the_job_and_writes_nothing(tmp_path: Path) -> None:
    data = slips(10)
    pdf = tmp_path / "cancelled.pdf"
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)

    with pytest.raises(PrintCancelled):
        render_batch(
            pdf, [(route_sheet(data), data)], progress=progress, cancelled=lambda: len(calls) > 4
        )
    assert not pdf.exists()
    assert list(tmp_path.iterdir()) == []
    assert calls == [0, 1, 2, 3, 4]


def test_render_to_a_binary_stream(tmp_path: Path) -> None:
    out = io.BytesIO()
    render_slips(out, slips(3), page_size="A5")
    assert out.getvalue().startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(out.getvalue())).pages) == 3


def test_no_slips_still_make_a_valid_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "none.pdf"
    assert render_slips(pdf, []) == 1
    assert len(PdfReader(pdf).pages) == 1


def test_unknown_page_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_slips(tmp_path / "x.pdf", slips(1), page_size="Letter")  # type: ignore[arg-type]


def test_receipt_has_both_copies_and_the_people(tmp_path: Path) -> None:
    pdf = tmp_path / "receipt.pdf"
    assert render_receipt(pdf, receipt()) == 1
    (text,) = page_texts(pdf)
    for expected in (
        "KURUM NÜSHASI",
        "VATANDAŞ NÜSHASI",
        "Şükrü Çağlayan Işıkoğlu",
        "Gülizar Işıkoğlu",
        "Yakınlık: Eşi",
        "04.12.2025 10:35",
        "Ayşe Yılmaz",
        "Çorum Belediyesi hediye çantası",
    ):
        assert expected in text
    assert text.count("HGB-2025-00077") == 2
    assert render_receipt(tmp_path / "receipt-a5.pdf", receipt(), page_size="A5") == 2


def test_long_text_is_shrunk_then_cut_to_its_box(tmp_path: Path) -> None:
    long_name = "Şükrü Çağlayan Işıkoğlu Karamahmutoğulları Büyükçekmeceli " * 3
    pdf = tmp_path / "long.pdf"
    render_slips(pdf, [slip(recipient_name=long_name)])
    (text,) = page_texts(pdf)
    assert "Şükrü Çağlayan Işıkoğlu Karamahmutoğulları" in text
    assert "…" in text
    value, size = fit_text("kısa", "DejaVuSans", 9, 100, 7)
    assert (value, size) == ("kısa", 9)
    value, size = fit_text(long_name, "DejaVuSans", 9, 100, 7)
    assert value.endswith("…") and size == 7


def test_qr_path_covers_exactly_the_dark_modules() -> None:
    matrix = qr_matrix("HGB1-1234-2-ABCDEFGHIJKLM")
    size = len(matrix)
    painted = [[False] * size for _ in range(size)]
    for line in qr_path_operators(matrix).splitlines():
        x, y, w, h, op = line.split()
        assert op == "re" and h == "1"
        for column in range(int(x), int(x) + int(w)):
            assert not painted[size - 1 - int(y)][column]
            painted[size - 1 - int(y)][column] = True
    assert painted == [list(row) for row in matrix]
