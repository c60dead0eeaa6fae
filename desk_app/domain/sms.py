"""SMS length in parts: GSM-7 with the Turkish national language shift table, else UCS-2.

3GPP TS 23.038 gives a 7-bit default alphabet (Ç, Ö, Ü, ö, ü are in it) and, for Turkish, a
single shift table that adds ğ Ğ ı İ ş Ş ç € to the default extension (^ { } \\ [ ~ ] | and form
feed); a character from a shift table costs two septets (escape + code). A message that uses the
shift table carries a 3-byte national-language header, so fewer septets fit in a part:

==========================  ======  ==========
encoding                    1 part  each part
                                    of several
==========================  ======  ==========
GSM-7, default table only    160     153
GSM-7, Turkish shift table   155     149
UCS-2 (16-bit)                70      67
==========================  ======  ==========

(User data of 140 octets; a concatenation header takes 6 octets with its length byte, the
national-language shift header 3 more.) Netgsm's ``encoding: "TR"`` sends Turkish letters this
way; without it they are replaced by Latin ones. Any character outside both tables (â, emoji,
Cyrillic...) makes the whole message UCS-2.
"""

from __future__ import annotations

from dataclasses import dataclass

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_DEFAULT_EXTENSION = frozenset("\f^{}\\[~]|€")
_TURKISH_SHIFT = frozenset("\f^{}\\[~]|ĞİŞç€ğış")

GSM7 = "GSM-7"
GSM7_TURKISH = "GSM-7 (Türkçe)"
UCS2 = "UCS-2"

_LIMITS: dict[str, tuple[int, int]] = {GSM7: (160, 153), GSM7_TURKISH: (155, 149), UCS2: (70, 67)}


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # GSM7 | GSM7_TURKISH | UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int
    per_part: int  # what fits in each part at this length

    @property
    def text(self) -> str:
        """What the template editor shows, e.g. ``"148 / 155 karakter, 1 SMS (GSM-7 (Türkçe))"``."""
        limit = self.per_part * self.parts if self.parts > 1 else self.per_part
        return f"{self.units} / {limit} karakter, {self.parts} SMS ({self.encoding})"


def _parts(units: int, single: int, multi: int) -> tuple[int, int]:
    if units <= single:
        return 1, single
    return -(-units // multi), multi


def sms_length(text: str) -> SmsLength:
    """How many parts ``text`` takes and in which encoding (the cheapest that can carry it)."""
    basic = sum(1 for char in text if char in _GSM7_BASIC)
    rest = [char for char in text if char not in _GSM7_BASIC]
    if all(char in _GSM7_DEFAULT_EXTENSION for char in rest):
        encoding, units = GSM7, basic + 2 * len(rest)
    elif all(char in _TURKISH_SHIFT for char in rest):
        encoding, units = GSM7_TURKISH, basic + 2 * len(rest)
    else:
        encoding = UCS2
        units = len(text.encode("utf-16-le")) // 2
    parts, per_part = _parts(units, *_LIMITS[encoding])
    return SmsLength(encoding=encoding, units=units, parts=parts, per_part=per_part)
