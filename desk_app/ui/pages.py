"""The pages of the main window, in side-bar order (Ctrl+1 .. Ctrl+5)."""

from __future__ import annotations

from desk_app.ui.applications.page import ApplicationsPage
from desk_app.ui.delivery.page import DeliveryPage
from desk_app.ui.kit.page import BasePage
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.scan.page import ScanPage
from desk_app.ui.summary.page import SummaryPage

PAGE_CLASSES: tuple[type[BasePage], ...] = (
    FrontDeskPage,
    ApplicationsPage,
    DeliveryPage,
    ScanPage,
    SummaryPage,
)

__all__ = [
    "PAGE_CLASSES",
    "ApplicationsPage",
    "BasePage",
    "DeliveryPage",
    "FrontDeskPage",
    "ScanPage",
    "SummaryPage",
]
