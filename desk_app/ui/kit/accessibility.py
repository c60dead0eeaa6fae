"""Accessible names for a page's controls, filled in from what the sighted user already sees.

A screen reader (Windows Narrator, NVDA) reads a control's accessible name. Qt gives a button
its text, but a line edit, combo box, date or spin box, or table has none unless a label is its
buddy. ``fill_accessible_names`` gives every interactive widget under a root that has no name
one taken, in this order, from: its label's buddy link or ``QFormLayout`` label, its visible text
(buttons), its placeholder text, its tool tip, the label just before it in its layout, the title
of the group box around it. Names already set are never changed. ``missing_accessible_names``
lists what is still unnamed (the tests use it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desk_app.ui.kit.i18n import tr

INTERACTIVE: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractButton,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)


def clean_label(text: str) -> str:
    """A label's text as a name: no mnemonic '&', no trailing colon, no rich-text tags."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    if "<" in text and ">" in text:  # rich text: keep the words only
        out, inside = [], False
        for ch in text:
            if ch == "<":
                inside = True
            elif ch == ">":
                inside = False
            elif not inside:
                out.append(ch)
        text = "".join(out)
    return " ".join(text.split()).rstrip(":").strip()


def is_interactive(widget: QWidget) -> bool:
    if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
        return False
    if widget.objectName().startswith("qt_"):  # Qt's own parts (a table's corner button)
        return False
    # The line edit inside a combo or spin box is named through its owner.
    parent = widget.parentWidget()
    return not (isinstance(widget, QLineEdit) and isinstance(parent, QComboBox | QAbstractSpinBox))


def _buddy_names(root: QWidget) -> dict[int, str]:
    names: dict[int, str] = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        text = clean_label(label.text())
        if buddy is not None and text:
            names.setdefault(id(buddy), text)
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            form_label, field = label_item.widget(), field_item.widget()
            if (
                isinstance(form_label, QLabel)
                and field is not None
                and clean_label(form_label.text())
            ):
                names.setdefault(id(field), clean_label(form_label.text()))
    return names


def _label_before(widget: QWidget, buddies: dict[int, str]) -> str:
    """The text of a QLabel placed just before ``widget`` in the layout that holds it."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is None:
        return ""
    found = _find_in_layout(layout, widget)
    if found is None:
        return ""
    holder, index = found
    suffix = ""
    for i in range(index - 1, -1, -1):
        item = holder.itemAt(i)
        other = item.widget() if item is not None else None
        if other is None:
            continue
        text = clean_label(other.text()) if isinstance(other, QLabel | QAbstractButton) else ""
        if text and not any(ch.isalnum() for ch in text):  # "–" between two dates
            suffix = " " + tr("(bitiş)")
            continue
        if not text:  # a control of the same row (a year beside "Dönem"): its name
            text = other.accessibleName() or buddies.get(id(other), "")
        if text:
            return text + suffix
        if not suffix:
            return ""
    return ""


def _find_in_layout(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is widget:
            return layout, i
        child = item.layout()
        if child is not None:
            found = _find_in_layout(child, widget)
            if found is not None:
                return found
    return None


def _group_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and clean_label(parent.title()):
            return clean_label(parent.title())
        parent = parent.parentWidget()
    return ""


def suggested_name(widget: QWidget, buddies: dict[int, str]) -> str:
    if id(widget) in buddies:
        return buddies[id(widget)]
    if isinstance(widget, QAbstractButton) and clean_label(widget.text()):
        return clean_label(widget.text())
    placeholder = ""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        placeholder = widget.placeholderText()
    elif isinstance(widget, QComboBox):
        edit = widget.lineEdit()
        placeholder = (edit.placeholderText() if edit is not None else "") or (
            widget.placeholderText()
        )
    for text in (placeholder, widget.toolTip()):
        if clean_label(text):
            return clean_label(text)
    return _label_before(widget, buddies) or _group_title(widget)


def fill_accessible_names(root: QWidget, title: str = "") -> int:
    """Name every unnamed interactive widget under ``root``; returns how many were named.
    ``title`` (the page's) names a list that nothing else names: "<title> listesi"."""
    buddies = _buddy_names(root)
    named = 0
    for widget in root.findChildren(QWidget):
        if not is_interactive(widget) or widget.accessibleName():
            continue
        name = suggested_name(widget, buddies)
        if not name and title and isinstance(widget, QAbstractItemView):
            name = tr("{0} listesi").format(title)
        if name:
            widget.setAccessibleName(name)
            named += 1
    return named


def has_accessible_name(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    return isinstance(widget, QAbstractButton) and bool(clean_label(widget.text()))


def reachable_by_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def missing_accessible_names(root: QWidget) -> list[QWidget]:
    """Visible interactive widgets under ``root`` that a screen reader could not name."""
    return [
        w
        for w in root.findChildren(QWidget)
        if is_interactive(w) and w.isVisibleTo(root) and not has_accessible_name(w)
    ]
