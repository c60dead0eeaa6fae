"""One row of the web export -> clean values for an application, or the reasons it is refused.

The checks are the desk's (T.C. Kimlik No, names, phone, address, dates), plus what Excel does
to a file on the way: numbers turned into ``1,23457E+10`` or ``12345678901.0``, dates turned
into date cells, the leading ``'`` of a text cell.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desk_app.domain.address import AddressInput, canonical_mahalle, validate_address
from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.names import validate_date_text, validate_person_name
from desk_app.domain.phone import normalize_phone
from desk_app.domain.tckn import validate_tckn
from desk_app.domain.text import clean, fold, skeleton
from desk_app.importing.reader import ParsedFile, SourceRow

MAX_WEB_REFERENCE_LENGTH = 40

_YES = frozenset({"evet", "e", "1", "true", "yes", "y", "x", "onaylandi", "onayli", "kabul"})
_NO = frozenset({"hayir", "h", "0", "false", "no", "n", "onaylanmadi", "red", ""})
_SCIENTIFIC = re.compile(r"([0-9]+)(?:[.,]([0-9]*))?[eE]\+?([0-9]+)")
_TRAILING_ZERO_DECIMAL = re.compile(r"([0-9]+)[.,]0+")
_DATE_WITH_TIME = re.compile(
    r"(\S+)[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9:]+)?"
)
_EXCEL_TEXT_HINT = (
    "Excel'de sütunu seçip Hücre Biçimi → ‘Metin’ yapın, numaraları yeniden yazın "
    "(ya da web sitesinden dosyayı yeniden indirip Excel'de kaydetmeden içe aktarın)."
)


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header = 1); 0 for the file as a whole
    column: str  # the column's header as written in the file ("" for the whole row)
    message: str


@dataclass(frozen=True)
class ImportRow:
    """Clean values of one good row."""

    row: int
    web_reference: str
    applied_at: datetime.date
    parent_tc: str
    parent_first_name: str
    parent_last_name: str
    phone_e164: str
    mahalle: str  # canonical spelling when served, else as written
    street: str
    building_no: str
    apartment_no: str
    baby_first_name: str
    baby_last_name: str
    baby_birth_date: datetime.date
    baby_tc: str  # "" when not given
    notice_acknowledged: bool


# --- cell parsers (raise ValidationError with a Turkish message) -------------------------


def excel_number_text(raw: str, label: str) -> str:
    """Undo what Excel does to a long number; refuse when digits were lost.

    ``12345678901.0`` -> ``12345678901``; ``1.2345678901E+10`` -> ``12345678901`` (every digit
    kept); ``1,23457E+10`` -> refused (the last digits are gone for good)."""
    text = clean(raw).replace(" ", "").lstrip("'")
    scientific = _SCIENTIFIC.fullmatch(text)
    if scientific:
        whole, fraction, exponent = scientific.groups(default="")
        mantissa = (whole + fraction).lstrip("0")
        # Every digit survived only if the mantissa is as long as the number itself.
        if len(exponent) <= 2 and mantissa and len(mantissa) <= int(exponent) + 1:
            value = Decimal(f"{whole}.{fraction or '0'}E{exponent}")
            if len(mantissa) == int(exponent) + 1 and value == value.to_integral_value():
                return str(int(value))
        raise ValidationError(
            f"{label} Excel tarafından bilimsel gösterime çevrilmiş (‘{clean(raw)[:30]}’) ve son "
            f"haneleri kaybolmuş; numara bu dosyadan kurtarılamaz. {_EXCEL_TEXT_HINT}",
            label,
        )
    decimal = _TRAILING_ZERO_DECIMAL.fullmatch(text)
    if decimal:
        return decimal.group(1)
    return text


def parse_tckn(raw: str, label: str) -> str:
    return validate_tckn(excel_number_text(raw, label), field=label)


def parse_phone(raw: str, label: str) -> str:
    text = clean(raw).lstrip("'")
    if _SCIENTIFIC.fullmatch(text.replace(" ", "")) or _TRAILING_ZERO_DECIMAL.fullmatch(
        text.replace(" ", "")
    ):
        text = excel_number_text(text, label)
        if len(text) == 10 and text[0] in "2345":
            text = "0" + text  # Excel drops the leading zero of a number
    return normalize_phone(text, label)


def parse_date(raw: str, label: str) -> datetime.date:
    text = clean(raw).lstrip("'")
    with_time = _DATE_WITH_TIME.fullmatch(text)
    if with_time:
        text = with_time.group(1)
    if re.fullmatch(r"[0-9]{5}(?:\.[0-9]+)?", text):
        serial = float(text)  # an Excel date serial number that lost its date format
        if 20_000 < serial < 80_000:
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))
    return validate_date_text(text, label)


def parse_notice(raw: str, label: str) -> bool:
    key = skeleton(raw).replace(" ", "")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValidationError(
        f"{label} anlaşılamadı: ‘{clean(raw)[:30]}’; ‘Evet’ veya ‘Hayır’ yazın.", label
    )


# --- one row ------------------------------------------------------------------------------


def parse_row(
    source: SourceRow,
    parsed: ParsedFile,
    served_mahalleler: Sequence[str],
    today: datetime.date,
) -> ImportRow | list[RowError]:
    """Clean values, or every problem of the row (one per column)."""
    row = _RowCheck(source, parsed, today)
    row.overflow()
    row.cells()
    row.address(served_mahalleler)
    row.cross_checks()
    return row.errors or row.result()


class _RowCheck:
    """The steps of ``parse_row``: each records the problems it finds in ``errors`` and the
    clean values in ``values``; later steps look only at the values that passed."""

    def __init__(self, source: SourceRow, parsed: ParsedFile, today: datetime.date) -> None:
        self.source = source
        self.parsed = parsed
        self.today = today
        self.errors: list[RowError] = []
        self.values: dict[str, Any] = {}

    def header(self, key: str) -> str:
        return self.parsed.header_of(key)

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.source.row, self.header(key) if key else "", message))

    # --- step 1: a row longer than the header ------------------------------------------

    def overflow(self) -> None:
        if self.source.overflow:
            self.error(
                "",
                f"Satırda başlıktakinden {self.source.overflow} fazla dolu hücre var; büyük "
                "olasılıkla bir değerin içindeki ayraç (‘;’ veya ‘,’) tırnak içine alınmamış. "
                "Satırı Excel'de düzeltip dosyayı yeniden kaydedin.",
            )

    # --- step 2: each cell on its own ---------------------------------------------------

    def attempt(self, key: str, func: Callable[[str], Any]) -> None:
        raw = self.source.values.get(key, "")
        if key in self.source.date_cells and key not in ("applied_at", "baby_birth_date"):
            column = self.header(key)
            self.error(
                key,
                f"Excel bu hücreyi tarihe çevirmiş (‘{raw}’); {column} sütununu "
                "‘Metin’ biçimine getirip değeri yeniden yazın.",
            )
            return
        try:
            self.values[key] = func(raw)
        except ValidationError as exc:
            self.error(key, _with_column(exc.message, self.header(key)))

    def required(self, key: str) -> Callable[[str], str]:
        def check(raw: str) -> str:
            text = clean(raw)
            if not text:
                raise ValidationError(
                    f"{self.header(key)} boş; bu sütun her satırda dolu olmalı.", key
                )
            return text

        return check

    def reference(self, raw: str) -> str:
        text = self.required("web_reference")(raw)
        if len(text) > MAX_WEB_REFERENCE_LENGTH:
            raise ValidationError(
                f"Başvuru No en fazla {MAX_WEB_REFERENCE_LENGTH} karakter olabilir; "
                f"{len(text)} karakter var.",
                "web_reference",
            )
        return text

    def not_future(self, key: str) -> Callable[[str], datetime.date]:
        def check(raw: str) -> datetime.date:
            label = self.header(key)
            if not clean(raw):
                raise ValidationError(f"{label} boş; tarihi gg.aa.yyyy biçiminde yazın.", key)
            value = parse_date(raw, label)
            if value > self.today:
                raise ValidationError(
                    f"{label} ileri bir tarih: {value:%d.%m.%Y}; tarihi kontrol edin.", key
                )
            if value.year < 1900:
                raise ValidationError(f"{label} geçersiz: {value:%d.%m.%Y}.", key)
            return value

        return check

    def name(self, key: str) -> Callable[[str], str]:
        return lambda raw: validate_person_name(raw, self.header(key))

    def cells(self) -> None:
        header = self.header
        self.attempt("web_reference", self.reference)
        self.attempt("applied_at", self.not_future("applied_at"))
        self.attempt("parent_tc", lambda raw: parse_tckn(raw, header("parent_tc")))
        self.attempt("parent_first_name", self.name("parent_first_name"))
        self.attempt("parent_last_name", self.name("parent_last_name"))
        self.attempt("phone", lambda raw: parse_phone(raw, header("phone")))
        self.attempt("mahalle", self.required("mahalle"))
        self.attempt("street", self.required("street"))
        self.attempt("building_no", self.required("building_no"))
        self.attempt("apartment_no", clean)
        self.attempt("baby_first_name", self.name("baby_first_name"))
        self.attempt("baby_last_name", self.name("baby_last_name"))
        self.attempt("baby_birth_date", self.not_future("baby_birth_date"))
        self.attempt(
            "baby_tc", lambda raw: parse_tckn(raw, header("baby_tc")) if clean(raw) else ""
        )
        self.attempt("notice", lambda raw: parse_notice(raw, header("notice")))

    # --- step 3: the address as a whole ------------------------------------------------

    def address(self, served_mahalleler: Sequence[str]) -> None:
        values = self.values
        if not all(k in values for k in ("mahalle", "street", "building_no", "apartment_no")):
            return
        try:
            checked = validate_address(
                AddressInput(
                    values["mahalle"],
                    values["street"],
                    values["building_no"],
                    values["apartment_no"],
                ),
                served_mahalleler,
            )
        except ValidationError as exc:
            key: dict[str, str] = {
                FieldKey.CADDE_SOKAK: "street",
                FieldKey.BINA_NO: "building_no",
                FieldKey.DAIRE_NO: "apartment_no",
            }
            column_key = key.get(exc.field or "", "mahalle")
            self.error(column_key, _with_column(exc.message, self.header(column_key)))
            return
        address = checked.address
        values["mahalle"] = canonical_mahalle(address.mahalle, served_mahalleler) or (
            address.mahalle
        )
        values["street"], values["building_no"] = address.street, address.building_no
        values["apartment_no"] = address.apartment_no

    # --- step 4: the cells against each other --------------------------------------------

    def cross_checks(self) -> None:
        values = self.values
        if values.get("notice") is False:
            self.error(
                "notice",
                "Aydınlatma metni onaylanmamış; bu başvuru içe aktarılamaz. Veliyle görüşüp "
                "başvuruyu masada aydınlatma metnini okuyarak alın.",
            )
        if values.get("baby_tc") and values.get("baby_tc") == values.get("parent_tc"):
            self.error(
                "baby_tc",
                "Bebek T.C. Kimlik No velininkiyle aynı; bebeğin numarasını yazın "
                "veya boş bırakın.",
            )
        birth, applied = values.get("baby_birth_date"), values.get("applied_at")
        if birth is not None and applied is not None and birth > applied:
            self.error(
                "baby_birth_date",
                f"Bebek doğum tarihi ({birth:%d.%m.%Y}) başvuru tarihinden "
                f"({applied:%d.%m.%Y}) sonra; tarihleri kontrol edin.",
            )

    # --- the clean row ---------------------------------------------------------------------

    def result(self) -> ImportRow:
        values = self.values
        return ImportRow(
            row=self.source.row,
            web_reference=values["web_reference"],
            applied_at=values["applied_at"],
            parent_tc=values["parent_tc"],
            parent_first_name=values["parent_first_name"],
            parent_last_name=values["parent_last_name"],
            phone_e164=values["phone"],
            mahalle=values["mahalle"],
            street=values["street"],
            building_no=values["building_no"],
            apartment_no=values["apartment_no"],
            baby_first_name=values["baby_first_name"],
            baby_last_name=values["baby_last_name"],
            baby_birth_date=values["baby_birth_date"],
            baby_tc=values["baby_tc"],
            notice_acknowledged=values["notice"],
        )


def _with_column(message: str, column: str) -> str:
    """Messages from the desk's checks name the desk's field; make sure the column is named."""
    if fold(column) in fold(message):
        return message
    return f"{column}: {message}"
