"""Hostile and broken input to every pure parser and form check: the T.C. Kimlik No, phone,
name and date validators, text folding and LIKE escaping, the citizen and request form checks,
import rows and scanned slip tokens. Each either returns a clean value or refuses with a
ValidationError naming the field; nothing else is ever raised.

(The per-module tests cover the happy paths and known examples; this file only throws the
worst input at all of them.)"""

from __future__ import annotations

import datetime
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desk_app.domain.errors import DomainError, ValidationError
from desk_app.domain.names import validate_date_text, validate_person_name
from desk_app.domain.phone import is_valid_phone, normalize_phone, phone_digits_suffix
from desk_app.domain.slip_token import PREFIX, TokenError, make_token, parse_any
from desk_app.domain.tckn import is_valid_tckn, validate_tckn
from desk_app.domain.text import clean, fold, like_escape, skeleton, sort_key
from desk_app.importing.reader import COLUMNS, ParsedFile, SourceRow
from desk_app.importing.rows import ImportRow, parse_row
from desk_app.services.citizens.input import CitizenInput, validate_citizen
from desk_app.services.requests.records import RequestInput, validate_request
from tests.domain.hostile import hostile_text

HYPO = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECRET = bytes(range(32))
TODAY = datetime.date(2025, 6, 16)
SERVED = ["Ulukavak", "Gülabibey", "Çepni"]
CITIZEN_FIELDS = {
    "ad",
    "soyad",
    "tc_kimlik_no",
    "telefon",
    "eposta",
    "mahalle",
    "cadde_sokak",
    "bina_no",
    "daire_no",
    "notlar",
}
REQUEST_FIELDS = {"vatandas", "kanal", "kategori", "mudurluk", "konu", "aciklama", "son_tarih"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refused_with_field(exc: BaseException, field: str | None = None) -> None:
    assert isinstance(exc, ValidationError), repr(exc)
    assert exc.field, repr(exc)
    assert exc.message and isinstance(exc.message, str)
    if field is not None:
        assert exc.field == field, (exc.field, field)


@HYPO
@given(hostile_text)
@example("' OR 1=1 --")
@example("1000000014\u202e6")
@example("١٠٠٠٠٠٠٠١٤٦")
@example("\x0010000000146")
def test_tckn(text: str) -> None:
    try:
        value = validate_tckn(text, field="veli_tc")
    except Exception as exc:
        _refused_with_field(exc, "veli_tc")
        assert not is_valid_tckn(text)
    else:
        assert re.fullmatch(r"[1-9][0-9]{10}", value)
        assert is_valid_tckn(text)


@HYPO
@given(hostile_text)
@example("0532 123 45 67\x00")
@example("+90 (532) 123-45-67 ' OR 1=1")
@example("０５３２１２３４５６７")
def test_phone(text: str) -> None:
    try:
        value = normalize_phone(text, "telefon")
    except Exception as exc:
        _refused_with_field(exc, "telefon")
        assert not is_valid_phone(text)
    else:
        assert re.fullmatch(r"\+[0-9]{8,15}", value)
    assert isinstance(phone_digits_suffix(text), str)


@HYPO
@given(hostile_text)
@example("Ayşe'; DROP TABLE citizen; --")
@example("Zeynep\u202e")
@example("A" * 10_000)
@example("👶🏽")
def test_person_name(text: str) -> None:
    try:
        value = validate_person_name(text, "ad")
    except Exception as exc:
        _refused_with_field(exc, "ad")
    else:
        assert value == value.strip() and value
        assert not _CONTROL.search(value)
        assert len(value) <= 100


@HYPO
@given(hostile_text)
@example("31.02.2024")
@example("29.02.2023")
@example("01.01.0000")
@example("99999-12-31")
@example("1.1.2024' OR 1=1")
def test_date_text(text: str) -> None:
    try:
        value = validate_date_text(text, "bebek_dogum_tarihi")
    except Exception as exc:
        _refused_with_field(exc, "bebek_dogum_tarihi")
    else:
        assert isinstance(value, datetime.date)


@HYPO
@given(hostile_text)
@example("%_\\")
@example("100%_sure\\")
def test_text_fold_and_like_escape(text: str) -> None:
    for func in (clean, fold, skeleton):
        out = func(text)
        assert isinstance(out, str)
        assert not _CONTROL.search(out), (func.__name__, out)
    assert isinstance(sort_key(text), tuple)
    escaped = like_escape(text)
    # No LIKE wildcard survives unescaped: undo the escapes and the text comes back whole.
    unescaped = re.sub(r"\\(.)", r"\1", escaped, flags=re.S)
    assert unescaped == text
    assert not re.search(r"(?<!\\)(\\\\)*[%_]", escaped.replace("\\%", "").replace("\\_", ""))


@HYPO
@given(
    st.builds(
        CitizenInput,
        first_name=hostile_text,
        last_name=hostile_text,
        tc_kimlik_no=hostile_text,
        phone=hostile_text,
        email=hostile_text,
        mahalle=hostile_text,
        street=hostile_text,
        building_no=hostile_text,
        apartment_no=hostile_text,
        notes=hostile_text,
    )
)
def test_citizen_form_check(data: CitizenInput) -> None:
    errors = validate_citizen(data, SERVED)
    assert set(errors) <= CITIZEN_FIELDS, errors
    assert all(isinstance(m, str) and m for m in errors.values())


@HYPO
@given(hostile_text, hostile_text, st.sampled_from(["DESK", "WHATSAPP", "' OR 1=1", "\x00", ""]))
def test_request_form_check(subject: str, description: str, channel: str) -> None:
    data = RequestInput(
        citizen_id=1,
        channel_code=channel,
        directorate_id=1,
        subject=subject,
        description=description,
    )
    errors = validate_request(data, today=TODAY)
    assert set(errors) <= REQUEST_FIELDS, errors
    if not clean(subject):
        assert "konu" in errors


_HEADERS = {c.key: c.header for c in COLUMNS}


def _parsed(values: dict[str, str]) -> tuple[ParsedFile, SourceRow]:
    source = SourceRow(row=2, values=values)
    parsed = ParsedFile(
        rows=[source],
        headers=dict(_HEADERS),
        extra_columns=(),
        missing_optional=(),
        file_format="csv",
    )
    return parsed, source


_GOOD_ROW = {
    "web_reference": "W-2025-000001",
    "applied_at": "10.06.2025",
    "parent_tc": "10000000146",
    "parent_first_name": "Ayşe",
    "parent_last_name": "Yılmaz",
    "phone": "0532 123 45 67",
    "mahalle": "Ulukavak",
    "street": "Gazi Cad.",
    "building_no": "5",
    "apartment_no": "",
    "baby_first_name": "Elif",
    "baby_last_name": "Yılmaz",
    "baby_birth_date": "01.06.2025",
    "baby_tc": "",
    "notice": "Evet",
}


@HYPO
@given(st.lists(st.sampled_from(sorted(_GOOD_ROW)), min_size=1, max_size=4, unique=True), st.data())
def test_import_row(keys: list[str], data: st.DataObject) -> None:
    values = dict(_GOOD_ROW)
    for key in keys:
        values[key] = data.draw(hostile_text, label=key)
    parsed, source = _parsed(values)
    result = parse_row(source, parsed, SERVED, TODAY)
    if isinstance(result, ImportRow):
        return
    assert result, "a refused row names at least one problem"
    headers = set(_HEADERS.values())
    for error in result:
        assert error.row == 2
        assert error.message
        assert error.column in headers, error  # each refusal names the column


def test_import_row_good_row_still_parses() -> None:
    parsed, source = _parsed(dict(_GOOD_ROW))
    assert isinstance(parse_row(source, parsed, SERVED, TODAY), ImportRow)


@HYPO
@given(hostile_text)
@example(f"{PREFIX}|1|1|' OR 1=1 --")
@example(PREFIX + "\x00" * 50)
@example("ABCD-EFGH-\u202e")
def test_scanned_token(text: str) -> None:
    try:
        token = parse_any(text, SECRET)
    except DomainError as exc:
        assert isinstance(exc, TokenError)
        _refused_with_field(exc)
    else:
        assert token.delivery_id > 0


@HYPO
@given(st.integers(1, 10**6), st.integers(1, 99), st.integers(0, 60), hostile_text)
def test_tampered_token_is_refused(delivery_id: int, serial: int, at: int, junk: str) -> None:
    token = make_token(SECRET, delivery_id, serial)
    assert parse_any(token, SECRET).delivery_id == delivery_id
    tampered = token[:at] + junk + token[at:]
    if tampered == token:
        return
    try:
        parsed = parse_any(tampered, SECRET)
    except DomainError as exc:
        _refused_with_field(exc)
    else:  # only harmless noise (spaces, case) may be ignored: it is still the same slip
        assert (parsed.delivery_id, parsed.serial) == (delivery_id, serial)
