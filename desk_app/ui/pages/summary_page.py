"""The supervisor's summary: volumes, overdue requests, pipeline, exports."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.domain.states import Role
from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage


class SummaryPage(BasePage):
    key = "summary"
    roles = frozenset({Role.SUPERVISOR, Role.ADMIN})

    @classmethod
    def title(cls) -> str:
        return tr("Özet")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_placeholder(
            tr(
                "Kanal ve müdürlüğe göre talep sayıları, geciken talepler, başvuru hattı, ekip "
                "başına teslimatlar ve başvurudan teslime geçen süre burada özetlenecek; yıllık"
                " rapor için dışa aktarım da buradan yapılacak."
            )
        )
