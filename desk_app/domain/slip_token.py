"""The signed, opaque token in a delivery slip's QR code, and its short code for typing by hand.

Token: ``HGB1-<delivery id>-<print serial>-<MAC>``, e.g. ``HGB1-1234-2-K7QFWA3M2XBZD``. Only
upper-case letters, digits and ``-`` so that the QR code uses alphanumeric mode. The MAC is
HMAC-SHA256 over the version, the delivery id and the print serial with the installation's
secret, base32-encoded without padding and truncated to 13 characters (65 bits). The token
carries no personal data: a lost slip tells its finder nothing, and a forged one is refused.

Short code: ``<delivery id>-<print serial>-<first 6 MAC characters>``, e.g. ``1234-2-K7QFWA``,
printed under the QR code for the desk to type when the scanner fails. It checks 30 bits of the
MAC; that is enough for a code typed by a person, who cannot try millions of them.

Parsing forgives what a scanner or a person produces: surrounding and inner white space, lower
case (also the Turkish ``ı``/``i``), ``*`` for ``-`` (a scanner in US layout on a Turkish Q
keyboard types ``*`` for ``-``), ``/``, ``.`` and ``_`` as separators, and in the MAC the digits
``0``, ``1`` and ``8`` for the letters ``O``, ``I`` and ``B`` that base32 uses instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Literal, Protocol

from desk_app.domain.errors import ValidationError

PREFIX = "HGB1"
MAC_LENGTH = 13  # base32 characters: 65 bits
SHORT_MAC_LENGTH = 6  # 30 bits
MAX_DELIVERY_ID_DIGITS = 12
MAX_SERIAL_DIGITS = 6
FIELD = "karekod"

TokenErrorReason = Literal["malformed", "forged"]

_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Digits base32 does not use, read as the letters they look like.
_MAC_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
# Turkish letters that upper() leaves alone or that a Turkish keyboard types for an ASCII one.
_TURKISH_UPPER = str.maketrans({"ı": "I", "i": "I", "İ": "I"})
_SEPARATORS = re.compile(r"[\s\-*/._]+")
_DIGITS = re.compile(r"[0-9]+")
_MAC_CHARS = re.compile(r"[A-Z0-9]+")


class TokenError(ValidationError):
    """A scanned or typed slip code that is not ours.

    ``reason`` is ``"malformed"`` (not a slip code at all, or mistyped so that it cannot be read)
    or ``"forged"`` (well formed but the signature does not match: mistyped, from another
    installation, or made up).
    """

    def __init__(self, message: str, reason: TokenErrorReason) -> None:
        super().__init__(message, FIELD)
        self.reason: TokenErrorReason = reason


@dataclass(frozen=True, slots=True)
class SlipToken:
    """What a verified slip code says: the delivery and which print of its slip it was."""

    delivery_id: int
    serial: int


class ServerKey(Protocol):
    """A key kept by the database server (PostgreSQL): it signs and verifies, never tells."""

    def mac(self, delivery_id: int, serial: int) -> str:
        """The full MAC (MAC_LENGTH characters) of a slip."""
        ...

    def verify(self, delivery_id: int, serial: int, mac: str) -> bool:
        """Whether ``mac`` (the full MAC or its first SHORT_MAC_LENGTH characters) is right."""
        ...


# The installation's key: its bytes (SQLite, single-user mode) or the server that holds it.
SlipKey = bytes | ServerKey


def new_secret() -> bytes:
    """A fresh per-installation secret (32 random bytes)."""
    return secrets.token_bytes(32)


def _check_numbers(delivery_id: int, serial: int) -> None:
    if not 1 <= delivery_id < 10**MAX_DELIVERY_ID_DIGITS:
        raise ValueError(f"delivery_id out of range: {delivery_id}")
    if not 0 <= serial < 10**MAX_SERIAL_DIGITS:
        raise ValueError(f"serial out of range: {serial}")


def _mac(secret: SlipKey, delivery_id: int, serial: int) -> str:
    if not isinstance(secret, bytes):
        return secret.mac(delivery_id, serial)
    if not secret:
        raise ValueError("the slip token secret is empty")
    message = f"{PREFIX}|{delivery_id}|{serial}".encode("ascii")
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:MAC_LENGTH]


def make_token(secret: SlipKey, delivery_id: int, serial: int) -> str:
    """The QR code's text, e.g. ``HGB1-1234-2-K7QFWA3M2XBZD``.

    Raises ValueError for an empty secret, a delivery id below 1 or a negative serial
    (programming errors).
    """
    _check_numbers(delivery_id, serial)
    return f"{PREFIX}-{delivery_id}-{serial}-{_mac(secret, delivery_id, serial)}"


def make_short_code(secret: SlipKey, delivery_id: int, serial: int) -> str:
    """The code printed under the QR code for typing by hand, e.g. ``1234-2-K7QFWA``."""
    _check_numbers(delivery_id, serial)
    return f"{delivery_id}-{serial}-{_mac(secret, delivery_id, serial)[:SHORT_MAC_LENGTH]}"


def short_code_of_token(token: str) -> str:
    """The short code of a token made by make_token (no secret needed, nothing verified)."""
    parts = _split(token)
    if len(parts) != 4 or parts[0] != PREFIX:
        raise _malformed()
    return f"{parts[1]}-{parts[2]}-{parts[3][:SHORT_MAC_LENGTH]}"


def _malformed() -> TokenError:
    return TokenError(
        "Okunan kod bir teslim fişi kodu değil. Karekodu yeniden okutun ya da fişteki kısa "
        "kodu eksiksiz yazın.",
        "malformed",
    )


def _forged() -> TokenError:
    return TokenError(
        "Fiş kodu doğrulanamadı: kod yanlış yazılmış, başka bir kurulumun fişi ya da "
        "değiştirilmiş olabilir. Kodu kontrol edip yeniden deneyin.",
        "forged",
    )


def _split(text: str) -> list[str]:
    upper = text.translate(_TURKISH_UPPER).upper()
    return [part for part in _SEPARATORS.split(upper) if part]


def _number(text: str, max_digits: int) -> int:
    if len(text) > max_digits or not _DIGITS.fullmatch(text):
        raise _malformed()
    return int(text)


def _mac_text(parts: list[str], length: int) -> str:
    joined = "".join(parts)
    if len(joined) != length or not _MAC_CHARS.fullmatch(joined):
        raise _malformed()
    mac = joined.translate(_MAC_LOOKALIKES)
    if not _BASE32.issuperset(mac):
        raise _malformed()
    return mac


def _verify(secret: SlipKey, delivery_id: int, serial: int, mac: str) -> SlipToken:
    if delivery_id < 1:
        raise _malformed()
    if not isinstance(secret, bytes):
        if not secret.verify(delivery_id, serial, mac):
            raise _forged()
        return SlipToken(delivery_id, serial)
    expected = _mac(secret, delivery_id, serial)[: len(mac)]
    if not hmac.compare_digest(expected, mac):
        raise _forged()
    return SlipToken(delivery_id, serial)


def parse_token(text: str, secret: SlipKey) -> SlipToken:
    """Verify a scanned token (the QR code's text). Raises TokenError."""
    parts = _split(text)
    if len(parts) < 4 or parts[0] != PREFIX:
        raise _malformed()
    delivery_id = _number(parts[1], MAX_DELIVERY_ID_DIGITS)
    serial = _number(parts[2], MAX_SERIAL_DIGITS)
    return _verify(secret, delivery_id, serial, _mac_text(parts[3:], MAC_LENGTH))


def parse_short_code(text: str, secret: SlipKey) -> SlipToken:
    """Verify a short code typed by hand (``1234-2-K7QFWA``, the MAC may be split in groups).

    Raises TokenError.
    """
    parts = _split(text)
    if len(parts) < 3:
        raise _malformed()
    delivery_id = _number(parts[0], MAX_DELIVERY_ID_DIGITS)
    serial = _number(parts[1], MAX_SERIAL_DIGITS)
    return _verify(secret, delivery_id, serial, _mac_text(parts[2:], SHORT_MAC_LENGTH))


def parse_any(text: str, secret: SlipKey) -> SlipToken:
    """Verify what the scan box received: a scanned token or a typed short code.

    Raises TokenError.
    """
    parts = _split(text)
    if parts and parts[0] == PREFIX:
        return parse_token(text, secret)
    return parse_short_code(text, secret)
