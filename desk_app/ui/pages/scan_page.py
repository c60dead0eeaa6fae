"""Scan-back: confirm the slips a delivery team brings back."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage


class ScanPage(BasePage):
    key = "scan"

    @classmethod
    def title(cls) -> str:
        return tr("Tarama")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_placeholder(
            tr(
                "Ekip dönünce teslim fişlerinin karekodu buradan okutulacak (veya kısa kod "
                "yazılacak); teslim alan kişi ya da teslim edilememe nedeni kaydedilecek."
            )
        )
