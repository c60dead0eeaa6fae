"""QR codes drawn straight onto the canvas as vector rectangles (no images), each code one
path of merged horizontal runs.

The matrix comes from zxing-cpp's C++ encoder where it is installed (about twenty times faster
than the pure-Python ``qrcode``, which is what limits 1,350 slips), else from ``qrcode`` with a
fixed mask pattern: letting ``qrcode`` try all eight masks and score them costs about eight
times as much as making the code, and every mask is valid for a reader. Error correction is M
(15 %): slips travel in bags and get creased.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, cast

import qrcode
from qrcode import util

_zxing: Any
try:  # the C++ encoder when installed (see _zxing_matrix); ``qrcode`` otherwise
    _zxing = importlib.import_module("zxingcpp")
except ImportError:  # pragma: no cover - depends on the installation
    _zxing = None

_DARK = bytes([1] + [0] * 255)
MASK_PATTERN = 4
QUIET_ZONE_MODULES = 4
_ALPHANUMERIC = re.compile(r"[0-9A-Z $%*+\-./:]*")

Matrix = tuple[tuple[bool, ...], ...]


def _zxing_matrix(text: str) -> Matrix | None:
    """The matrix from zxing-cpp's C++ encoder (some twenty times faster than ``qrcode``),
    or None where it is not installed. Error correction M as well; it picks the mask."""
    if _zxing is None:
        return None
    code = _zxing.create_barcode(text, _zxing.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(cast(Any, code.to_image(scale=1, add_quiet_zones=False)))
    rows, columns = image.shape or (0, 0)
    dark = image.tobytes().translate(_DARK)  # black (0) -> 1, white -> 0
    return tuple(tuple(map(bool, dark[r * columns : (r + 1) * columns])) for r in range(rows))


def qr_matrix(text: str) -> Matrix:
    """The dark (True) and light modules of ``text``'s QR code, without quiet zone."""
    fast = _zxing_matrix(text)
    if fast is not None:
        return fast
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,
        mask_pattern=MASK_PATTERN,
    )
    if _ALPHANUMERIC.fullmatch(text):
        code.add_data(util.QRData(text.encode("ascii"), mode=util.MODE_ALPHA_NUM))
    else:
        code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.modules)


def qr_path_operators(matrix: Matrix) -> str:
    """PDF path operators filling the dark modules, in module units with (0, 0) bottom left.

    Each horizontal run of dark modules is one rectangle; the rectangles share edges exactly, so
    the filled union shows no hairline seams.
    """
    size = len(matrix)
    parts: list[str] = []
    append = parts.append
    for r, row in enumerate(matrix):
        y = size - 1 - r
        start = -1
        for c, dark in enumerate(row):
            if dark:
                if start < 0:
                    start = c
            elif start >= 0:
                append(f"{start} {y} {c - start} 1 re")
                start = -1
        if start >= 0:
            append(f"{start} {y} {size - start} 1 re")
    return "\n".join(parts)


def draw_qr(canvas: Any, x: float, y: float, size: float, matrix: Matrix) -> None:
    """Draw ``matrix`` with its lower left corner at (x, y), ``size`` points wide.

    Keep ``QUIET_ZONE_MODULES`` modules around it free of ink.
    """
    module = size / len(matrix)
    canvas.saveState()
    canvas.addLiteral(
        f"1 0 0 1 {x:.3f} {y:.3f} cm {module:.4f} 0 0 {module:.4f} 0 0 cm 0 g\n"
        f"{qr_path_operators(matrix)}\nf"
    )
    canvas.restoreState()
