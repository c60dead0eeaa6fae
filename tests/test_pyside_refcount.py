"""PySide6 6.12.0 on Python 3.11 lowers None's reference count on every call that returns
nothing (processEvents(), repaint(), ...); after a few thousand calls the process aborts with
``none_dealloc``. The desk calls these all day, so the installed PySide6 must not do that.
Runs in a subprocess: the bug kills the interpreter, not just the test."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

CALLS = 60_000
MARGIN = 500

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    widget.resize(40, 30)
    widget.show()
    QCoreApplication.processEvents()
    before = sys.getrefcount(None)
    for _ in range({CALLS}):
        QCoreApplication.processEvents()
    for _ in range({CALLS}):
        widget.repaint()
    after = sys.getrefcount(None)
    widget.close()
    print(before, after)
    """
)


def test_calls_returning_nothing_keep_none_alive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, (
        f"the PySide6 subprocess died (exit {proc.returncode}); PySide6 6.12.0 on Python 3.11 "
        f"aborts with none_dealloc — install a PySide6 below 6.12 there.\n{proc.stderr[-2000:]}"
    )
    before, after = (int(v) for v in proc.stdout.split()[-2:])
    assert before - after <= MARGIN, (
        f"None's reference count fell by {before - after} over {2 * CALLS} calls "
        f"({before} -> {after}): this PySide6 leaks references to None."
    )
