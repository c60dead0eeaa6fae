"""Delivery planning: home deliveries by team and desk pickups."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage


class DeliveryPage(BasePage):
    key = "delivery"

    @classmethod
    def title(cls) -> str:
        return tr("Teslimat")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_placeholder(
            tr(
                "Onaylanan başvurular için adrese teslim veya masadan teslim alma planlanacak; "
                "ekiplere günlük rota ve karekodlu teslim fişleri buradan basılacak."
            )
        )
