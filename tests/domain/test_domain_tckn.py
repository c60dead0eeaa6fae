"""T.C. Kimlik No validation, generation and masking."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.errors import ValidationError
from desk_app.domain.tckn import (
    check_digits,
    generate_tckn,
    is_valid_tckn,
    mask_tckn,
    validate_tckn,
)

# 10000000146 is the well-known test number; the others come from web_export_sample.csv.
KNOWN_VALID = [
    "10000000146",
    "91728056974",
    "41661013664",
    "26090881374",
    "40367580968",
    "28331390188",
]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_valid_numbers(number: str) -> None:
    assert validate_tckn(number) == number
    assert is_valid_tckn(number)


def test_surrounding_whitespace_is_stripped() -> None:
    assert validate_tckn("  10000000146\t\n") == "10000000146"


def _reason(value: str, field: str = "tc_kimlik_no") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_tckn(value, field=field)
    assert info.value.field == field
    assert not is_valid_tckn(value)
    return info.value


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_empty_is_refused(value: str) -> None:
    assert str(_reason(value)) == "T.C. Kimlik No boş; 11 haneli numarayı girin."


@pytest.mark.parametrize(("value", "count"), [("1000000014", 10), ("100000001460", 12), ("1", 1)])
def test_wrong_length_names_count(value: str, count: int) -> None:
    assert str(_reason(value)) == f"T.C. Kimlik No 11 haneli olmalı; {count} hane girildi."


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1000000014a", "‘a’"),
        ("10000 000146", "boşluk"),
        ("1000000014٦", "‘٦’"),  # Arabic-Indic six
        ("1000000014６", "‘６’"),  # full-width six
        ("-1000000014", "‘-’"),
        ("1000000014\x00", "U+0000"),
    ],
)
def test_non_ascii_digits_are_refused(value: str, shown: str) -> None:
    error = _reason(value)
    assert "yalnızca rakamlardan oluşmalı" in str(error)
    assert shown in str(error)


def test_leading_zero_is_refused() -> None:
    assert "0 ile başlayamaz" in str(_reason("01234567890"))


def test_tenth_digit_check() -> None:
    assert "10. hane" in str(_reason("10000000156"))


def test_eleventh_digit_check() -> None:
    assert "11. hane" in str(_reason("10000000147"))


def test_custom_field_name_and_label() -> None:
    error = _reason("123", field="bebek_tc_kimlik_no")
    assert str(error) == "Bebek T.C. Kimlik No 11 haneli olmalı; 3 hane girildi."


def test_check_digits_with_negative_raw_difference() -> None:
    # Odd positions sum to 1, even positions to 36: 1 * 7 - 36 = -29, whose mathematical
    # mod 10 is 1 (a truncating remainder would give -9 or 9).
    assert check_digits("190909090") == "18"
    assert validate_tckn("19090909018") == "19090909018"
    assert not is_valid_tckn("19090909098")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_generated_numbers_are_valid(seed: int) -> None:
    number = generate_tckn(random.Random(seed))
    assert len(number) == 11
    assert validate_tckn(number) == number


def test_generator_is_deterministic_and_varied() -> None:
    first = [generate_tckn(random.Random(7)) for _ in range(3)]
    assert len(set(first)) == 1
    rng = random.Random(7)
    assert len({generate_tckn(rng) for _ in range(100)}) > 90


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**32),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_every_single_digit_change_is_refused(seed: int, position: int, delta: int) -> None:
    number = generate_tckn(random.Random(seed))
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    assert changed != number
    assert not is_valid_tckn(changed)


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_every_single_digit_change_of_known_numbers_is_refused(number: str) -> None:
    for position in range(11):
        for digit in "0123456789":
            if digit != number[position]:
                assert not is_valid_tckn(number[:position] + digit + number[position + 1 :])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_arbitrary_text_only_raises_validation_error(text: str) -> None:
    try:
        result = validate_tckn(text)
    except ValidationError as error:
        assert error.message
    else:
        assert len(result) == 11 and result.isascii() and result.isdigit()


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("12345678990", "123******90"),
        (" 10000000146 ", "100******46"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert mask_tckn(value) == masked
