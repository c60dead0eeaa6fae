"""Layout regression: a fixed slip rasterised at 150 dpi against a stored reference image.

After an intended layout change, regenerate the reference and look at it:

    DESK_APP_UPDATE_REFERENCE=1 .venv/bin/python -m pytest tests/printing -k reference
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from desk_app.printing import render_receipt, render_route_sheet, render_slips
from tests.printing.conftest import Rasterise
from tests.printing.samples import receipt, route_sheet, slip, slips

REFERENCE = Path(__file__).resolve().parent / "reference"
# Mean absolute difference per pixel, as a share of full black-to-white (0-255). A changed QR
# code alone differs by 0.35 %, the lower half of the slip moved by 5 mm by 1.4 %.
TOLERANCE = 0.006


def _compare(name: str, image: Image.Image) -> None:
    path = REFERENCE / f"{name}.png"
    if os.environ.get("DESK_APP_UPDATE_REFERENCE") == "1":
        REFERENCE.mkdir(exist_ok=True)
        image.convert("L").save(path, optimize=True)
        return
    if not path.exists():
        pytest.fail(f"no reference image {path}; run with DESK_APP_UPDATE_REFERENCE=1")
    with Image.open(path) as stored:
        reference = stored.convert("L")
    assert reference.size == image.size
    difference = ImageChops.difference(reference, image.convert("L"))
    mean = ImageStat.Stat(difference).mean[0] / 255
    assert mean < TOLERANCE, f"{name} differs from its reference by {mean:.2%}"


def test_slip_matches_its_reference_image(tmp_path: Path, rasterise: Rasterise) -> None:
    pdf = tmp_path / "slip.pdf"
    render_slips(pdf, [slip(1234, 2), slip(98765, 1, index=1)])
    (image,) = rasterise(pdf)
    _compare("slips_a4", image)


def test_route_sheet_and_receipt_match_their_reference_images(
    tmp_path: Path, rasterise: Rasterise
) -> None:
    route_pdf = tmp_path / "route.pdf"
    render_route_sheet(route_pdf, route_sheet(slips(8)))
    receipt_pdf = tmp_path / "receipt.pdf"
    render_receipt(receipt_pdf, receipt())
    (route_image,) = rasterise(route_pdf, dpi=75)
    (receipt_image,) = rasterise(receipt_pdf, dpi=75)
    _compare("route_sheet_a4", route_image)
    _compare("receipt_a4", receipt_image)
