from __future__ import annotations

import contextlib
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.errors import ValidationError
from desk_app.domain.slip_token import (
    MAC_LENGTH,
    SlipToken,
    TokenError,
    make_short_code,
    make_token,
    new_secret,
    parse_any,
    parse_short_code,
    parse_token,
    short_code_of_token,
)

SECRET = b"installation secret of the tests"
OTHER = b"another installation"
ALPHABET = string.ascii_uppercase + string.digits + "-"
# Typed digits the MAC reads as the base32 letters they look like.
LOOKALIKE = {"O": "0", "I": "1", "B": "8"}


def test_token_round_trips() -> None:
    token = make_token(SECRET, 1234, 2)
    assert parse_token(token, SECRET) == SlipToken(1234, 2)
    assert parse_any(token, SECRET) == SlipToken(1234, 2)


def test_token_uses_qr_alphanumeric_characters_only() -> None:
    token = make_token(SECRET, 987654321, 17)
    assert re.fullmatch(r"HGB1-987654321-17-[A-Z2-7]{13}", token)
    assert len(token.split("-")[-1]) == MAC_LENGTH


def test_short_code_round_trips_and_matches_the_token() -> None:
    token = make_token(SECRET, 1234, 2)
    code = make_short_code(SECRET, 1234, 2)
    assert re.fullmatch(r"1234-2-[A-Z2-7]{6}", code)
    assert code == short_code_of_token(token)
    assert token.split("-")[-1].startswith(code.split("-")[-1])
    assert parse_short_code(code, SECRET) == SlipToken(1234, 2)
    assert parse_any(code, SECRET) == SlipToken(1234, 2)


def test_parsing_forgives_case_whitespace_and_keyboard_quirks() -> None:
    token = make_token(SECRET, 55, 1)
    code = make_short_code(SECRET, 55, 1)
    expected = SlipToken(55, 1)
    assert parse_any(f"  {token.lower()}\r\n", SECRET) == expected
    assert parse_any(token.replace("-", "*"), SECRET) == expected
    assert parse_any(token.lower().replace("i", "ı"), SECRET) == expected
    assert parse_any(code.lower().replace("-", " "), SECRET) == expected
    mac = code.split("-")[-1]
    assert parse_any(f"55 / 1 / {mac[:3]} {mac[3:]}", SECRET) == expected
    typed = mac.replace("O", "0").replace("I", "1").replace("B", "8")
    assert parse_any(f"55-1-{typed}", SECRET) == expected


@pytest.mark.parametrize("delivery_id,serial", [(1, 0), (7, 1), (1234, 2), (10**12 - 1, 999999)])
def test_every_single_character_change_is_refused(delivery_id: int, serial: int) -> None:
    token = make_token(SECRET, delivery_id, serial)
    mac_start = token.rindex("-") + 1
    for pos, original in enumerate(token):
        for char in ALPHABET:
            if char == original:
                continue
            if pos >= mac_start and LOOKALIKE.get(original) == char:
                continue  # the same letter, typed as a digit
            changed = token[:pos] + char + token[pos + 1 :]
            with pytest.raises(TokenError):
                parse_any(changed, SECRET)


def test_every_single_character_change_of_the_short_code_is_refused() -> None:
    code = make_short_code(SECRET, 4321, 3)
    mac_start = code.rindex("-") + 1
    for pos, original in enumerate(code):
        for char in ALPHABET:
            if char == original or (pos >= mac_start and LOOKALIKE.get(original) == char):
                continue
            changed = code[:pos] + char + code[pos + 1 :]
            with pytest.raises(TokenError):
                parse_any(changed, SECRET)


def test_another_installation_refuses_the_token() -> None:
    token = make_token(SECRET, 1234, 2)
    with pytest.raises(TokenError) as caught:
        parse_token(token, OTHER)
    assert caught.value.reason == "forged"
    with pytest.raises(TokenError):
        parse_short_code(make_short_code(SECRET, 1234, 2), OTHER)


def test_errors_are_validation_errors_with_a_turkish_message_and_a_reason() -> None:
    with pytest.raises(TokenError) as caught:
        parse_any("merhaba", SECRET)
    assert isinstance(caught.value, ValidationError)
    assert caught.value.reason == "malformed"
    assert caught.value.field == "karekod"
    assert "fiş" in caught.value.message


def test_the_wrong_form_is_malformed() -> None:
    with pytest.raises(TokenError) as caught:
        parse_token(make_short_code(SECRET, 1, 1), SECRET)
    assert caught.value.reason == "malformed"
    with pytest.raises(TokenError):
        parse_short_code(make_token(SECRET, 1, 1), SECRET)


def test_bad_arguments_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        make_token(b"", 1, 1)
    with pytest.raises(ValueError):
        make_token(SECRET, 0, 1)
    with pytest.raises(ValueError):
        make_token(SECRET, 1, -1)


def test_new_secret_is_random() -> None:
    assert len(new_secret()) == 32
    assert new_secret() != new_secret()


@given(st.text(max_size=60))
def test_random_text_raises_only_token_error(text: str) -> None:
    with contextlib.suppress(TokenError):
        parse_any(text, SECRET)


@given(st.text(alphabet=ALPHABET + " *ıi0", max_size=40))
def test_random_token_like_text_raises_only_token_error(text: str) -> None:
    for candidate in ("HGB1-" + text, text):
        with contextlib.suppress(TokenError):
            parse_any(candidate, SECRET)


@given(st.integers(1, 10**12 - 1), st.integers(0, 999999))
def test_any_numbers_round_trip(delivery_id: int, serial: int) -> None:
    token = make_token(SECRET, delivery_id, serial)
    assert parse_any(token, SECRET) == SlipToken(delivery_id, serial)
    assert parse_any(make_short_code(SECRET, delivery_id, serial), SECRET) == SlipToken(
        delivery_id, serial
    )
