"""Record references GK-2025-000123 and HGB-2025-00001."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.references import ReferenceKind, format_reference, parse_reference


def test_format() -> None:
    assert format_reference(ReferenceKind.REQUEST, 2025, 123) == "GK-2025-000123"
    assert format_reference(ReferenceKind.APPLICATION, 2025, 1) == "HGB-2025-00001"
    assert format_reference(ReferenceKind.APPLICATION, 2026, 123456) == "HGB-2026-123456"
    assert format_reference(ReferenceKind.REQUEST, 2025, 1234567) == "GK-2025-1234567"


def test_kind_values() -> None:
    assert ReferenceKind.REQUEST.value == "GK"
    assert ReferenceKind.APPLICATION.value == "HGB"
    assert str(ReferenceKind.REQUEST) == "GK"


@pytest.mark.parametrize(("year", "number"), [(999, 1), (10000, 1), (2025, 0), (2025, -5)])
def test_format_refuses_programming_errors(year: int, number: int) -> None:
    with pytest.raises(ValueError):
        format_reference(ReferenceKind.REQUEST, year, number)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("GK-2025-000123", (ReferenceKind.REQUEST, 2025, 123)),
        ("gk2025123", (ReferenceKind.REQUEST, 2025, 123)),
        ("  gk 2025 000123 ", (ReferenceKind.REQUEST, 2025, 123)),
        ("Gk-2025-123", (ReferenceKind.REQUEST, 2025, 123)),
        ("HGB-2025-00001", (ReferenceKind.APPLICATION, 2025, 1)),
        ("hgb202500001", (ReferenceKind.APPLICATION, 2025, 1)),
        ("HGB 2024 17", (ReferenceKind.APPLICATION, 2024, 17)),
        ("HGB_2025/00042", (ReferenceKind.APPLICATION, 2025, 42)),
    ],
)
def test_parse(text: str, parsed: tuple[ReferenceKind, int, int]) -> None:
    assert parse_reference(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ayşe Kaya",
        "GK",
        "GK-2025",
        "GK-2025-",
        "GK-25-000123",
        "GK-20-25-000123",
        "XX-2025-000123",
        "GK-2025-000000",
        "GK-2025-0001x",
        "GK-٢٠٢٥-000123",
        "HGB1-42-1-ABCDEF",
        "GK-2025-1234567890123",
        "W-2025-00412",
        "10000000146",
    ],
)
def test_parse_refuses_non_references(text: str) -> None:
    assert parse_reference(text) is None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(ReferenceKind)),
    st.integers(min_value=1000, max_value=9999),
    st.integers(min_value=1, max_value=10**9),
)
def test_round_trip(kind: ReferenceKind, year: int, number: int) -> None:
    text = format_reference(kind, year, number)
    assert parse_reference(text) == (kind, year, number)
    assert parse_reference(text.lower()) == (kind, year, number)
    assert parse_reference(text.replace("-", "")) == (kind, year, number)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_never_raises(text: str) -> None:
    result = parse_reference(text)
    assert result is None or result[2] >= 1
