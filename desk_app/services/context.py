"""Who is acting: the logged-in user (GUI) or the admin command line."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from desk_app.domain.states import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role
    full_name: str = ""

    @property
    def is_system(self) -> bool:
        return self.user_id is None


def cli_actor() -> Actor:
    """The command line on an SQLite file (single-user mode, protected by the Windows account
    only): it acts as an administrator, recorded under the OS account name. On PostgreSQL the
    command line is the person of its own login instead (``admin.session_actor``), and the
    server writes the audit rows' actor from ``session_user``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Actor(user_id=None, username=f"cli:{name}"[:50], role=Role.ADMIN, full_name="CLI")
