"""Garbage is collected on the GUI thread, never by whichever worker thread allocates."""

from __future__ import annotations

import gc
import threading
import weakref

from desk_app.ui.kit.gc_guard import GuiThreadGarbageCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_automatic_collection_is_off_and_the_timer_collects(
    gui_thread_gc: GuiThreadGarbageCollector,
) -> None:
    assert not gc.isenabled()
    assert gui_thread_gc.timer.isActive()
    gc.collect()

    refs: list[weakref.ref[_Node]] = []

    def allocate_in_a_worker() -> None:
        for _ in range(gc.get_threshold()[0] * 3):
            refs.append(weakref.ref(_Node()))

    worker = threading.Thread(target=allocate_in_a_worker)
    worker.start()
    worker.join()
    # The worker allocated well past the threshold, yet nothing was collected there...
    assert all(ref() is not None for ref in refs)
    # ...the GUI thread's timer slot does it.
    gui_thread_gc.check()
    assert all(ref() is None for ref in refs)
