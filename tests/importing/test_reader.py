"""The export reader and the row checks against broken files written here (no database)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.importing.reader import COLUMNS, FileRefused, ParsedFile, read_export
from desk_app.importing.rows import ImportRow, RowError, excel_number_text, parse_row
from desk_app.paths import resource_path

SAMPLE = resource_path("data", "web_export_sample.csv")
if not SAMPLE.exists():  # a checkout elsewhere: the same five rows
    SAMPLE = Path(__file__).with_name("web_export_sample.csv")
HEADERS = [c.header for c in COLUMNS]
SERVED = ["Ulukavak", "Bahçelievler", "Gülabibey", "Buharaevler", "Üçtutlar", "Çepni"]
TODAY = datetime.date(2025, 3, 1)
GOOD = {
    "Başvuru No": "W-2025-00412",
    "Başvuru Tarihi": "03.02.2025",
    "Veli T.C. Kimlik No": "91728056974",
    "Veli Adı": "Zeynep",
    "Veli Soyadı": "Kaya",
    "Cep Telefonu": "0532 418 22 90",
    "Mahalle": "Ulukavak",
    "Cadde/Sokak": "Mimar Sinan Cad.",
    "Bina No": "14",
    "Daire No": "3",
    "Bebek Adı": "Elif",
    "Bebek Soyadı": "Kaya",
    "Bebek Doğum Tarihi": "21.01.2025",
    "Bebek T.C. Kimlik No": "",
    "Aydınlatma Metni Onayı": "Evet",
}


def _quote(value: str, delimiter: str) -> str:
    if any(ch in value for ch in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    headers: list[str] | None = None,
    delimiter: str = ";",
    newline: str = "\n",
    encoding: str = "utf-8",
) -> Path:
    heads = headers or HEADERS
    lines = [delimiter.join(_quote(h, delimiter) for h in heads)]
    for row in rows:
        lines.append(delimiter.join(_quote(row.get(h, ""), delimiter) for h in heads))
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def check(parsed: ParsedFile, index: int = 0) -> ImportRow | list[RowError]:
    return parse_row(parsed.rows[index], parsed, SERVED, TODAY)


def good(parsed: ParsedFile, index: int = 0) -> ImportRow:
    result = check(parsed, index)
    assert isinstance(result, ImportRow), result
    return result


def errors(parsed: ParsedFile, index: int = 0) -> list[RowError]:
    result = check(parsed, index)
    assert isinstance(result, list), result
    return result


# --- encodings, delimiters, line ends ---------------------------------------------------


def test_the_clean_sample_reads_five_good_rows() -> None:
    parsed = read_export(SAMPLE)
    assert (parsed.encoding, parsed.delimiter, parsed.notes) == ("utf-8", ";", ())
    assert [r.row for r in parsed.rows] == [2, 3, 4, 5, 6]
    rows = [good(parsed, i) for i in range(5)]
    assert rows[0].phone_e164 == "+905324182290"
    assert rows[4].street == "İnönü Cad." and rows[4].mahalle == "Üçtutlar"
    assert rows[2].baby_birth_date == datetime.date(2024, 12, 30)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1254", "cp1254"), ("utf-16", "utf-16")],
)
def test_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    row = dict(GOOD, **{"Veli Adı": "Şükrü İğdır", "Cadde/Sokak": "Çöplü Sok. Ğ"})
    path = write_csv(tmp_path / "e.csv", [row], encoding=encoding)
    parsed = read_export(path)
    assert parsed.encoding == expected
    assert good(parsed).parent_first_name == "Şükrü İğdır"
    assert good(parsed).street == "Çöplü Sok. Ğ"


def test_bytes_that_are_neither_utf8_nor_cp1254_refuse_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(";".join(HEADERS).encode() + b"\n\x81\x8d\x8f\x90;x\n")
    with pytest.raises(FileRefused, match="karakter kodlaması"):
        read_export(path)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_delimiters_and_line_ends(tmp_path: Path, delimiter: str, newline: str) -> None:
    row = dict(GOOD, **{"Cadde/Sokak": "Gazi Cad., No'lu Sok."})
    path = write_csv(tmp_path / "d.csv", [row, GOOD], delimiter=delimiter, newline=newline)
    parsed = read_export(path)
    assert parsed.delimiter == delimiter
    assert [r.row for r in parsed.rows] == [2, 3]
    assert good(parsed).street == "Gazi Cad., No'lu Sok."
    assert good(parsed, 1).building_no == "14"


def test_a_semicolon_inside_a_quoted_street(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    header = ";".join(HEADERS)
    values = [GOOD[h] for h in HEADERS]
    values[HEADERS.index("Cadde/Sokak")] = '"Gazi Cad.; Ali ""Usta"" Sok."'
    path.write_text(header + "\r\n" + ";".join(values) + "\r\n", encoding="utf-8")
    row = good(read_export(path))
    assert row.street == 'Gazi Cad.; Ali "Usta" Sok.'
    assert row.building_no == "14"


def test_an_unquoted_semicolon_shifts_cells_and_is_refused_with_the_reason(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shift.csv"
    values = [GOOD[h] for h in HEADERS]
    values[HEADERS.index("Cadde/Sokak")] = "Gazi Cad.; Ali Sok."
    path.write_text(";".join(HEADERS) + "\n" + ";".join(values) + "\n", encoding="utf-8")
    errs = errors(read_export(path))
    assert any("fazla dolu hücre" in e.message and e.row == 2 for e in errs)


def test_a_quoted_line_break_stays_in_one_row_and_numbers_follow_excel(tmp_path: Path) -> None:
    row = dict(GOOD, **{"Cadde/Sokak": "Gazi Cad.\nArka bina"})
    path = write_csv(tmp_path / "nl.csv", [row, GOOD])
    parsed = read_export(path)
    assert [r.row for r in parsed.rows] == [2, 3]
    assert good(parsed).street == "Gazi Cad. Arka bina"


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    line = ";".join(GOOD[h] for h in HEADERS)
    bad = ";".join("" if h == "Veli Adı" else GOOD[h] for h in HEADERS)
    empty_cells = ";" * (len(HEADERS) - 1)
    text = "\n".join([";".join(HEADERS), "", line, "   ", empty_cells, bad, "", ""]) + "\n"
    path.write_text(text, encoding="utf-8")
    parsed = read_export(path)
    assert [r.row for r in parsed.rows] == [3, 6]
    errs = errors(parsed, 1)
    assert [(e.row, e.column) for e in errs] == [(6, "Veli Adı")]
    assert "boş" in errs[0].message


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    with pytest.raises(FileRefused, match="boş"):
        read_export(path)


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("missing.csv", None, "bulunamadı"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, r"\.xls"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
        ("binary.csv", b"\x00\x01\x02\x03" * 10, "metin"),
    ],
)
def test_unusable_files_are_refused(
    tmp_path: Path, name: str, content: bytes | None, match: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FileRefused, match=match):
        read_export(path)


# --- headers ----------------------------------------------------------------------------


def test_headers_in_any_order_case_and_dotted_or_dotless_i(tmp_path: Path) -> None:
    variants = {
        "Veli T.C. Kimlik No": "VELİ T.C. KİMLİK NO",
        "Veli Adı": "veli adi",
        "Veli Soyadı": "VELI SOYADI",
        "Başvuru No": "  başvuru   no ",
        "Bebek T.C. Kimlik No": "bebek tc kimlik no",
        "Aydınlatma Metni Onayı": "AYDINLATMA METNİ ONAYI",
        "Cadde/Sokak": "Cadde / Sokak",
        "Bebek Doğum Tarihi": "Bebek Dogum Tarihi",
    }
    order = list(reversed(HEADERS))
    headers = [variants.get(h, h) for h in order]
    path = tmp_path / "h.csv"
    lines = [";".join(headers), ";".join(GOOD[h] for h in order)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = read_export(path)
    row = good(parsed)
    assert (row.parent_tc, row.parent_first_name, row.web_reference) == (
        "91728056974",
        "Zeynep",
        "W-2025-00412",
    )
    assert parsed.header_of("parent_tc") == "VELİ T.C. KİMLİK NO"


def test_veli_tc_kimlik_no_lower_case_without_dots(tmp_path: Path) -> None:
    headers = ["veli tc kimlik no" if h == "Veli T.C. Kimlik No" else h for h in HEADERS]
    path = tmp_path / "h2.csv"
    path.write_text(
        ";".join(headers) + "\n" + ";".join(GOOD[h] for h in HEADERS) + "\n", encoding="utf-8"
    )
    assert good(read_export(path)).parent_tc == "91728056974"


def test_missing_required_columns_refuse_the_whole_file_naming_them(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h not in ("Veli T.C. Kimlik No", "Bebek Doğum Tarihi")]
    path = write_csv(tmp_path / "m.csv", [GOOD], headers=headers)
    with pytest.raises(FileRefused) as err:
        read_export(path)
    assert "‘Veli T.C. Kimlik No’" in str(err.value)
    assert "‘Bebek Doğum Tarihi’" in str(err.value)


def test_a_file_with_the_wrong_delimiter_says_so(tmp_path: Path) -> None:
    path = tmp_path / "pipe.csv"
    path.write_text("|".join(HEADERS) + "\n" + "|".join(GOOD[h] for h in HEADERS) + "\n")
    with pytest.raises(FileRefused, match="ayraç"):
        read_export(path)


def test_optional_columns_may_be_missing_and_extra_columns_are_noted(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h not in ("Daire No", "Bebek T.C. Kimlik No")]
    headers += ["IP Adresi", "Kayıt Zamanı"]
    row = dict(GOOD, **{"IP Adresi": "10.0.0.1", "Kayıt Zamanı": "x"})
    parsed = read_export(write_csv(tmp_path / "x.csv", [row], headers=headers))
    assert parsed.extra_columns == ("IP Adresi", "Kayıt Zamanı")
    assert any("IP Adresi" in n for n in parsed.notes)
    assert any("Daire No" in n for n in parsed.notes)
    assert good(parsed).apartment_no == ""


def test_a_column_twice_refuses_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "twice.csv", [GOOD], headers=[*HEADERS, "VELİ ADI"])
    with pytest.raises(FileRefused, match="iki kez"):
        read_export(path)


# --- cells that Excel mangled -----------------------------------------------------------


@pytest.mark.parametrize("value", ["9,17281E+10", "9.17281E+10", "9,17E+10", "9E+10"])
def test_scientific_tc_numbers_lost_digits_and_say_how_to_fix(tmp_path: Path, value: str) -> None:
    row = dict(GOOD, **{"Veli T.C. Kimlik No": value})
    errs = errors(read_export(write_csv(tmp_path / "s.csv", [row])))
    assert [(e.row, e.column) for e in errs] == [(2, "Veli T.C. Kimlik No")]
    assert "bilimsel" in errs[0].message and "Metin" in errs[0].message


def test_the_brief_example_1_23457e10(tmp_path: Path) -> None:
    row = dict(GOOD, **{"Veli T.C. Kimlik No": "1,23457E+10", "Bebek T.C. Kimlik No": "1,23E+10"})
    errs = errors(read_export(write_csv(tmp_path / "s.csv", [row])))
    assert {e.column for e in errs} == {"Veli T.C. Kimlik No", "Bebek T.C. Kimlik No"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("91728056974.0", "91728056974"),
        ("91728056974,00", "91728056974"),
        ("9.1728056974E+10", "91728056974"),
        ("'91728056974", "91728056974"),
        (" 917 280 569 74 ", "91728056974"),
    ],
)
def test_lossless_excel_forms_of_a_tc_are_recovered(value: str, expected: str) -> None:
    assert excel_number_text(value, "Veli T.C. Kimlik No") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5324182290", "+905324182290"),
        ("5324182290.0", "+905324182290"),
        ("+90 (532) 418-22-90", "+905324182290"),
        ("905324182290", "+905324182290"),
        ("0(532)4182290", "+905324182290"),
    ],
)
def test_phones_in_any_form(tmp_path: Path, value: str, expected: str) -> None:
    row = dict(GOOD, **{"Cep Telefonu": value})
    assert good(read_export(write_csv(tmp_path / "p.csv", [row]))).phone_e164 == expected


@pytest.mark.parametrize(
    ("applied", "born"),
    [
        ("03.02.2025", "21.01.2025"),
        ("2025-02-03", "2025-01-21"),
        ("3.2.2025", "21/01/2025"),
        ("2025-02-03 14:22:05", "2025-01-21T00:00:00"),
        ("45691", "45678"),  # Excel date serials that lost their format
    ],
)
def test_date_forms(tmp_path: Path, applied: str, born: str) -> None:
    row = dict(GOOD, **{"Başvuru Tarihi": applied, "Bebek Doğum Tarihi": born})
    result = good(read_export(write_csv(tmp_path / "d.csv", [row])))
    assert (result.applied_at, result.baby_birth_date) == (
        datetime.date(2025, 2, 3),
        datetime.date(2025, 1, 21),
    )


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("Bebek Doğum Tarihi", "31.02.2025", "diye bir gün yok"),
        ("Bebek Doğum Tarihi", "dün", "anlaşılamadı"),
        ("Bebek Doğum Tarihi", "01.01.2026", "ileri bir tarih"),
        ("Başvuru Tarihi", "", "boş"),
        ("Bebek Doğum Tarihi", "05.02.2025", "başvuru tarihinden"),
        ("Veli T.C. Kimlik No", "91728056975", "doğrulaması"),
        ("Cep Telefonu", "12345", "eksik"),
        ("Cep Telefonu", "", "boş"),
        ("Mahalle", "", "boş"),
        ("Bina No", "", "boş"),
        ("Veli Adı", "Zeynep3", "‘3’"),
        ("Bebek T.C. Kimlik No", "91728056974", "velininkiyle aynı"),
        ("Aydınlatma Metni Onayı", "Hayır", "onaylanmamış"),
        ("Aydınlatma Metni Onayı", "belki", "Evet"),
        ("Başvuru No", "W" * 41, "en fazla 40"),
    ],
)
def test_bad_cells_name_row_column_and_reason(
    tmp_path: Path, column: str, value: str, fragment: str
) -> None:
    row = dict(GOOD, **{column: value})
    errs = errors(read_export(write_csv(tmp_path / "b.csv", [GOOD, row])), 1)
    assert [(e.row, e.column) for e in errs] == [(3, column)]
    assert fragment in errs[0].message


@pytest.mark.parametrize("value", ["Evet", "EVET", "e", "E", "1", "true", "TRUE", "evet."])
def test_notice_yes_forms(tmp_path: Path, value: str) -> None:
    row = dict(GOOD, **{"Aydınlatma Metni Onayı": value})
    assert good(read_export(write_csv(tmp_path / "n.csv", [row]))).notice_acknowledged


@pytest.mark.parametrize("value", ["Hayır", "HAYIR", "hayir", "H", "0", "false"])
def test_notice_no_forms_are_refused(tmp_path: Path, value: str) -> None:
    row = dict(GOOD, **{"Aydınlatma Metni Onayı": value})
    errs = errors(read_export(write_csv(tmp_path / "n.csv", [row])))
    assert "onaylanmamış" in errs[0].message


def test_mahalle_gets_its_canonical_spelling_and_unserved_ones_pass_through(
    tmp_path: Path,
) -> None:
    rows = [dict(GOOD, Mahalle="ULUKAVAK MAH."), dict(GOOD, Mahalle="Bilinmeyen")]
    parsed = read_export(write_csv(tmp_path / "m.csv", rows))
    assert good(parsed).mahalle == "Ulukavak"
    assert good(parsed, 1).mahalle == "Bilinmeyen"  # eligibility decides, as at the desk


def test_several_errors_in_one_row_are_all_reported(tmp_path: Path) -> None:
    row = dict(GOOD, **{"Veli Adı": "", "Cep Telefonu": "abc", "Bebek Doğum Tarihi": "x"})
    errs = errors(read_export(write_csv(tmp_path / "s.csv", [row])))
    assert {e.column for e in errs} == {"Veli Adı", "Cep Telefonu", "Bebek Doğum Tarihi"}


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_with_text_numbers_and_real_date_cells(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    values: list[object] = [GOOD[h] for h in HEADERS]
    values[HEADERS.index("Başvuru Tarihi")] = datetime.datetime(2025, 2, 3, 10, 15)
    values[HEADERS.index("Bebek Doğum Tarihi")] = datetime.datetime(2025, 1, 21)
    values[HEADERS.index("Veli T.C. Kimlik No")] = 91728056974  # a number cell: no digit lost
    values[HEADERS.index("Cep Telefonu")] = 5324182290  # Excel dropped the leading 0
    values[HEADERS.index("Bina No")] = 14
    sheet.append(values)
    sheet.append([None] * len(HEADERS))  # a blank row
    third: list[object] = [GOOD[h] for h in HEADERS]
    third[HEADERS.index("Bina No")] = datetime.datetime(2025, 5, 3)  # "3/5" became a date
    sheet.append(third)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    parsed = read_export(path)
    assert parsed.file_format == "xlsx"
    assert [r.row for r in parsed.rows] == [2, 4]
    row = good(parsed)
    assert row.applied_at == datetime.date(2025, 2, 3)
    assert row.baby_birth_date == datetime.date(2025, 1, 21)
    assert (row.parent_tc, row.phone_e164, row.building_no) == (
        "91728056974",
        "+905324182290",
        "14",
    )
    errs = errors(parsed, 1)
    assert [(e.row, e.column) for e in errs] == [(4, "Bina No")]
    assert "tarihe çevirmiş" in errs[0].message


def test_xlsx_missing_column_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([h for h in HEADERS if h != "Mahalle"])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    with pytest.raises(FileRefused, match="‘Mahalle’"):
        read_export(path)


# --- arbitrary text ---------------------------------------------------------------------

_cell = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(HEADERS), _cell, max_size=len(HEADERS)))
def test_arbitrary_cells_never_crash_and_good_rows_are_clean(
    tmp_path_factory: pytest.TempPathFactory, changes: dict[str, str]
) -> None:
    path = write_csv(tmp_path_factory.mktemp("h") / "a.csv", [dict(GOOD, **changes)])
    parsed = read_export(path)
    for index in range(len(parsed.rows)):
        result = check(parsed, index)
        if isinstance(result, ImportRow):
            assert len(result.parent_tc) == 11 and result.parent_tc.isdigit()
            assert result.phone_e164.startswith("+90") and len(result.phone_e164) == 13
            assert result.baby_birth_date <= result.applied_at <= TODAY
            assert result.notice_acknowledged
        else:
            assert all(e.message for e in result)
