"""Translations of the desk's user interface (Qt Linguist ``.ts`` / ``.qm``).

Turkish is the source language: every visible string is written in Turkish and passed through
``desk_app.ui.kit.i18n.tr``. This script keeps ``resources/translations/desk_app_en.ts`` in step
with the sources and builds the ``.qm`` the application loads.

    python scripts/i18n.py extract   # update desk_app_en.ts from the sources (keeps translations)
    python scripts/i18n.py release   # build desk_app_en.qm with pyside6-lrelease
    python scripts/i18n.py check     # exit 1 on an untranslated string or a placeholder mismatch

Translate the ``unfinished`` messages of ``desk_app_en.ts`` with Qt Linguist (``pyside6-linguist``)
or any editor (remove ``type="unfinished"`` once translated), then run ``check`` and ``release``.

What ``extract`` collects (``pyside6-lupdate`` misses implicit string concatenations and strings
translated through variables, so this walks the Python syntax tree instead):

* ``tr("...")`` with a constant argument anywhere under ``desk_app/ui``;
* strings in the literal tables of ``desk_app/ui`` (column headers, combo captions, label dicts:
  tuples, lists and dict values, not dict keys) that look like visible text — the UI translates
  them with ``tr(variable)``;
* the values of the domain and service label tables the UI translates at display time
  (``LABEL_TABLES`` below: status names, weekdays, event kinds, ...) and a few fixed service
  texts (``SERVICE_TEXTS``: a booking suggestion's reason).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "desk_app" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
CONTEXT = "desk_app"
LANGUAGES = {"en": "en_GB"}
SOURCE_LANGUAGE = "tr_TR"

# Module-level tables of Turkish labels outside desk_app/ui whose values the UI shows via tr().
LABEL_TABLES: dict[str, tuple[str, ...]] = {
    "desk_app/domain/states.py": (
        "REQUEST_STATUS_LABELS",
        "APPLICATION_STATUS_LABELS",
        "DELIVERY_OUTCOME_LABELS",
        "DELIVERY_KIND_LABELS",
        "ROLE_LABELS",
    ),
    "desk_app/services/delivery/common.py": (
        "MONTH_NAMES",
        "WEEKDAY_NAMES",
        "WEEKDAY_SHORT",
        "DELIVERY_STATUS_LABELS",
        "RELATIONS",
    ),
    "desk_app/services/requests/common.py": ("EVENT_KIND_LABELS", "INFORMED_VIA_LABELS"),
    "desk_app/services/applications/common.py": (
        "EVENT_KIND_LABELS",
        "DUPLICATE_REASON_LABELS",
    ),
    "desk_app/services/delivery/slips.py": ("REASON_LABELS",),
    "desk_app/services/notify/manage.py": ("STATUS_LABELS",),
    "desk_app/services/notify/templates.py": ("KIND_LABELS",),
}
# Service strings the UI translates with tr(): constants given to these keyword arguments or
# assigned to these names anywhere in the module (e.g. a suggestion's ``reason=``).
SERVICE_TEXTS: dict[str, tuple[str, ...]] = {
    "desk_app/services/delivery/booking.py": ("reason",),
}

# Strings in UI tables that are not visible text although they look like it.
_NOT_TEXT = re.compile(
    r"""^(
        [a-z0-9_.\-/]*           # keys, object names, file names
      | \#[0-9a-fA-F]{3,8}       # colours
      | Q[A-Za-z]+(\#|\s*\{|::).*  # style sheets
      | [A-Z0-9_]+               # constants
      | [A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+  # module names
      | ([a-z\-]+:\s*[^;]*;\s*)+  # style declarations
      | [^A-Za-zÇĞİÖŞÜçğıöşü]*  # no letters at all: dashes, numbers, symbols
    )$""",
    re.VERBOSE | re.DOTALL,
)
# UI modules whose tables hold no visible text (module names, diagnostics, the headings the
# help looks up in the Turkish guide).
_NO_TABLES = frozenset({"startup_probe.py", "gc_guard.py", "i18n.py", "help.py"})
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Message:
    source: str
    locations: tuple[tuple[str, int], ...]
    comment: str = ""  # Qt's disambiguation: tr("İptal", "button")

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.comment)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_tr_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "tr"
        and bool(node.args)
    )


def _table_strings(node: ast.AST) -> Iterator[tuple[str, int]]:
    """String constants inside a literal container (dict values, tuple/list/set items), not
    inside calls or lambdas (their strings are either tr() calls or not text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value, node.lineno
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _table_strings(value)
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for item in node.elts:
            if isinstance(item, ast.Starred):
                continue
            yield from _table_strings(item)


def _looks_like_text(text: str) -> bool:
    return bool(text.strip()) and not _NOT_TEXT.match(text)


def _ui_strings(path: Path) -> Iterator[tuple[str, int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    tables = path.name not in _NO_TABLES
    for node in ast.walk(tree):
        if _is_tr_call(node):
            assert isinstance(node, ast.Call)
            arg = node.args[0]
            comment = ""
            if len(node.args) > 1:
                hint = node.args[1]
                if isinstance(hint, ast.Constant) and isinstance(hint.value, str):
                    comment = hint.value
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value, arg.lineno, comment
        elif not tables:
            continue
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                continue
            for text, line in _table_strings(node.value):
                if _looks_like_text(text):
                    yield text, line, ""
        elif isinstance(node, ast.For):
            for text, line in _table_strings(node.iter):
                if _looks_like_text(text):
                    yield text, line, ""


def _label_table_strings(path: Path, names: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    wanted = set(names)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        value = getattr(node, "value", None)
        for target in targets:
            if isinstance(target, ast.Name) and target.id in wanted and value is not None:
                found.add(target.id)
                for text, line in _table_strings(value):
                    yield text, line, ""
    missing = wanted - found
    if missing:
        raise SystemExit(f"{_rel(path)}: label tables not found: {', '.join(sorted(missing))}")


def _expression_strings(node: ast.AST) -> Iterator[tuple[str, int]]:
    """String constants an expression may evaluate to (``a if c else b``, ``x or y``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value, node.lineno
    elif isinstance(node, ast.IfExp):
        yield from _expression_strings(node.body)
        yield from _expression_strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _expression_strings(value)


def _service_strings(path: Path, names: Iterable[str]) -> Iterator[tuple[str, int, str]]:
    wanted = set(names)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        keyword = isinstance(node, ast.keyword) and node.arg in wanted
        assigned = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in wanted for t in node.targets
        )
        if keyword or assigned:
            assert isinstance(node, (ast.keyword, ast.Assign))
            for text, line in _expression_strings(node.value):
                if _looks_like_text(text):
                    yield text, line, ""


def extract_messages() -> list[Message]:
    """Every translatable source string, in order of first appearance."""
    seen: dict[tuple[str, str], list[tuple[str, int]]] = {}
    sources: list[tuple[Path, Iterator[tuple[str, int, str]]]] = []
    for path in sorted(UI_DIR.rglob("*.py")):
        sources.append((path, _ui_strings(path)))
    for rel, names in LABEL_TABLES.items():
        path = ROOT / rel
        sources.append((path, _label_table_strings(path, names)))
    for rel, names in SERVICE_TEXTS.items():
        path = ROOT / rel
        sources.append((path, _service_strings(path, names)))
    for path, strings in sources:
        for text, line, comment in sorted(strings, key=lambda s: s[1]):
            seen.setdefault((text, comment), []).append((_rel(path), line))
    return [Message(key[0], tuple(locs), key[1]) for key, locs in seen.items()]


# --- the .ts file ------------------------------------------------------------------------------


@dataclass
class Entry:
    source: str
    translation: str
    kind: str  # "" (finished) | "unfinished" | "vanished" | "obsolete"
    comment: str = ""  # disambiguation
    note: str = ""  # translator's comment

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.comment)


def ts_path(language: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"desk_app_{language}.ts"


def qm_path(language: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"desk_app_{language}.qm"


def read_ts(path: Path) -> dict[tuple[str, str], Entry]:
    entries: dict[tuple[str, str], Entry] = {}
    if not path.is_file():
        return entries
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        if (context.findtext("name") or "") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            node = message.find("translation")
            text = "" if node is None else (node.text or "")
            kind = "" if node is None else node.get("type", "")
            entry = Entry(
                source,
                text,
                kind,
                message.findtext("comment") or "",
                message.findtext("translatorcomment") or "",
            )
            entries[entry.key] = entry
    return entries


def write_ts(path: Path, language: str, entries: list[Entry]) -> None:
    root = ET.Element("TS", version="2.1", language=LANGUAGES.get(language, language))
    root.set("sourcelanguage", SOURCE_LANGUAGE)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for entry in entries:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = entry.source
        if entry.comment:
            ET.SubElement(message, "comment").text = entry.comment
        if entry.note:
            ET.SubElement(message, "translatorcomment").text = entry.note
        translation = ET.SubElement(message, "translation")
        if entry.kind:
            translation.set("type", entry.kind)
        translation.text = entry.translation
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def merge(messages: list[Message], old: dict[tuple[str, str], Entry]) -> list[Entry]:
    """The sources in order with their existing translations; new ones unfinished; the ones
    no longer in the sources kept at the end as ``vanished`` (lrelease leaves them out)."""
    merged: list[Entry] = []
    current = {m.key for m in messages}
    for message in messages:
        entry = old.get(message.key)
        if entry is None:
            merged.append(Entry(message.source, "", "unfinished", message.comment))
        else:
            kind = "unfinished" if entry.kind in ("vanished", "obsolete") else entry.kind
            if not entry.translation:
                kind = "unfinished"
            merged.append(
                Entry(message.source, entry.translation, kind, message.comment, entry.note)
            )
    for key, entry in old.items():
        if key not in current and entry.translation:
            kind = entry.kind if entry.kind in ("vanished", "obsolete") else "vanished"
            merged.append(Entry(entry.source, entry.translation, kind, entry.comment, entry.note))
    return merged


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems(messages: list[Message], entries: dict[tuple[str, str], Entry]) -> list[str]:
    found: list[str] = []
    for message in messages:
        where = "{}:{}".format(*message.locations[0])
        entry = entries.get(message.key)
        if entry is None or entry.kind or not entry.translation:
            state = "missing" if entry is None else "untranslated"
            found.append(f"{where}: {state}: {message.source!r}")
            continue
        if placeholders(entry.translation) != placeholders(message.source):
            found.append(
                f"{where}: placeholders differ: {message.source!r} -> {entry.translation!r}"
            )
        if message.source.count("&") - message.source.count("&&") > 0 and (
            entry.translation.count("&") - entry.translation.count("&&") != 1
        ):
            found.append(f"{where}: mnemonic '&' lost: {message.source!r} -> {entry.translation!r}")
    return found


def lrelease_command() -> str:
    candidates = [
        Path(sys.executable).with_name("pyside6-lrelease"),
        Path(sys.executable).with_name("pyside6-lrelease.exe"),
    ]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found (pip install PySide6)")
    return found


def release(language: str, ts: Path | None = None, qm: Path | None = None) -> Path:
    ts = ts or ts_path(language)
    qm = qm or qm_path(language)
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [lrelease_command(), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not qm.is_file():
        raise SystemExit(f"lrelease failed for {ts}:\n{result.stdout}{result.stderr}")
    ship_qt_translations(qm.parent)
    return qm


def ship_qt_translations(folder: Path) -> list[Path]:
    """Copy Qt's own Turkish texts (file dialog, standard buttons) from PySide6 beside ours,
    so an installed or frozen desk loads them from its resources, not from a Qt folder that a
    build may leave out."""
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError:
        return []
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    copied = []
    for name in ("qtbase_tr.qm",):
        source = qt_dir / name
        if source.is_file():
            target = folder / name
            shutil.copyfile(source, target)
            copied.append(target)
    return copied


# --- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=("extract", "release", "check", "list"))
    parser.add_argument("--language", default="en", choices=sorted(LANGUAGES))
    parser.add_argument("--ts", type=Path, help="the .ts file (default: resources/translations)")
    parser.add_argument("--qm", type=Path, help="the .qm file to build (release)")
    args = parser.parse_args(argv)
    ts = args.ts or ts_path(args.language)

    if args.command == "list":
        for message in extract_messages():
            print(message.source)
        return 0
    if args.command == "extract":
        messages = extract_messages()
        entries = merge(messages, read_ts(ts))
        write_ts(ts, args.language, entries)
        unfinished = sum(1 for e in entries if e.kind == "unfinished")
        vanished = sum(1 for e in entries if e.kind in ("vanished", "obsolete"))
        print(
            f"{_rel(ts) if ts.is_relative_to(ROOT) else ts}: {len(messages)} strings, "
            f"{unfinished} unfinished, {vanished} vanished"
        )
        return 0
    if args.command == "release":
        qm = release(args.language, ts, args.qm)
        print(f"built {qm}")
        return 0
    found = problems(extract_messages(), read_ts(ts))
    for line in found:
        print(line)
    if found:
        print(
            f"{len(found)} problem(s) in {ts}; run: python scripts/i18n.py extract, translate, "
            "then check again",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
