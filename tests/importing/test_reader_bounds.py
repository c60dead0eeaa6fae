"""Bounded input (issue 15.5): hostile XLSX and CSV files are refused with a Turkish message and
exit 2 instead of keeping the importer busy or ending with an internal error: a declared sheet
size of A1:XFD1048576, "billion laughs" entities, a zip bomb, too many rows, columns or a
giant cell. Each case runs `desk-app import-applications --dry-run` as a separate process,
as an admin would."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from desk_app.importing import reader
from desk_app.importing.reader import FileRefused, read_export
from tests.test_cli_import import HEADERS, run

GOOD_ROW = [
    "W-2025-00001",
    "03.02.2025",
    "10000000146",
    "Ayşe",
    "Yıldız",
    "0532 111 22 33",
    "Ulukavak",
    "Gazi Cad.",
    "14",
    "3",
    "Ali",
    "Yıldız",
    "20.01.2025",
    "",
    "Evet",
]


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change: object) -> Path:
    """Rewrite xl/worksheets/sheet1.xml of an XLSX with ``change(xml) -> xml``."""
    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = change(members[name].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)
    return path


def _refused(db_url: str, file: Path) -> str:
    result = run("--db", db_url, "--json", "import-applications", str(file), "--dry-run")
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr[-2000:])
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert "Beklenmeyen hata" not in payload["error"]
    return str(payload["error"])


def test_declared_sheet_size_is_ignored(db_url: str, tmp_path: Path) -> None:
    """A 5 kB file that declares A1:XFD1048576 and has a stray cell at XFD60000: only the
    cells that are there are read, 101 columns wide at most."""

    def declare(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
        stray = '<row r="60000"><c r="XFD60000" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", stray + "</sheetData>")

    file = _rewrite_sheet(_xlsx(tmp_path / "boyut.xlsx", [GOOD_ROW]), declare)
    assert file.stat().st_size < 10_000
    parsed = read_export(file)
    assert [r.row for r in parsed.rows] == [2]
    result = run("--db", db_url, "--json", "import-applications", str(file), "--dry-run")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["rows"] == 1


def test_a_row_far_below_is_too_many_rows(tmp_path: Path) -> None:
    file = _rewrite_sheet(
        _xlsx(tmp_path / "uzak.xlsx", [GOOD_ROW]),
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>W-9</t></is></c></row>'
            "</sheetData>",
        ),
    )
    with pytest.raises(FileRefused, match=r"100\.000 satırdan fazla"):
        read_export(file)


def test_billion_laughs_is_refused(db_url: str, tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )

    def laughs(xml: str) -> str:
        head, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
        rest = rest.replace("<t>", "<t>&lol9;", 1)
        return f"{head + '?>' if head else ''}<!DOCTYPE worksheet [{entities}]>{rest}"

    book = _xlsx(tmp_path / "kahkaha.xlsx", [GOOD_ROW])
    # Inline strings so the entity sits in the sheet itself.
    file = _rewrite_sheet(
        book,
        lambda xml: laughs(
            xml.replace(
                "</sheetData>",
                '<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            )
        ),
    )
    message = _refused(db_url, file)
    assert "XLSX dosyası okunamadı" in message and "yeniden kaydedin" in message


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = _xlsx(tmp_path / "bomba.xlsx", [GOOD_ROW])
    with zipfile.ZipFile(file, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/dolgu.bin", b"\0" * (3 * 1024 * 1024))
    monkeypatch.setattr(reader, "MAX_XLSX_UNPACKED_BYTES", 2 * 1024 * 1024)
    with pytest.raises(FileRefused, match="açıldığında 3 MB tutuyor"):
        read_export(file)


def test_too_many_columns_and_a_giant_cell(db_url: str, tmp_path: Path) -> None:
    wide = tmp_path / "genis.csv"
    with wide.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerow(GOOD_ROW + [""] * 100 + ["fazla"])
    message = _refused(db_url, wide)
    assert "3. satır" not in message and "2. satırda 100 sütundan fazlası dolu" in message
    giant = tmp_path / "dev.csv"
    with giant.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerow([*GOOD_ROW[:7], "G" * 50_000, *GOOD_ROW[8:]])
    message = _refused(db_url, giant)
    assert "2. satır, H sütunundaki hücre 50.000 karakter" in message
    xlsx = _xlsx(tmp_path / "dev.xlsx", [[*GOOD_ROW[:7], "G" * 5_000, *GOOD_ROW[8:]]])
    with pytest.raises(FileRefused, match=r"en fazla 1\.000 karakter"):
        read_export(xlsx)


def test_too_many_rows(db_url: str, tmp_path: Path) -> None:
    many = tmp_path / "cok.csv"
    with many.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        for _ in range(reader.MAX_ROWS + 1):
            writer.writerow(GOOD_ROW)
    message = _refused(db_url, many)
    assert "en fazla 100.000 başvuru" in message
