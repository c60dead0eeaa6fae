"""Users and login, settings, backup and restore, KVKK retention.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.admin.auth import (
        LoginFailed,
        UserView,
        add_login,
        add_user,
        create_first_admin,
        list_users,
        login,
        needs_first_admin,
        open_session,
        reset_password,
        session_actor,
        set_active,
        set_role,
        unlock,
        verify_password,
    )
    from desk_app.services.admin.backups import (
        KEEP_RESTORE_COPIES,
        backup,
        inspect_backup,
        list_restore_copies,
        restore,
    )
    from desk_app.services.admin.login_log import collect_refused_logins
    from desk_app.services.admin.retention import run_retention
    from desk_app.services.admin.settings import DEFAULTS, get_all, set_value

__all__ = [
    "DEFAULTS",
    "KEEP_RESTORE_COPIES",
    "LoginFailed",
    "UserView",
    "add_login",
    "add_user",
    "backup",
    "collect_refused_logins",
    "create_first_admin",
    "get_all",
    "inspect_backup",
    "list_restore_copies",
    "list_users",
    "login",
    "needs_first_admin",
    "open_session",
    "reset_password",
    "restore",
    "run_retention",
    "session_actor",
    "set_active",
    "set_role",
    "set_value",
    "unlock",
    "verify_password",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "auth": (
            "LoginFailed",
            "UserView",
            "add_login",
            "add_user",
            "create_first_admin",
            "list_users",
            "login",
            "needs_first_admin",
            "open_session",
            "reset_password",
            "session_actor",
            "set_active",
            "set_role",
            "unlock",
            "verify_password",
        ),
        "login_log": ("collect_refused_logins",),
        "backups": (
            "KEEP_RESTORE_COPIES",
            "backup",
            "inspect_backup",
            "list_restore_copies",
            "restore",
        ),
        "retention": ("run_retention",),
        "settings": (
            "DEFAULTS",
            "get_all",
            "set_value",
        ),
    },
)
