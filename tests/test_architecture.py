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


FEATURES = (
    "citizens",
    "requests",
    "applications",
    "delivery",
    "reporting",
    "admin",
    "notify",
)
# Shared pieces of the service layer that every feature uses; the UI may import them directly.
SHARED_SERVICES = ("context", "permissions", "uow", "lookups", "references")


def _service_imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "desk_app.services" or node.module.startswith("desk_app.services."):
                found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("desk_app.services"):
                    found.append((alias.name, []))
    return found


def test_ui_and_command_line_import_services_only_through_package_faces() -> None:
    """``desk_app.services.<feature>`` is the face of a feature; its modules are its own."""
    allowed_modules = {"desk_app.services." + name for name in FEATURES + SHARED_SERVICES}
    offenders = []
    paths = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "cli.py", PACKAGE / "self_check.py"]
    for path in paths:
        for module, names in _service_imports(path):
            if module == "desk_app.services":
                bad = [n for n in names if n not in FEATURES + SHARED_SERVICES]
            elif module in allowed_modules:
                feature_dir = PACKAGE / "services" / module.rsplit(".", 1)[1]
                bad = [n for n in names if (feature_dir / f"{n}.py").exists()]
            else:
                bad = [module]
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)}: {module} {bad}")
    assert offenders == []


def test_service_modules_never_import_a_face_and_never_the_demo() -> None:
    """Inside the service layer a module imports the module that defines a name (faces load
    lazily and would hide import cycles); the demo generator is not a service."""
    faces = {"desk_app.services." + name for name in FEATURES}
    offenders = []
    for path in (PACKAGE / "services").rglob("*.py"):
        if path.name == "__init__.py":
            continue
        for module, names in _service_imports(path):
            if module in faces and not all(
                (PACKAGE / "services" / module.rsplit(".", 1)[1] / f"{n}.py").exists()
                for n in names
            ):
                offenders.append(f"{path.relative_to(PACKAGE)} imports the face {module}")
            if module == "desk_app.services" and any(n in FEATURES for n in names):
                offenders.append(f"{path.relative_to(PACKAGE)} imports a face from services")
        if any(name.startswith("desk_app.demo") for name in _imports(path)):
            offenders.append(f"{path.relative_to(PACKAGE)} imports the demo generator")
    assert offenders == []


def test_every_name_of_a_face_resolves() -> None:
    import importlib

    for feature in FEATURES:
        face = importlib.import_module(f"desk_app.services.{feature}")
        for name in face.__all__:
            assert getattr(face, name) is not None, (feature, name)


def test_the_folder_tree_reads_as_the_feature_list() -> None:
    services = {p.name for p in (PACKAGE / "services").iterdir() if (p / "__init__.py").exists()}
    ui = {p.name for p in (PACKAGE / "ui").iterdir() if (p / "__init__.py").exists()}
    assert services == set(FEATURES)
    assert ui == {
        "kit",
        "session",
        "citizens",
        "requests",
        "applications",
        "delivery",
        "scan",
        "summary",
        "notify",
    }
    assert (PACKAGE / "demo" / "__init__.py").exists()


def test_colours_are_named_in_the_palette() -> None:
    """The windows' colours come from ui/kit/palette.py by name; a hex code written in a page
    would be a colour the palette (and the look of every other page) does not know."""
    import re

    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if path != PACKAGE / "ui" / "kit" / "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hex_colour.search(line)
    ]
    assert offenders == []
