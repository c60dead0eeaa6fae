"""Package faces that load a module only when one of its names is first used.

A feature package's ``__init__`` lists what the UI and the command line may use and where it
lives; importing the package costs nothing, so the login window does not wait for ReportLab or
the importer, and modules inside a package never import their own face (no import cycles).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, tuple[str, ...]]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that imports ``package.<module>`` for its names."""
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
