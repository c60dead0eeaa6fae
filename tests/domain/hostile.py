"""Hypothesis strategies for hostile and broken input: quotes, LIKE wildcards, SQL fragments,
NUL and other control characters, right-to-left marks, emoji, combining marks, lone
surrogates, digits of other scripts and very long strings (10,000 characters)."""

from __future__ import annotations

from hypothesis import strategies as st

NASTY_PIECES = (
    "'",
    '"',
    "`",
    "%",
    "_",
    "\\",
    "--",
    ";",
    "/*",
    "*/",
    "' OR 1=1 --",
    "' OR '1'='1",
    "'; DROP TABLE citizen; --",
    '" OR ""="',
    "%' OR name_folded LIKE '%",
    "UNION SELECT * FROM app_user",
    "\x00",
    "\x01",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u0085",
    "\t",
    "\r\n",
    "\u2028",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u200b",  # ZERO WIDTH SPACE
    "\ufeff",
    "مرحبا",
    "שלום",
    "👶🏽",
    "👨‍👩‍👧",
    "🇹🇷",
    "e\u0301",  # combining acute
    "i\u0307",  # combining dot above
    "İ",
    "ı",
    "Ş",
    "ğ",
    "١٢٣",  # Arabic-Indic digits
    "０５３２",  # full-width digits
    "\ud800",  # a lone surrogate (never valid UTF-8)
    "0532 123 45 67",
    "10000000146",
    "31.12.2024",
    "GK-2025-000001",
    "HGB-2025-00001",
    " ",
    "",
)


def _long(piece: str, n: int) -> str:
    return (piece * n)[:10_000]


pieces = st.sampled_from(NASTY_PIECES)

# Short hostile strings: a few nasty pieces, random characters and digits mixed.
short_hostile = st.lists(
    st.one_of(pieces, st.text(max_size=8), st.text(alphabet="0123456789 +-()./", max_size=12)),
    max_size=8,
).map("".join)

# Up to 10,000 characters of one piece repeated.
long_hostile = st.builds(
    _long, st.sampled_from([p for p in NASTY_PIECES if p] + ["a", "5", "ğ"]), st.integers(1, 10_000)
)

hostile_text = st.one_of(short_hostile, short_hostile, st.text(max_size=80), long_hostile)
