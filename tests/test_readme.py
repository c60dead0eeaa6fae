"""The README's roles table says exactly what the services enforce."""

from __future__ import annotations

import re
from pathlib import Path

from desk_app.domain.states import Role
from desk_app.services.permissions import ROLE_MATRIX, Action

README = Path(__file__).resolve().parents[1] / "README.md"


def test_roles_table_matches_the_role_matrix() -> None:
    rows: dict[str, set[Role]] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z_]+)` — [^|]*\|(.*)\|\s*$", line)
        if match:
            cells = [c.strip() for c in match.group(2).split("|")]
            roles = [Role.DESK, Role.SUPERVISOR, Role.ADMIN]
            rows[match.group(1)] = {r for r, c in zip(roles, cells, strict=True) if c == "✓"}
    assert rows == {action.value: set(roles) for action, roles in ROLE_MATRIX.items()}
    assert set(rows) == {a.value for a in Action}
