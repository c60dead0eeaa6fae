"""Helpers of the printing tests: rasterise PDF pages with poppler and read their QR codes."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

Rasterise = Callable[..., list[Image.Image]]


@pytest.fixture
def rasterise(tmp_path: Path) -> Rasterise:
    """``rasterise(pdf, first=1, last=1, dpi=150)``: the pages as greyscale PIL images."""

    def run(pdf: Path, first: int = 1, last: int = 1, dpi: int = 150) -> list[Image.Image]:
        prefix = tmp_path / f"{pdf.stem}-{first}-{last}-{dpi}"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-f",
                str(first),
                "-l",
                str(last),
                str(pdf),
                str(prefix),
            ],
            check=True,
            capture_output=True,
        )
        images = []
        for path in sorted(tmp_path.glob(f"{prefix.name}-*.png")):
            with Image.open(path) as image:
                images.append(image.copy())
        return images

    return run


def qr_texts(image: Image.Image) -> list[str]:
    """The texts of every QR code found on ``image``."""
    return [
        result.text
        for result in zxingcpp.read_barcodes(image)
        if result.format == zxingcpp.BarcodeFormat.QRCode
    ]


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]
