"""SQLAlchemy 2 typed entities. Importing this package registers every table on Base.metadata."""

from desk_app.models.babyset import ACTIVE_BABY_STATES, ApplicationEvent, BabySetApplication
from desk_app.models.base import Base, UTCDateTime, utcnow
from desk_app.models.citizen import Address, Citizen
from desk_app.models.contact import ContactObservation
from desk_app.models.delivery import (
    Delivery,
    DeliveryAttempt,
    PickupSlot,
    PickupWindow,
    SetEdition,
    StockMovement,
    Team,
    TeamDay,
)
from desk_app.models.notify import SmsMessage
from desk_app.models.reference import Category, Channel, Directorate, Mahalle
from desk_app.models.request import Request, RequestEvent
from desk_app.models.system import (
    AuditLog,
    DestructionRecord,
    InstallationSecret,
    ReferenceCounter,
    Setting,
    User,
)

__all__ = [
    "ACTIVE_BABY_STATES",
    "Address",
    "ApplicationEvent",
    "AuditLog",
    "BabySetApplication",
    "Base",
    "Category",
    "Channel",
    "Citizen",
    "ContactObservation",
    "Delivery",
    "DeliveryAttempt",
    "DestructionRecord",
    "Directorate",
    "InstallationSecret",
    "Mahalle",
    "PickupSlot",
    "PickupWindow",
    "ReferenceCounter",
    "Request",
    "RequestEvent",
    "SetEdition",
    "Setting",
    "SmsMessage",
    "StockMovement",
    "Team",
    "TeamDay",
    "UTCDateTime",
    "User",
    "utcnow",
]
