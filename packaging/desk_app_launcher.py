"""Entry point of the frozen build: both executables (``desk-app``, ``desk-app-cli``) run this.

A windowed Windows executable has no console, so ``sys.stdout``/``sys.stderr`` are None; their
output (warnings, an unexpected traceback) goes to ``desk_app.log`` in the user's log folder
(``%LOCALAPPDATA%\\CorumBelediyesi\\desk_app\\Logs`` on Windows) instead of being lost.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_LOG_BYTES = 1_000_000


def _log_file() -> Path:
    import platformdirs

    from desk_app.settings import APP_AUTHOR, APP_NAME

    folder = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "desk_app.log"
    if path.is_file() and path.stat().st_size > MAX_LOG_BYTES:
        path.replace(path.with_suffix(".log.1"))  # keep one older file
    return path


def _redirect_missing_streams() -> None:
    if sys.stdout is not None and sys.stderr is not None:
        return
    try:
        stream = _log_file().open("a", encoding="utf-8", buffering=1)
    except OSError:
        import os

        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def run() -> int:
    _redirect_missing_streams()
    from desk_app.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
