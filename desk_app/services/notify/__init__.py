"""SMS to families: the outbox, its templates, the sender and its providers.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.notify.length import SmsLength, sms_length
    from desk_app.services.notify.manage import (
        STATUS_LABELS,
        STATUSES,
        MessageRow,
        cancel_message,
        citizen_messages,
        list_messages,
        make_sender,
        message_counts,
        queue_reminders,
        reminded_delivery_ids,
        retry_message,
        run_sender_once,
        set_sms_opt_out,
        sms_opt_out,
    )
    from desk_app.services.notify.providers import ProviderNotConfigured
    from desk_app.services.notify.sender import RunStats, Sender
    from desk_app.services.notify.templates import (
        DEFAULT_TEMPLATES,
        FIELDS,
        KIND_LABELS,
        SAMPLE,
        Kind,
        check_template,
        render_text,
        setting_key,
    )

__all__ = [
    "DEFAULT_TEMPLATES",
    "FIELDS",
    "KIND_LABELS",
    "SAMPLE",
    "STATUSES",
    "STATUS_LABELS",
    "Kind",
    "MessageRow",
    "ProviderNotConfigured",
    "RunStats",
    "Sender",
    "SmsLength",
    "cancel_message",
    "check_template",
    "citizen_messages",
    "list_messages",
    "make_sender",
    "message_counts",
    "queue_reminders",
    "reminded_delivery_ids",
    "render_text",
    "retry_message",
    "run_sender_once",
    "set_sms_opt_out",
    "setting_key",
    "sms_length",
    "sms_opt_out",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "manage": (
            "STATUSES",
            "STATUS_LABELS",
            "MessageRow",
            "cancel_message",
            "citizen_messages",
            "list_messages",
            "make_sender",
            "message_counts",
            "queue_reminders",
            "reminded_delivery_ids",
            "retry_message",
            "run_sender_once",
            "set_sms_opt_out",
            "sms_opt_out",
        ),
        "providers": ("ProviderNotConfigured",),
        "sender": ("RunStats", "Sender"),
        "templates": (
            "DEFAULT_TEMPLATES",
            "FIELDS",
            "KIND_LABELS",
            "SAMPLE",
            "Kind",
            "check_template",
            "render_text",
            "setting_key",
        ),
        "length": ("SmsLength", "sms_length"),
    },
)
