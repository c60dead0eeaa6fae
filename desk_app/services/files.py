"""Files the services write for the user (PDFs, reports, exports): written beside their target
and put in place in one step, so a failure or a cancel never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from desk_app.domain.errors import ValidationError

_T = TypeVar("_T")


def staged_file(
    out: str | Path, write: Callable[[BinaryIO], _T], *, suffix: str, purpose: str
) -> tuple[Path, _T]:
    """Run ``write`` on a temporary file in ``out``'s folder (removed if it fails) and return
    that file with what ``write`` returned; the caller moves it to ``out`` with ``os.replace``
    once the rest of the use case has succeeded. ``purpose`` names the file in the message
    for a missing folder ("PDF", "rapor", ...)."""
    target = Path(out)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ValidationError(
            f"‘{directory}’ klasörü yok; {purpose} için var olan bir klasör seçin.", "dosya"
        )
    fd, name = tempfile.mkstemp(prefix=".desk_app-", suffix=suffix, dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), result


def write_file(
    out: str | Path, write: Callable[[BinaryIO], object], *, suffix: str, purpose: str
) -> Path:
    """``staged_file`` and then put in place at once."""
    staged, _ = staged_file(out, write, suffix=suffix, purpose=purpose)
    os.replace(staged, out)
    return Path(out)
