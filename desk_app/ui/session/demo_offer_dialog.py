"""After the first administrator is created: offer to fill the database with a demo year."""

from __future__ import annotations

import importlib.util
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.services.context import Actor
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, run_with_progress
from desk_app.ui.kit.widgets import hint_label


def demo_available() -> bool:
    """Whether this build ships the demo data generator."""
    try:
        return importlib.util.find_spec("desk_app.demo") is not None
    except (ImportError, ValueError):
        return False


class DemoOfferDialog(QDialog):
    """ "Örnek veri yüklensin mi?" — accepted means: load a demo year (``year``)."""

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo_offer_dialog")
        self.setWindowTitle(tr("Örnek veri"))
        self.setMinimumWidth(520)

        question = QLabel(tr("Örnek veri yüklensin mi?"), self)
        font = question.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        question.setFont(font)
        explanation = hint_label(
            tr(
                "Deneme ve eğitim için bir yıllık gerçekçi kayıt oluşturulur: vatandaşlar, "
                "talepler, Hoş Geldin Bebek başvuruları ve teslimatlar. İçinde bulunulan yıl "
                "seçilirse kayıtlar bugünde biter ve her sayfada bekleyen iş olur. Gerçek "
                "kullanımda boş başlayın; örnek veriler gerçek kişilere ait değildir."
            ),
            self,
        )
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("year_spin")
        this_year = date.today().year
        self.year_spin.setRange(2015, this_year)
        # The current year leaves live work on every page (waiting applications, bookings).
        self.year_spin.setValue(year if year is not None else this_year)
        self.year_spin.setGroupSeparatorShown(False)
        form = QFormLayout()
        form.addRow(tr("Yıl:"), self.year_spin)

        buttons = QDialogButtonBox(self)
        self.load_button = buttons.addButton(
            tr("Örnek veriyi yükle"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.load_button.setObjectName("load_button")
        self.skip_button = buttons.addButton(
            tr("Boş başla"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.skip_button.setObjectName("skip_button")
        self.skip_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def year(self) -> int:
        return self.year_spin.value()


def load_demo_in_background(
    parent: QWidget | None, ctx: AppContext, actor: Actor, year: int
) -> BackgroundTask:
    """Run the demo generator with a cancellable progress dialog; returns the running task."""
    db = ctx.db

    def work(progress: ProgressFn) -> Any:
        from desk_app.demo import generate_demo  # written alongside; imported lazily

        return generate_demo(db, actor, year=year, seed=1, progress=progress)

    return run_with_progress(
        parent,
        tr("Örnek veri yükleniyor"),
        work,
        label=tr("{0} yılı için örnek veri hazırlanıyor…").format(year),
    )
