"""The pages of the main window, in side-bar order (Ctrl+1 .. Ctrl+6)."""

from __future__ import annotations

from desk_app.ui.applications.page import ApplicationsPage
from desk_app.ui.delivery.page import DeliveryPage
from desk_app.ui.kit.page import BasePage
from desk_app.ui.notify.page import NotificationsPage
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.scan.page import ScanPage
from desk_app.ui.summary.page import SummaryPage

PAGE_CLASSES: tuple[type[BasePage], ...] = (
    FrontDeskPage,
    ApplicationsPage,
    DeliveryPage,
    ScanPage,
    SummaryPage,
    NotificationsPage,
)

__all__ = [
    "PAGE_CLASSES",
    "ApplicationsPage",
    "BasePage",
    "DeliveryPage",
    "FrontDeskPage",
    "NotificationsPage",
    "ScanPage",
    "SummaryPage",
]
