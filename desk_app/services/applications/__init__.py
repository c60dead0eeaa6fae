"""Hoş Geldin Bebek applications: registration, eligibility, duplicates, decisions, lists and the
web import.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.applications.common import (
        ACTION_CANCEL,
        ACTION_DECIDE_DUPLICATE,
        ACTION_OVERRIDE,
        DUPLICATE_REASON_LABELS,
        EVENT_KIND_LABELS,
        AlreadyImported,
        ApplicationDetail,
        ApplicationEventView,
        ApplicationInput,
        ApplicationInvalid,
        ApplicationResult,
        DuplicateCandidate,
        baby_key,
        status_label,
    )
    from desk_app.services.applications.decisions import (
        cancel_application,
        decide_duplicate,
        override_ineligible,
    )
    from desk_app.services.applications.duplicates import find_duplicates
    from desk_app.services.applications.importer import import_applications, write_error_report
    from desk_app.services.applications.input import validate_application
    from desk_app.services.applications.query import (
        ApplicationFilter,
        ApplicationRow,
        count_applications,
        get_application,
        list_applications_after,
        list_applications_at,
        list_applications_before,
    )
    from desk_app.services.applications.register import (
        current_rules,
        register_application,
        register_in_session,
    )

__all__ = [
    "ACTION_CANCEL",
    "ACTION_DECIDE_DUPLICATE",
    "ACTION_OVERRIDE",
    "DUPLICATE_REASON_LABELS",
    "EVENT_KIND_LABELS",
    "AlreadyImported",
    "ApplicationDetail",
    "ApplicationEventView",
    "ApplicationFilter",
    "ApplicationInput",
    "ApplicationInvalid",
    "ApplicationResult",
    "ApplicationRow",
    "DuplicateCandidate",
    "baby_key",
    "cancel_application",
    "count_applications",
    "current_rules",
    "decide_duplicate",
    "find_duplicates",
    "get_application",
    "import_applications",
    "list_applications_after",
    "list_applications_at",
    "list_applications_before",
    "override_ineligible",
    "register_application",
    "register_in_session",
    "status_label",
    "validate_application",
    "write_error_report",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "common": (
            "ACTION_CANCEL",
            "ACTION_DECIDE_DUPLICATE",
            "ACTION_OVERRIDE",
            "AlreadyImported",
            "ApplicationDetail",
            "ApplicationEventView",
            "ApplicationInput",
            "ApplicationInvalid",
            "ApplicationResult",
            "DUPLICATE_REASON_LABELS",
            "DuplicateCandidate",
            "EVENT_KIND_LABELS",
            "baby_key",
            "status_label",
        ),
        "decisions": (
            "cancel_application",
            "decide_duplicate",
            "override_ineligible",
        ),
        "duplicates": ("find_duplicates",),
        "importer": (
            "import_applications",
            "write_error_report",
        ),
        "input": ("validate_application",),
        "query": (
            "ApplicationFilter",
            "ApplicationRow",
            "count_applications",
            "get_application",
            "list_applications_after",
            "list_applications_at",
            "list_applications_before",
        ),
        "register": (
            "current_rules",
            "register_application",
            "register_in_session",
        ),
    },
)
