"""Person names and typed dates."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.errors import ValidationError
from desk_app.domain.names import validate_date_text, validate_person_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ayşe", "Ayşe"),
        ("  ayşe   NUR ", "ayşe NUR"),
        ("İSMAİL", "İSMAİL"),
        ("O'Neil", "O'Neil"),
        ("Ayşe-Nur", "Ayşe-Nur"),
        ("M. Ali", "M. Ali"),
        ("José", "José"),
        ("Мария", "Мария"),
        ("Nur\u2019an", "Nur\u2019an"),
        ("x" * 100, "x" * 100),
    ],
)
def test_valid_names(raw: str, expected: str) -> None:
    assert validate_person_name(raw, "ad") == expected


def test_decomposed_name_is_accepted_and_composed() -> None:
    assert validate_person_name("S\u0327u\u0308kru\u0308", "ad") == "Şükrü"


def _error(raw: str, field: str = "ad") -> str:
    with pytest.raises(ValidationError) as info:
        validate_person_name(raw, field)
    assert info.value.field == field
    return str(info.value)


def test_empty_name() -> None:
    assert _error("   ") == "Ad boş; adı kimlikteki gibi girin."
    assert _error("", field="bebek_adi").startswith("Bebek adı boş")


def test_too_long_name() -> None:
    assert "en fazla 100 karakter" in _error("x" * 101)
    assert "101 karakter girildi" in _error("x" * 101)


@pytest.mark.parametrize(("raw", "shown"), [("Ayşe1", "‘1’"), ("Ali@", "‘@’"), ("A😀", "‘😀’")])
def test_bad_characters(raw: str, shown: str) -> None:
    message = _error(raw, field="soyad")
    assert message.startswith("Soyad yalnızca harf")
    assert shown in message


def test_needs_a_letter() -> None:
    assert "en az bir harf" in _error("'-.")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_names_only_raise_validation_error(text: str) -> None:
    try:
        result = validate_person_name(text, "ad")
    except ValidationError as error:
        assert error.field == "ad"
    else:
        assert result == result.strip()
        assert 0 < len(result) <= 100


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("21.01.2025", datetime.date(2025, 1, 21)),
        ("1.2.2025", datetime.date(2025, 2, 1)),
        ("01/02/2025", datetime.date(2025, 2, 1)),
        ("2025-02-01", datetime.date(2025, 2, 1)),
        (" 29.02.2024 ", datetime.date(2024, 2, 29)),
    ],
)
def test_dates(raw: str, expected: datetime.date) -> None:
    assert validate_date_text(raw, "bebek_dogum_tarihi") == expected


@pytest.mark.parametrize(
    "raw", ["31.02.2025", "29.02.2025", "00.01.2025", "12.13.2025", "2025-02-30"]
)
def test_impossible_dates(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_date_text(raw, "bebek_dogum_tarihi")
    assert info.value.field == "bebek_dogum_tarihi"
    assert "diye bir gün yok" in str(info.value)
    assert str(info.value).startswith("Bebek doğum tarihi geçersiz")


@pytest.mark.parametrize(
    "raw",
    ["", "dün", "21.01.25", "2025/02/01", "2025-2-1", "21-01-2025", "٢١.٠١.٢٠٢٥", "21.01.2025x"],
)
def test_unreadable_dates(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_date_text(raw, "basvuru_tarihi")
    assert info.value.field == "basvuru_tarihi"
    assert "Başvuru tarihi" in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.dates())
def test_date_round_trip(date: datetime.date) -> None:
    if date.year < 1000:
        return
    assert validate_date_text(date.strftime("%d.%m.%Y"), "tarih") == date
    assert validate_date_text(date.isoformat(), "tarih") == date
    assert validate_date_text(f"{date.day}/{date.month}/{date.year}", "tarih") == date


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_dates_only_raise_validation_error(text: str) -> None:
    try:
        validate_date_text(text, "tarih")
    except ValidationError as error:
        assert error.field == "tarih"
