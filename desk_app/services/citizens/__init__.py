"""Citizens: find (search), create and edit, the card, contact history and the KVKK export.

The face of the package: the UI and the command line import these names from here. Each
module is loaded when one of its names is first used, so importing the face costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.services.facade import lazy_exports

if TYPE_CHECKING:
    from desk_app.services.citizens.contacts import (
        ContactObservationView,
        list_contact_observations,
        mark_reviewed,
    )
    from desk_app.services.citizens.export import export_citizen
    from desk_app.services.citizens.input import CitizenInput, validate_citizen
    from desk_app.services.citizens.records import (
        AddressView,
        ApplicationSummary,
        CitizenCard,
        CitizenView,
        DuplicateCitizen,
        RequestSummary,
        create_citizen,
        find_similar,
        get_citizen_card,
        served_mahalleler,
        update_citizen,
    )
    from desk_app.services.citizens.search import CitizenHit, search_citizens

__all__ = [
    "AddressView",
    "ApplicationSummary",
    "CitizenCard",
    "CitizenHit",
    "CitizenInput",
    "CitizenView",
    "ContactObservationView",
    "DuplicateCitizen",
    "RequestSummary",
    "create_citizen",
    "export_citizen",
    "find_similar",
    "get_citizen_card",
    "list_contact_observations",
    "mark_reviewed",
    "search_citizens",
    "served_mahalleler",
    "update_citizen",
    "validate_citizen",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "contacts": (
            "ContactObservationView",
            "list_contact_observations",
            "mark_reviewed",
        ),
        "export": ("export_citizen",),
        "input": (
            "CitizenInput",
            "validate_citizen",
        ),
        "records": (
            "AddressView",
            "ApplicationSummary",
            "CitizenCard",
            "CitizenView",
            "DuplicateCitizen",
            "RequestSummary",
            "create_citizen",
            "find_similar",
            "get_citizen_card",
            "served_mahalleler",
            "update_citizen",
        ),
        "search": (
            "CitizenHit",
            "search_citizens",
        ),
    },
)
