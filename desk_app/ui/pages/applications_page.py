"""Hoş Geldin Bebek applications: registering and reviewing them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage


class ApplicationsPage(BasePage):
    key = "applications"

    @classmethod
    def title(cls) -> str:
        return tr("Başvurular")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_placeholder(
            tr(
                "Hoş Geldin Bebek başvuruları burada listelenecek: masada yeni başvuru kaydı, "
                "web sitesinden gelenlerin incelenmesi, uygunluk sonucu ve mükerrer şüphesi "
                "kararları."
            )
        )
