"""The web site's export file -> rows of text with their spreadsheet row numbers.

CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1254; ``;``,
``,`` or tab delimited; quoted fields; CRLF or LF. XLSX through openpyxl (read-only). Headers
are matched without regard to case, Turkish dotted/dotless letters, spaces and punctuation.
Blank rows are skipped but counted, so row numbers are the ones the admin sees in Excel
(the header is row 1).

Bounds (a hostile or broken file is refused with exit 2, never read for ever): at most
``MAX_FILE_BYTES`` on disk and ``MAX_XLSX_UNPACKED_BYTES`` unpacked, ``MAX_ROWS`` rows,
``MAX_COLUMNS`` columns and ``MAX_CELL_CHARS`` characters a cell. An XLSX's declared size
(``A1:XFD1048576``) is ignored: only the rows that are there are read. Its XML goes through
defusedxml (openpyxl uses it when installed), so entity tricks such as "billion laughs" are
refused instead of expanded.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_app.domain.errors import DomainError
from desk_app.domain.text import clean, skeleton

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ROWS = 100_000  # spreadsheet rows after the header (blank ones count)
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000


class FileRefused(DomainError):
    """The file cannot be used at all (unreadable, wrong format, missing columns): exit 2."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the web site writes it
    required: bool = True
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("web_reference", "Başvuru No", aliases=("Başvuru Numarası",)),
    Column("applied_at", "Başvuru Tarihi"),
    Column("parent_tc", "Veli T.C. Kimlik No", aliases=("Veli TCKN", "Veli TC No")),
    Column("parent_first_name", "Veli Adı"),
    Column("parent_last_name", "Veli Soyadı"),
    Column("phone", "Cep Telefonu", aliases=("Telefon", "Cep Tel", "GSM")),
    Column("mahalle", "Mahalle"),
    Column("street", "Cadde/Sokak"),
    Column("building_no", "Bina No"),
    Column("apartment_no", "Daire No", required=False),
    Column("baby_first_name", "Bebek Adı"),
    Column("baby_last_name", "Bebek Soyadı"),
    Column("baby_birth_date", "Bebek Doğum Tarihi"),
    Column("baby_tc", "Bebek T.C. Kimlik No", required=False, aliases=("Bebek TCKN",)),
    Column("notice", "Aydınlatma Metni Onayı", aliases=("Aydınlatma Metni",)),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DATE_COLUMNS = frozenset({"applied_at", "baby_birth_date"})


def header_key(text: str) -> str:
    """``"VELİ T.C. KİMLİK NO"``, ``"veli tc kimlik no"``, ``"Veli  T.C.Kimlik No"`` -> one key."""
    return skeleton(text).replace(" ", "")


_HEADER_INDEX: dict[str, str] = {
    header_key(name): c.key for c in COLUMNS for name in (c.header, *c.aliases)
}


@dataclass(frozen=True)
class SourceRow:
    row: int  # spreadsheet row number; the header is row 1
    values: dict[str, str]  # column key -> cell text (missing cells are "")
    date_cells: frozenset[str] = frozenset()  # keys whose XLSX cell held a real date
    overflow: int = 0  # non-empty cells beyond the header's columns


@dataclass(frozen=True)
class ParsedFile:
    rows: list[SourceRow]
    headers: dict[str, str]  # column key -> the header as written in the file
    extra_columns: tuple[str, ...]  # headers that are not ours (ignored)
    missing_optional: tuple[str, ...]  # optional columns the file lacks
    file_format: str  # csv | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    notes: tuple[str, ...] = field(default=())

    def header_of(self, key: str) -> str:
        return self.headers.get(key) or COLUMN_BY_KEY[key].header


# --- text files --------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name): a BOM wins; else strict UTF-8; else Windows-1254 (Turkish)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _bad_encoding() from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1254"), "cp1254"
    except UnicodeDecodeError as exc:
        raise _bad_encoding() from exc


def _bad_encoding() -> FileRefused:
    return FileRefused(
        "Dosyanın karakter kodlaması anlaşılamadı (UTF-8 veya Windows-1254 değil). "
        "Dosyayı Excel'de açıp ‘CSV UTF-8’ ya da ‘Excel Çalışma Kitabı (.xlsx)’ olarak kaydedin."
    )


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    try:
        yield from reader
    except csv.Error as exc:
        raise FileRefused(
            f"CSV dosyası okunamadı ({reader.line_num}. satır civarı): {exc}. "
            "Dosyayı Excel'de açıp yeniden kaydedin."
        ) from exc


def _first_record(text: str, delimiter: str) -> list[str]:
    for record in _records(text, delimiter):
        if any(cell.strip() for cell in record):
            return record
    return []


def sniff_delimiter(text: str) -> str:
    """The delimiter under which the header row names the most of our columns."""
    best, best_score = ";", (-1, -1)
    for candidate in (";", ",", "\t"):
        try:
            header = _first_record(text[:20_000], candidate)
        except FileRefused:
            continue
        known = sum(1 for cell in header if header_key(cell) in _HEADER_INDEX)
        score = (known, len(header))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_text(data: bytes) -> tuple[list[tuple[list[str], frozenset[str]]], str, str]:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            "Dosya metin (CSV) dosyası değil. Web sitesinden alınan CSV ya da XLSX dosyasını seçin."
        )
    text, encoding = decode_bytes(data)
    text = text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    rows = []
    for record in _records(text, delimiter):
        rows.append((record, frozenset[str]()))
        if len(rows) > MAX_ROWS + 1:
            raise _too_many_rows()
    return rows, encoding, delimiter


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _too_many_rows() -> FileRefused:
    return FileRefused(
        f"Dosyada {_thousands(MAX_ROWS)} satırdan fazla satır var; bir dosyada en fazla "
        f"{_thousands(MAX_ROWS)} başvuru aktarılabilir (boş görünen ama biçimlendirilmiş satırlar "
        "da sayılır). Dosyayı parçalara bölüp her parçayı ayrı aktarın, altta kalan boş "
        "satırları silin."
    )


def _xlsx_refused(why: str) -> FileRefused:
    return FileRefused(
        f"XLSX dosyası okunamadı ({why}). Dosyayı Excel'de açıp ‘Excel Çalışma Kitabı (.xlsx)’ "
        "olarak yeniden kaydedin ya da ‘CSV UTF-8’ olarak dışa aktarın."
    )


# --- XLSX ----------------------------------------------------------------------------------


def _cell_text(value: Any) -> tuple[str, bool]:
    """(text, was a date cell)."""
    if value is None:
        return "", False
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat(), True
        return value.isoformat(sep=" ", timespec="minutes"), True
    if isinstance(value, datetime.date):
        return value.isoformat(), True
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), False
        return repr(value), False
    return str(value), False


def _check_zip(path: Path) -> None:
    """Refuse an XLSX that unpacks to far more than any export (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _xlsx_refused(type(exc).__name__) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _xlsx_refused(
            f"açıldığında {unpacked // 1_048_576} MB tutuyor, en fazla "
            f"{MAX_XLSX_UNPACKED_BYTES // 1_048_576} MB olabilir"
        )


def _read_xlsx(path: Path) -> list[tuple[list[str], frozenset[str]]]:
    import zipfile
    from xml.etree.ElementTree import ParseError

    import openpyxl
    from openpyxl import load_workbook

    if not getattr(openpyxl, "DEFUSEDXML", False):  # a broken install: never parse unsafely
        raise _xlsx_refused("defusedxml kurulu değil; XLSX yerine CSV kullanın")
    _check_zip(path)
    # ValueError covers defusedxml's refusals (DTDForbidden, EntitiesForbidden, ...).
    broken = (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, TypeError)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except broken as exc:
        raise _xlsx_refused(type(exc).__name__) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        # The declared dimension (A1:XFD1048576) is the file's word, not its content.
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        rows: list[tuple[list[str], frozenset[str]]] = []
        for values in sheet.iter_rows(
            max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True
        ):
            if not any(v is not None for v in values):
                rows.append(([], frozenset()))  # a blank row (or a gap): counted, not read
                continue
            cells: list[str] = []
            dated: set[int] = set()
            for index, value in enumerate(values):
                text, is_date = _cell_text(value)
                cells.append(text)
                if is_date:
                    dated.add(index)
            while cells and not cells[-1].strip():
                cells.pop()
            rows.append((cells, frozenset(str(i) for i in dated)))
        return rows
    except broken as exc:
        raise _xlsx_refused(type(exc).__name__) from exc
    finally:
        workbook.close()


# --- both ----------------------------------------------------------------------------------


def _match_headers(
    header: Sequence[str],
) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """(cell index -> column key, column key -> header as written, extra headers)."""
    index: dict[int, str] = {}
    written: dict[str, str] = {}
    extra: list[str] = []
    for position, cell in enumerate(header):
        name = clean(cell)
        if not name:
            continue
        key = _HEADER_INDEX.get(header_key(name))
        if key is None:
            extra.append(name)
            continue
        if key in written:
            raise FileRefused(
                f"‘{COLUMN_BY_KEY[key].header}’ sütunu dosyada iki kez var "
                f"(‘{written[key]}’ ve ‘{name}’). Fazla olan sütunu silip dosyayı yeniden seçin."
            )
        index[position] = key
        written[key] = name
    return index, written, extra


def _column_name(index: int) -> str:
    """0 -> A, 26 -> AA: the column letters the admin sees in Excel."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _check_cells(number: int, cells: Sequence[str]) -> None:
    filled = [i for i, cell in enumerate(cells) if cell.strip()]
    if filled and filled[-1] >= MAX_COLUMNS:
        raise FileRefused(
            f"{number}. satırda {MAX_COLUMNS} sütundan fazlası dolu (son dolu sütun "
            f"{_column_name(filled[-1])}); web sitesinin dışa aktarımı en fazla {MAX_COLUMNS} "
            "sütun tutar. Fazla sütunları silip dosyayı yeniden seçin."
        )
    for index in filled:
        if len(cells[index]) > MAX_CELL_CHARS:
            raise FileRefused(
                f"{number}. satır, {_column_name(index)} sütunundaki hücre "
                f"{_thousands(len(cells[index]))} karakter; bir hücre en fazla "
                f"{_thousands(MAX_CELL_CHARS)} karakter olabilir. Hücreyi düzeltip dosyayı "
                "yeniden seçin."
            )


def _build(
    records: Iterable[tuple[list[str], frozenset[str]]],
    file_format: str,
    encoding: str | None,
    delimiter: str | None,
) -> ParsedFile:
    iterator = iter(enumerate(records, start=1))
    header: list[str] | None = None
    for _number, (cells, _dated) in iterator:
        if any(cell.strip() for cell in cells):
            header = cells
            break
    if header is None:
        raise FileRefused("Dosya boş: başlık satırı ve başvuru satırları bulunamadı.")
    _check_cells(_number, header)
    positions, written, extra = _match_headers(header)
    missing = [c.header for c in COLUMNS if c.required and c.key not in written]
    if missing:
        listed = ", ".join(f"‘{m}’" for m in missing)
        hint = ""
        if len(header) == 1 and len(positions) <= 1:
            hint = " Sütunlar ayrılamadı: ayraç ‘;’ veya ‘,’ olmalı."
        raise FileRefused(
            f"Dosyada gerekli sütunlar yok: {listed}.{hint} Başlık satırı (1. satır) web "
            "sitesinin dışa aktardığı sütun adlarını içermeli; dosyayı yeniden dışa aktarın "
            "veya eksik sütunları ekleyin."
        )
    width = len(header)
    rows: list[SourceRow] = []
    for number, (cells, dated) in iterator:
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        if not any(cell.strip() for cell in cells):
            continue  # a blank row: skipped, its number still counted
        _check_cells(number, cells)
        values = {key: "" for key in written}
        date_keys: set[str] = set()
        for position, key in positions.items():
            if position < len(cells):
                values[key] = cells[position]
                if str(position) in dated:
                    date_keys.add(key)
        overflow = sum(1 for cell in cells[width:] if cell.strip())
        rows.append(SourceRow(number, values, frozenset(date_keys), overflow))
    optional_missing = tuple(c.header for c in COLUMNS if not c.required and c.key not in written)
    notes: list[str] = []
    if extra:
        notes.append("Tanınmayan sütunlar yok sayıldı: " + ", ".join(f"‘{e}’" for e in extra) + ".")
    if optional_missing:
        notes.append(
            "Dosyada olmayan isteğe bağlı sütunlar boş sayıldı: "
            + ", ".join(f"‘{m}’" for m in optional_missing)
            + "."
        )
    return ParsedFile(
        rows=rows,
        headers=written,
        extra_columns=tuple(extra),
        missing_optional=optional_missing,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        notes=tuple(notes),
    )


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_export(path: str | Path) -> ParsedFile:
    """Read the export; raises FileRefused when the file cannot be used at all."""
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
        if size > MAX_FILE_BYTES and file_path.is_file():
            raise FileRefused(
                f"Dosya çok büyük ({size // 1_048_576} MB); en fazla "
                f"{MAX_FILE_BYTES // 1_048_576} MB olabilir. Dosyayı parçalara bölüp her parçayı "
                "ayrı aktarın."
            )
        data = file_path.read_bytes()
    except FileNotFoundError as exc:
        raise FileRefused(f"Dosya bulunamadı: {file_path}. Dosya yolunu denetleyin.") from exc
    except IsADirectoryError as exc:
        raise FileRefused(f"‘{file_path}’ bir klasör; bir CSV veya XLSX dosyası seçin.") from exc
    except OSError as exc:
        raise FileRefused(
            f"Dosya okunamadı: {file_path} ({exc.strerror or type(exc).__name__}). "
            "Dosya başka bir programda açıksa kapatıp yeniden deneyin."
        ) from exc
    if data.startswith(_OLE_MAGIC):
        raise FileRefused(
            "Eski Excel biçimi (.xls) okunamıyor. Dosyayı Excel'de açıp ‘Excel Çalışma Kitabı "
            "(.xlsx)’ veya ‘CSV UTF-8’ olarak kaydedin."
        )
    if data.startswith(_ZIP_MAGIC) or file_path.suffix.lower() in (".xlsx", ".xlsm"):
        return _build(_read_xlsx(file_path), "xlsx", None, None)
    records, encoding, delimiter = _read_text(data)
    return _build(records, "csv", encoding, delimiter)
