"""Turkish phone numbers."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.errors import ValidationError
from desk_app.domain.phone import (
    MOBILE_PREFIXES,
    format_phone,
    generate_mobile,
    is_mobile,
    is_valid_phone,
    mask_phone,
    normalize_phone,
    phone_digits_suffix,
)


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0532 123 45 67", "+905321234567"),
        ("+90 (532) 123-45-67", "+905321234567"),
        ("5321234567", "+905321234567"),
        ("0090 532 123 45 67", "+905321234567"),
        ("90 532 1234567", "+905321234567"),
        ("0(532)1234567", "+905321234567"),
        ("0532.123.45.67", "+905321234567"),
        ("05321234567", "+905321234567"),
        ("+905321234567", "+905321234567"),
        ("  0532 123 45 67  ", "+905321234567"),
        ("0532/123 45 67", "+905321234567"),
        ("0364 225 10 00", "+903642251000"),
        ("(0364) 2251000", "+903642251000"),
        ("0850 123 45 67", "+908501234567"),
        ("0444 123 45 67", "+904441234567"),
        ("0212 555 12 12", "+902125551212"),
    ],
)
def test_normalize_accepts_common_spellings(raw: str, e164: str) -> None:
    assert normalize_phone(raw) == e164
    assert is_valid_phone(raw)


def _error(raw: str, field: str = "telefon") -> str:
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw, field)
    assert info.value.field == field
    assert not is_valid_phone(raw)
    return str(info.value)


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty(raw: str) -> None:
    assert "boş" in _error(raw)


@pytest.mark.parametrize("raw", ["0532 ABC 45 67", "bilmiyor", "0532 123 45 67 (Ahmet)"])
def test_letters(raw: str) -> None:
    assert "harf olamaz" in _error(raw)


@pytest.mark.parametrize("raw", ["0532 123 45 67#", "0532*1234567", "05321234567٦"])
def test_other_characters(raw: str) -> None:
    assert "geçersiz" in _error(raw)


def test_plus_only_at_start() -> None:
    assert "‘+’" in _error("0532+1234567")


def test_no_digits() -> None:
    assert "rakam yok" in _error("( ) - .")


@pytest.mark.parametrize(("raw", "count"), [("0532 123 45 6", 9), ("532", 3), ("+90 532", 3)])
def test_too_short_names_digit_count(raw: str, count: int) -> None:
    message = _error(raw)
    assert "eksik" in message
    assert f"{count} hane girildi" in message


@pytest.mark.parametrize(("raw", "count"), [("0532 123 45 678", 11), ("+90 532 123 45 6789", 12)])
def test_too_long_names_digit_count(raw: str, count: int) -> None:
    message = _error(raw)
    assert "fazla uzun" in message
    assert f"{count} hane girildi" in message


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0632 123 45 67", "632"),
        ("0132 123 45 67", "132"),
        ("0732 123 45 67", "732"),
        ("0932 123 45 67", "932"),
        ("6321234567", "632"),
        ("+90 632 123 45 67", "632"),
    ],
)
def test_wrong_area_code(raw: str, code: str) -> None:
    message = _error(raw)
    assert "alan kodu" in message
    assert f"‘{code}’" in message


@pytest.mark.parametrize("raw", ["+49 30 1234567", "0049 30 12345678", "+1 212 555 1234"])
def test_foreign_country_code(raw: str) -> None:
    message = _error(raw)
    assert "yabancı" in message
    assert raw in message


def test_field_label_in_message() -> None:
    assert _error("", field="cep_telefonu").startswith("Cep telefonu")


def test_format_and_mask() -> None:
    assert format_phone("+905321234567") == "0 532 123 45 67"
    assert format_phone("+903642251000") == "0 364 225 10 00"
    assert mask_phone("+905321234567") == "0 532 *** ** 67"


def test_format_and_mask_leave_unknown_text_readable() -> None:
    assert format_phone("not a phone") == "not a phone"
    assert mask_phone("+49301234567") == "+*********67"


def test_digits_suffix() -> None:
    assert phone_digits_suffix("45 67") == "4567"
    assert phone_digits_suffix("+90 (532) 123-45-67") == "905321234567"
    assert phone_digits_suffix("abc") == ""
    assert phone_digits_suffix("٤٥") == ""


def test_is_mobile() -> None:
    assert is_mobile("+905321234567")
    assert not is_mobile("+903642251000")
    assert not is_mobile("+908501234567")
    assert not is_mobile("garbage")


def test_mobile_prefixes() -> None:
    expected = {"501", "505", "506", "507", "559"}
    expected |= {f"53{d}" for d in range(10)} | {f"54{d}" for d in range(1, 10)}
    expected |= {"551", "552", "553", "554", "555"}
    assert set(MOBILE_PREFIXES) == expected


e164_numbers = st.builds(
    lambda first, rest: f"+90{first}{rest}",
    st.sampled_from("23458"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


@settings(max_examples=300, deadline=None)
@given(e164_numbers)
def test_format_normalize_round_trip(e164: str) -> None:
    assert normalize_phone(e164) == e164
    assert normalize_phone(format_phone(e164)) == e164
    assert mask_phone(e164).endswith(e164[-2:])
    assert e164[4:-2] not in mask_phone(e164).replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_generated_mobiles(seed: int) -> None:
    number = generate_mobile(random.Random(seed))
    assert normalize_phone(number) == number
    assert is_mobile(number)
    assert number[3:6] in MOBILE_PREFIXES


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet="0123456789 +()-./", max_size=25))
def test_arbitrary_text_only_raises_validation_error(text: str) -> None:
    try:
        result = normalize_phone(text)
    except ValidationError as error:
        assert error.message
        assert error.field == "telefon"
    else:
        assert len(result) == 13 and result.startswith("+90")
        assert result[3] in "23458"
    format_phone(text)
    mask_phone(text)
    is_mobile(text)
