"""Turkish text folding, casing, collation and LIKE escaping."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.text import (
    clean,
    fold,
    like_escape,
    skeleton,
    sort_key,
    turkish_lower,
    turkish_title,
    turkish_upper,
)

TURKISH_LETTERS = "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
turkish_text = st.text(alphabet=TURKISH_LETTERS + " ", max_size=40)
FAST = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("IŞIK", "ışık"),
        ("Işık", "ışık"),
        ("İnce", "ince"),
        ("ince", "ince"),
        ("  AYŞE   NUR ", "ayşe nur"),
        ("İSMAİL", "ismail"),
        ("ÇAĞLAR ÖZTÜRK", "çağlar öztürk"),
        ("ayşe\tnur\nışık", "ayşe nur ışık"),
        ("zero\u200bwidth", "zerowidth"),
        ("bell\x07char", "bellchar"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold_examples(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_never_leaves_combining_dot() -> None:
    # Python's "İ".lower() is "i̇" (i + U+0307); fold must give a plain "i".
    assert "İ".lower() != "i"
    assert fold("İ") == "i"
    assert "\u0307" not in fold("İSTANBUL İZMİR")


def test_fold_composes_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Şükrü Gül")
    assert decomposed != "Şükrü Gül"
    assert fold(decomposed) == "şükrü gül"
    # Capital I followed by a combining dot above is İ once composed.
    assert fold("I\u0307nce") == "ince"


@FAST
@given(st.text(max_size=200))
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@FAST
@given(turkish_text)
def test_fold_ignores_turkish_case(text: str) -> None:
    assert fold(turkish_upper(text)) == fold(text)
    assert fold(turkish_lower(text)) == fold(text)


@FAST
@given(st.text(max_size=200))
def test_fold_output_is_clean(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs"} for c in folded)
    assert unicodedata.is_normalized("NFC", folded)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_no_function_raises_on_arbitrary_text(text: str) -> None:
    for func in (fold, skeleton, turkish_upper, turkish_title, turkish_lower, clean, like_escape):
        assert isinstance(func(text), str)
    assert isinstance(sort_key(text), tuple)


def test_no_exceptions_on_nasty_text() -> None:
    nasty = [
        "👨‍👩‍👧 emoji 🇹🇷",
        "مرحبا بالعالم",  # RTL
        "\u202eRTL override\u202c",
        "".join(chr(c) for c in range(32)),
        "\ud800 lone surrogate",
        "ß ﬁ ǅ ΣΑΣ",
        "ğ" * 10_000,
    ]
    for text in nasty:
        fold(text)
        skeleton(text)
        turkish_title(text)
        sort_key(text)
    assert len(fold("x" * 10_000)) == 10_000
    assert fold("\ud800abc") == "abc"


def test_turkish_upper_and_lower() -> None:
    assert turkish_upper("ışık incir") == "IŞIK İNCİR"
    assert turkish_lower("IŞIK İNCİR") == "ışık incir"


@pytest.mark.parametrize(
    ("raw", "titled"),
    [
        ("ayşe nur ışık", "Ayşe Nur Işık"),
        ("İSMAİL", "İsmail"),
        ("ISPARTALI İLYAS", "Ispartalı İlyas"),
        ("  ayşe   nur ", "Ayşe Nur"),
        ("ayşe-nur", "Ayşe-Nur"),
        ("ÇORUM'DA", "Çorum'da"),
        ("o'NEIL", "O'neıl"),
        ("", ""),
    ],
)
def test_turkish_title(raw: str, titled: str) -> None:
    assert turkish_title(raw) == titled


@pytest.mark.parametrize(
    ("raw", "skel"),
    [
        ("Şükrü Öztürk", "sukru ozturk"),
        ("IŞIK", "isik"),
        ("İnce", "ince"),
        ("Çağlar", "caglar"),
        ("Hâkim Kâmil Nûri Îlhan", "hakim kamil nuri ilhan"),
        ("Ayşe-Nur", "ayse nur"),
        ("O'Neil", "oneil"),
        ("Mimar Sinan Cad. No:14", "mimar sinan cad no 14"),
        ("José Müller", "jose muller"),
        ("ＡＹＳＥ", "ayse"),
    ],
)
def test_skeleton(raw: str, skel: str) -> None:
    assert skeleton(raw) == skel


@FAST
@given(st.text(max_size=100))
def test_skeleton_is_idempotent_and_folded(text: str) -> None:
    skel = skeleton(text)
    assert skeleton(skel) == skel
    assert fold(skel) == skel


@FAST
@given(turkish_text)
def test_skeleton_of_turkish_text_is_ascii(text: str) -> None:
    assert skeleton(text).isascii()


def test_sort_key_follows_turkish_alphabet() -> None:
    words = ["Zeynep", "çağla", "Cem", "ışık", "İlker", "Ömer", "Osman", "şule", "Su", "ali", "Ğ"]
    expected = [
        "ali",
        "Cem",
        "çağla",
        "Ğ",
        "ışık",
        "İlker",
        "Osman",
        "Ömer",
        "Su",
        "şule",
        "Zeynep",
    ]
    assert sorted(words, key=sort_key) == expected


def test_sort_key_full_alphabet_order() -> None:
    alphabet = list("abcçdefgğhıijklmnoöprsştuüvyz")
    shuffled = alphabet[::-1]
    assert sorted(shuffled, key=sort_key) == alphabet
    upper = [turkish_upper(a) for a in alphabet]
    assert sorted(reversed(upper), key=sort_key) == upper


def test_sort_key_case_insensitive_and_prefix_first() -> None:
    assert sort_key("IŞIK") == sort_key("ışık")
    assert sort_key("Ak") < sort_key("Ak Kent") < sort_key("Akın")
    assert sort_key("a") < sort_key("â") < sort_key("b")


@FAST
@given(turkish_text, turkish_text)
def test_sort_key_is_consistent_with_fold(a: str, b: str) -> None:
    assert (sort_key(a) == sort_key(b)) == (fold(a) == fold(b))


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("100%", "100\\%"),
        ("a_b", "a\\_b"),
        ("c:\\x", "c:\\\\x"),
        ("\\%_", "\\\\\\%\\_"),
        ("düz", "düz"),
    ],
)
def test_like_escape(raw: str, escaped: str) -> None:
    assert like_escape(raw) == escaped


def test_clean_keeps_case() -> None:
    assert clean("  Ayşe \t NUR\x00 ") == "Ayşe NUR"
