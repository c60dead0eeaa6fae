"""Python's cyclic garbage collector may start in whichever thread happens to allocate; if it
frees a Qt object there (a widget left in a reference cycle), Qt crashes. Automatic collection
is switched off and run from a timer on the GUI thread instead (the pattern pyqtgraph and
others use for the same reason)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500) -> None:
        super().__init__(parent)
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, as gc would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return

    def collect_now(self) -> int:
        return gc.collect()
