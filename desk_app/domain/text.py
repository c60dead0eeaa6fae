"""Turkish text handling: folding for search keys, casing, collation and LIKE escaping.

This is the one place where Turkish case folding is done. ``fold`` gives the search key stored
next to names typed by citizens; ``skeleton`` is a looser key for "similar names" checks.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Categories dropped from text: control, format (zero-width etc.) and lone surrogates.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})

# Turkish alphabet plus q, w, x (they occur in names) in Turkish order.
_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Letters with circumflex sort with their base letter.
_SORT_BASE = {"â": "a", "î": "i", "û": "u"}

_SKELETON_MAP = str.maketrans(
    {
        "ı": "i",
        "ş": "s",
        "ğ": "g",
        "ü": "u",
        "ö": "o",
        "ç": "c",
        "â": "a",
        "î": "i",
        "û": "u",
    }
)
# Punctuation that separates words; other punctuation is simply dropped by ``skeleton``.
_WORD_SEPARATORS = frozenset("-‐‑‒–—_/\\,;:")


def _drop_controls(text: str) -> str:
    """Turn every whitespace character into a space and drop control/format characters."""
    # Printable text (no controls, formats, surrogates, and no whitespace but the plain space)
    # is already what the loop below would make of it: the common case, done in C.
    if text.isprintable():
        return text
    out: list[str] = []
    for char in text:
        if char.isspace():
            out.append(" ")
        elif unicodedata.category(char) not in _DROPPED_CATEGORIES:
            out.append(char)
    return "".join(out)


# ``clean`` and ``fold`` run on every cell of an import and on every name the duplicate rules
# compare; short texts (names, mahalleler, streets) repeat, so their results are remembered.
_CACHED_LENGTH = 80


def clean(text: str) -> str:
    """NFC-normalise, drop control characters and collapse whitespace; keep the case as typed."""
    if len(text) <= _CACHED_LENGTH:
        return _clean_short(text)
    return _clean(text)


def _clean(text: str) -> str:
    return " ".join(_drop_controls(unicodedata.normalize("NFC", text)).split())


_clean_short = lru_cache(maxsize=65536)(_clean)


def turkish_lower(text: str) -> str:
    """Lower-case the Turkish way: ``I`` -> ``ı``, ``İ`` -> ``i`` (no combining dot)."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def turkish_upper(text: str) -> str:
    """Upper-case the Turkish way: ``i`` -> ``İ``, ``ı`` -> ``I``."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def fold(text: str) -> str:
    """Search key: NFC, Turkish lower case, no control characters, single spaces, stripped."""
    if len(text) <= _CACHED_LENGTH:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    lowered = turkish_lower(_drop_controls(unicodedata.normalize("NFC", text)))
    return " ".join(_drop_controls(unicodedata.normalize("NFC", lowered)).split())


_fold_short = lru_cache(maxsize=65536)(_fold)


def turkish_title(text: str) -> str:
    """Capitalise each word the Turkish way: ``"ayşe nur ışık"`` -> ``"Ayşe Nur Işık"``.

    Words start after a space or a hyphen; the part after an apostrophe stays lower case
    (``"çorum'da"`` -> ``"Çorum'da"``). Whitespace is collapsed.
    """
    out: list[str] = []
    at_word_start = True
    for char in clean(text):
        if at_word_start:
            out.append(turkish_upper(char))
        else:
            out.append(turkish_lower(char))
        if char in " -(":
            at_word_start = True
        elif char.isalnum():
            at_word_start = False
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """Loose comparison key: fold, Turkish letters to ASCII base, no accents or punctuation.

    Hyphens, slashes and similar separators become spaces; other punctuation is dropped;
    letters of any script and digits are kept.
    """
    mapped = fold(text).translate(_SKELETON_MAP)
    decomposed = unicodedata.normalize("NFKD", mapped)
    out: list[str] = []
    for char in decomposed:
        if char.isspace() or char in _WORD_SEPARATORS:
            out.append(" ")
        elif unicodedata.category(char).startswith("M"):
            continue
        elif char.isalnum():
            out.append(char)
    lowered = turkish_lower("".join(out)).translate(_SKELETON_MAP)
    return unicodedata.normalize("NFC", " ".join(lowered.split()))


def _char_rank(char: str) -> int:
    """Primary collation weight of one folded character."""
    base = _SORT_BASE.get(char, char)
    if char == " ":
        return 0
    if base in _LETTER_RANK:
        return 300 + _LETTER_RANK[base]
    if "0" <= char <= "9":
        return 200 + ord(char) - ord("0")
    if ord(char) < 128:
        return 1 + ord(char)
    return 1000 + ord(char)


def sort_key(text: str) -> tuple[int, ...]:
    """Key giving Turkish alphabetical order (a b c ç d … ı i … ş t u ü v y z), case-insensitive.

    Primary weights come first; the code points of the folded text break ties so that the order
    is total and deterministic (``â`` sorts right after ``a``).
    """
    if len(text) <= _CACHED_LENGTH:  # names and streets are sorted again and again
        return _sort_key_short(text)
    return _sort_key(text)


def _sort_key(text: str) -> tuple[int, ...]:
    folded = fold(text)
    return (*(_char_rank(char) for char in folded), -1, *(ord(char) for char in folded))


_sort_key_short = lru_cache(maxsize=16384)(_sort_key)


def like_escape(text: str) -> str:
    """Escape backslash, ``%`` and ``_`` with a backslash for ``LIKE ... ESCAPE`` patterns."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
