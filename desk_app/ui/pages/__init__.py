"""The pages of the main window, in side-bar order (Ctrl+1 .. Ctrl+5)."""

from __future__ import annotations

from desk_app.ui.pages.applications_page import ApplicationsPage
from desk_app.ui.pages.base import BasePage
from desk_app.ui.pages.delivery_page import DeliveryPage
from desk_app.ui.pages.front_desk_page import FrontDeskPage
from desk_app.ui.pages.scan_page import ScanPage
from desk_app.ui.pages.summary_page import SummaryPage

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
