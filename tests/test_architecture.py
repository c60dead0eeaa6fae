"""Imports point one way: Qt only in desk_app/ui (and the GUI entry point reached from it);
nothing heavy is imported by the command line before it is needed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desk_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pyside6_is_imported_only_in_the_ui_package() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path)):
            offenders.append(str(rel))
    assert offenders == []


def test_lower_layers_do_not_import_upper_ones() -> None:
    rules = {
        "domain": {
            "desk_app.models",
            "desk_app.services",
            "desk_app.ui",
            "desk_app.db",
            "desk_app.printing",
            "desk_app.cli",
            "sqlalchemy",
        },
        "models": {"desk_app.services", "desk_app.ui", "desk_app.printing", "desk_app.cli"},
        "services": {"desk_app.ui", "desk_app.cli"},
        "printing": {"desk_app.ui", "desk_app.cli", "desk_app.services", "desk_app.models"},
    }
    offenders = []
    for layer, banned in rules.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if any(name == b or name.startswith(b + ".") for b in banned):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_command_line_and_services_load_without_qt() -> None:
    code = (
        "import sys, desk_app.cli, desk_app.services.admin.auth, desk_app.services.admin.settings, "
        "desk_app.db, desk_app.models\n"
        "heavy = [m for m in ('PySide6', 'reportlab', 'qrcode', 'openpyxl') if m in sys.modules]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
