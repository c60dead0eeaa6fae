"""The front desk page: citizens and their requests."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage


class FrontDeskPage(BasePage):
    key = "requests"

    @classmethod
    def title(cls) -> str:
        return tr("Ön Masa")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_placeholder(
            tr(
                "Vatandaşı bulun veya yeni kayıt açın; yüz yüze ya da başka kanaldan gelen "
                "talebi kaydedip ilgili müdürlüğe yönlendirin, müdürlüğün cevabını ve "
                "vatandaşın bilgilendirildiğini buraya işleyin."
            )
        )
