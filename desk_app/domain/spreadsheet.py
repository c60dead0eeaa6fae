"""Cells the app writes to CSV and XLSX files: text that a spreadsheet would read as a formula
is neutralised (OWASP "CSV injection"): a text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe, so Excel and LibreOffice show it as text and
never run it. Numbers, dates and empty cells are left alone: a real -3 stays a number."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet must show it, never as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Any:
    """A cell value for a CSV or XLSX writer: text neutralised, anything else unchanged."""
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: Any) -> list[Any]:
    return [safe_cell(v) for v in values]
