"""Requests (talepler): record, route, answer, inform; lists and views.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.requests.actions import (
        add_answer,
        add_note,
        change_status,
        forward_request,
        record_informed,
    )
    from desk_app.services.requests.common import (
        EVENT_FORWARDED,
        INFORMED_VIA_LABELS,
        OPEN_STATUSES,
        RequestConflict,
        RequestDetail,
        RequestEventView,
        RequestRow,
        status_label,
    )
    from desk_app.services.requests.query import (
        RequestFilter,
        count_requests,
        count_requests_marked,
        list_requests,
        list_requests_after,
        list_requests_before,
        list_requests_from_end,
    )
    from desk_app.services.requests.records import (
        DEFAULT_DUE_DAYS,
        RequestInput,
        RequestInvalid,
        add_due_days,
        change_marker,
        create_request,
        due_date_for,
        get_request,
        validate_request,
    )

__all__ = [
    "DEFAULT_DUE_DAYS",
    "EVENT_FORWARDED",
    "INFORMED_VIA_LABELS",
    "OPEN_STATUSES",
    "RequestConflict",
    "RequestDetail",
    "RequestEventView",
    "RequestFilter",
    "RequestInput",
    "RequestInvalid",
    "RequestRow",
    "add_answer",
    "add_due_days",
    "add_note",
    "change_marker",
    "change_status",
    "count_requests",
    "count_requests_marked",
    "create_request",
    "due_date_for",
    "forward_request",
    "get_request",
    "list_requests",
    "list_requests_after",
    "list_requests_before",
    "list_requests_from_end",
    "record_informed",
    "status_label",
    "validate_request",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "actions": (
            "add_answer",
            "add_note",
            "change_status",
            "forward_request",
            "record_informed",
        ),
        "common": (
            "EVENT_FORWARDED",
            "INFORMED_VIA_LABELS",
            "OPEN_STATUSES",
            "RequestConflict",
            "RequestDetail",
            "RequestEventView",
            "RequestRow",
            "status_label",
        ),
        "query": (
            "RequestFilter",
            "count_requests",
            "count_requests_marked",
            "list_requests",
            "list_requests_after",
            "list_requests_before",
            "list_requests_from_end",
        ),
        "records": (
            "DEFAULT_DUE_DAYS",
            "RequestInput",
            "RequestInvalid",
            "add_due_days",
            "change_marker",
            "create_request",
            "due_date_for",
            "get_request",
            "validate_request",
        ),
    },
)
