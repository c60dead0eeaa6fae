"""User-path test hook: drives the real program with key and mouse events only.

Off unless the environment variable ``DESK_APP_E2E_SCENARIO`` names a scenario file (the
user-path tests in ``tests/e2e/`` set it when they start ``python -m desk_app`` in a subprocess).
The scenario is a generator function ``scenario(d: Driver)`` that presses keys, types text,
clicks what it sees and waits for what should appear; it never calls a widget's or a service's
methods to get past a step. It reads the screen (visible texts) and saves screenshots into
``DESK_APP_E2E_SHOTS``; a failure saves the screen at that moment. The result goes to
``DESK_APP_E2E_RESULT`` as JSON.

Each key press runs from the event loop (a timer), so a key that opens a modal dialog
(``exec()``) does not block the scenario: the next steps run inside that dialog's loop. The
offscreen platform has no window manager; the driver does its one job that matters here (give
the focus back to the window left in front when the active one closed).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import runpy
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

log = logging.getLogger(__name__)

ENV_SCENARIO = "DESK_APP_E2E_SCENARIO"
ENV_RESULT = "DESK_APP_E2E_RESULT"
ENV_SHOTS = "DESK_APP_E2E_SHOTS"
TICK_MS = 25
DEFAULT_WAIT_S = 15.0
SCENARIO_LIMIT_S = 100.0

Step = Generator["Wait", None, None]


class ScenarioFailed(AssertionError):
    pass


class Wait:
    """What a scenario yields: go on when ``ready()`` or fail after ``timeout`` seconds."""

    def __init__(self, ready: Callable[[], bool], what: str, timeout: float) -> None:
        self.ready = ready
        self.what = what
        self.deadline = time.monotonic() + timeout


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]


def texts_of(window: QWidget) -> list[str]:
    """What a person reads in ``window``: its title, labels, buttons, fields, tabs, menus,
    group titles and the headers and first rows of its lists."""
    out = [window.windowTitle()] if window.windowTitle() else []
    widgets: Iterable[QWidget] = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            out.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            out.append(_clean(widget.text()))
        elif isinstance(widget, QLineEdit):
            out.extend(t for t in (widget.text(), widget.placeholderText()) if t)
        elif isinstance(widget, QGroupBox):
            out.append(_clean(widget.title()))
        elif isinstance(widget, QTabBar):
            out.extend(_clean(widget.tabText(i)) for i in range(widget.count()))
        elif isinstance(widget, (QMenuBar, QMenu)):
            out.extend(_clean(a.text()) for a in widget.actions() if a.isVisible() and a.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            # A list model's columnCount is private in PySide6: a list has one column.
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
            for column in range(columns):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    out.append(header)
            for row in range(min(model.rowCount(root), 30)):
                for column in range(columns):
                    value = model.index(row, column, root).data()
                    if isinstance(value, str):
                        out.append(value)
    return [t for t in out if t]


def _window_manager(expected: str) -> None:
    """What a desktop's window manager does and the offscreen platform does not: a window that
    has just appeared gets the focus, and when the active window closed (a dialog, the lock)
    the window left in front gets it. Never past a modal dialog or an open menu."""
    if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget():
        return
    windows = [w for w in visible_windows() if not isinstance(w, QMenu)]
    if any(w.isModal() for w in windows):
        return
    named = [w for w in windows if w.objectName() == expected]
    if named:
        named[-1].activateWindow()
    elif QApplication.activeWindow() is None and windows:
        windows[-1].activateWindow()


def screen_texts() -> list[str]:
    out: list[str] = []
    for window in visible_windows():
        out.extend(texts_of(window))
    return out


class Driver:
    """The scenario's hands and eyes."""

    def __init__(self, shots: Path) -> None:
        self.shots = shots
        self.actions: deque[Callable[[], object]] = deque()
        self.shot_count = 0

    # --- where keys go ----------------------------------------------------------------------
    @staticmethod
    def target() -> QWidget | None:
        """The open menu, else the focused field of the modal dialog in front, else the
        focused widget."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        modal = QApplication.activeModalWidget()
        if modal is not None:
            return modal.focusWidget() or modal
        return QApplication.focusWidget() or QApplication.activeWindow()

    def _later(self, action: Callable[[], object]) -> None:
        self.actions.append(action)

    # --- hands ------------------------------------------------------------------------------
    def key(self, sequence: str) -> None:
        """Press a key or a combination: "Tab", "Return", "Ctrl+L", "Alt+O", "Ctrl+Shift+N"."""
        combo = QKeySequence(sequence)[0]  # type: ignore[index]

        def press() -> None:
            target = self.target()
            if target is None:
                raise ScenarioFailed(f"no window has the keyboard for {sequence}")
            QTest.keyClick(target, combo.key(), combo.keyboardModifiers())

        self._later(press)

    def type(self, text: str) -> None:
        """Type text as a keyboard does (Turkish letters as key events carrying them)."""

        def typing() -> None:
            for char in text:
                target = self.target()
                if target is None:
                    raise ScenarioFailed(f"no window has the keyboard for {text!r}")
                if char.isascii() and char.isprintable():
                    QTest.keyClick(target, char)  # type: ignore[call-overload]
                else:
                    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                        event = QKeyEvent(
                            kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char
                        )
                        QApplication.sendEvent(target, event)

        self._later(typing)

    def click(self, text: str) -> None:
        """Click, with the mouse, the visible button whose text is ``text``."""

        def clicking() -> None:
            button = self.find_button(text)
            if button is None:
                raise ScenarioFailed(f"no visible button ‘{text}’ on the screen")
            QTest.mouseClick(
                button,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                button.rect().center(),
            )

        self._later(clicking)

    def menu(self, *path: str) -> None:
        """Open a menu of the active window's menu bar and choose an item, with the mouse:
        ``d.menu("Oturum", "Dil / Language", "English")``."""

        def clicking() -> None:
            window = QApplication.activeWindow()
            bar = window.findChild(QMenuBar) if window is not None else None
            if bar is None:
                raise ScenarioFailed(f"no menu bar for {' › '.join(path)}")
            action = next((a for a in bar.actions() if _clean(a.text()) == path[0]), None)
            if action is None:
                raise ScenarioFailed(f"no menu ‘{path[0]}’")
            QTest.mouseClick(
                bar,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                bar.actionGeometry(action).center(),
            )
            for text in path[1:]:
                self._later(functools.partial(self._click_menu_item, text))

        self._later(clicking)

    @staticmethod
    def _click_menu_item(text: str) -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            raise ScenarioFailed(f"no open menu to choose ‘{text}’ from")
        action = next((a for a in popup.actions() if _clean(a.text()) == text), None)
        if action is None or not action.isEnabled():
            raise ScenarioFailed(f"no usable item ‘{text}’ in the open menu")
        position = popup.actionGeometry(action).center()
        QTest.mouseMove(popup, position)
        QTest.mouseClick(popup, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)

    def click_cell(self, text: str) -> None:
        """Click, with the mouse, the visible list cell that shows ``text``."""

        def clicking() -> None:
            for window in visible_windows():
                for view in window.findChildren(QAbstractItemView):
                    model = view.model()
                    if not _shown(view) or model is None:
                        continue
                    root = view.rootIndex()
                    columns = (
                        1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
                    )
                    for row in range(min(model.rowCount(root), 200)):
                        for column in range(columns):
                            index = model.index(row, column, root)
                            if index.data() == text:
                                rect = view.visualRect(index)
                                QTest.mouseClick(
                                    view.viewport(),
                                    Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier,
                                    rect.center(),
                                )
                                return
            raise ScenarioFailed(f"no visible list cell ‘{text}’")

        self._later(clicking)

    @staticmethod
    def find_button(text: str) -> QAbstractButton | None:
        windows = visible_windows()
        active = QApplication.activeModalWidget() or QApplication.activeWindow()
        if active is not None and active in windows:
            windows.remove(active)
            windows.insert(0, active)
        for window in windows:
            for button in window.findChildren(QAbstractButton):
                if _shown(button) and button.isEnabled() and _clean(button.text()) == text:
                    return button
        return None

    # --- eyes -------------------------------------------------------------------------------
    def until(self, ready: Callable[[], bool], what: str, timeout: float = DEFAULT_WAIT_S) -> Wait:
        return Wait(ready, what, timeout)

    def sees(self, text: str, timeout: float = DEFAULT_WAIT_S) -> Wait:
        """Wait until ``text`` is part of something on the screen."""
        return Wait(
            lambda: any(text in t for t in screen_texts()), f"‘{text}’ on the screen", timeout
        )

    def window(self, name: str, timeout: float = DEFAULT_WAIT_S) -> Wait:
        """Wait until the active window (or modal dialog) is the one named ``name``."""

        def active() -> bool:
            window = QApplication.activeModalWidget() or QApplication.activeWindow()
            if window is None or window.objectName() != name:
                _window_manager(name)
                window = QApplication.activeModalWidget() or QApplication.activeWindow()
            return window is not None and window.objectName() == name and window.isVisible()

        return Wait(active, f"the window {name} active", timeout)

    def gone(self, name: str, timeout: float = DEFAULT_WAIT_S) -> Wait:
        return Wait(
            lambda: all(w.objectName() != name for w in visible_windows()),
            f"the window {name} closed",
            timeout,
        )

    def settle(self) -> Wait:
        return Wait(lambda: True, "the events", 1)

    @staticmethod
    def texts() -> list[str]:
        return screen_texts()

    @staticmethod
    def focused_name() -> str:
        """Where the cursor is (the focused field's name)."""
        widget = QApplication.focusWidget()
        return widget.objectName() if widget is not None else ""

    @staticmethod
    def active_name() -> str:
        window = QApplication.activeModalWidget() or QApplication.activeWindow()
        return window.objectName() if window is not None else ""

    @staticmethod
    def frames() -> dict[str, tuple[int, int, int, int]]:
        out = {}
        for window in visible_windows():
            g = window.frameGeometry()
            out[window.objectName() or type(window).__name__] = (
                g.x(),
                g.y(),
                g.width(),
                g.height(),
            )
        return out

    @staticmethod
    def all_inside_screen() -> bool:
        """Every visible window (with its frame) lies inside the screen's free area."""
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        return all(area.contains(w.frameGeometry()) for w in visible_windows())

    @staticmethod
    def screen_size() -> tuple[int, int]:
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        return area.width(), area.height()

    def screenshot(self, name: str) -> None:
        """Save the screen after the keys and clicks before it have been handled."""
        self._later(functools.partial(self.grab, name))

    def grab(self, name: str) -> Path:
        """The whole screen as the user sees it now (every visible window where it is)."""
        self.shot_count += 1
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{self.shot_count:02d}-{name}.png"
        screen = QGuiApplication.primaryScreen()
        size = screen.geometry().size()
        canvas = QPixmap(size)
        canvas.fill(Qt.GlobalColor.darkGray)
        painter = QPainter(canvas)
        windows = sorted(visible_windows(), key=lambda w: (w.isModal(), w.isActiveWindow()))
        for window in windows:
            painter.drawPixmap(window.geometry().topLeft() - QPoint(0, 0), window.grab())
        painter.end()
        canvas.save(str(path))
        return path


class _Runner(QObject):
    def __init__(
        self, scenario: Callable[[Driver], Step], driver: Driver, result: Path | None
    ) -> None:
        super().__init__(QCoreApplication.instance())
        self.driver = driver
        self.result = result
        self.steps = scenario(driver)
        self.waiting: Wait | None = None
        self.steps_done = False
        self.pending = False
        self.done = False
        self.started = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.on_quit)

    def tick(self) -> None:
        if self.done:
            return
        try:
            if self.pending:
                return  # the last key or click has not started yet
            if self.driver.actions:
                # From its own timer: Qt never re-enters a running timer's slot, so an action
                # that opens a modal dialog (exec()) must not run inside this tick, or the
                # scenario would stop while the dialog waits.
                action = self.driver.actions.popleft()
                self.pending = True
                QTimer.singleShot(0, self, lambda: self.run_action(action))
                return
            if self.steps_done:  # the last keys (Ctrl+Q) have been pressed
                self.finish({"ok": True})
                return
            if time.monotonic() - self.started > SCENARIO_LIMIT_S:
                raise ScenarioFailed(f"the scenario took more than {SCENARIO_LIMIT_S} s")
            if self.waiting is not None:
                if not self.waiting.ready():
                    if time.monotonic() > self.waiting.deadline:
                        raise ScenarioFailed(f"waited in vain for {self.waiting.what}")
                    return
                self.waiting = None
            self.waiting = next(self.steps)
        except StopIteration:
            self.steps_done = True
        except Exception as exc:
            self.fail(exc)

    def run_action(self, action: Callable[[], object]) -> None:
        self.pending = False
        if self.done:
            return
        try:
            action()
        except Exception as exc:
            self.fail(exc)

    def fail(self, exc: BaseException) -> None:
        if self.done:
            return
        self.timer.stop()
        shot = ""
        screen: list[str] = []
        try:
            screen = screen_texts()
        except Exception as read_error:
            screen = [f"(cannot read the screen: {read_error})"]
        try:
            shot = str(self.driver.grab("FAILED"))
        except Exception:
            log.exception("cannot save the failure screenshot")
        self.finish(
            {
                "ok": False,
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(),
                "screen": screen,
                "active": self.driver.active_name(),
                "screenshot": shot,
            }
        )
        QCoreApplication.exit(3)

    def finish(self, payload: dict[str, Any]) -> None:
        if self.done:
            return
        self.done = True
        self.timer.stop()
        payload["seconds"] = round(time.monotonic() - self.started, 2)
        if self.result is not None:
            self.result.write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")

    def on_quit(self) -> None:
        if self.steps_done and not self.driver.actions:
            self.finish({"ok": True})
        elif not self.done:
            self.finish({"ok": False, "error": "the program ended before the scenario did"})


def maybe_start() -> _Runner | None:
    """Start the scenario named by ``DESK_APP_E2E_SCENARIO``; None (nothing at all) without it."""
    path = os.environ.get(ENV_SCENARIO)
    if not path:
        return None
    namespace = runpy.run_path(path)
    scenario = namespace["scenario"]
    result = os.environ.get(ENV_RESULT)
    shots = Path(os.environ.get(ENV_SHOTS) or Path(path).with_suffix(".shots"))
    log.warning("user-path scenario %s is driving this program", path)
    return _Runner(scenario, Driver(shots), Path(result) if result else None)
