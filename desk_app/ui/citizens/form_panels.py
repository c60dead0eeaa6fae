"""The two notices of the citizen form: "this person is probably already registered" (with a
button to open that record instead) and "another desk changed this record" (what the clerk typed
beside the other desk's current values, with buttons to load them or save over them)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.services.citizens import CitizenHit, CitizenInput, CitizenView
from desk_app.ui.citizens.table_models import matched_text
from desk_app.ui.kit import palette
from desk_app.ui.kit.i18n import tr

BLOCKING_STYLE = (
    f"QFrame#duplicate_panel {{ border: 2px solid {palette.ERROR_BORDER}; border-radius: 6px;"
    f" background: {palette.ERROR_SURFACE}; }}"
)
WARNING_STYLE = (
    f"QFrame#duplicate_panel {{ border: 2px solid {palette.WARNING_BORDER}; border-radius:"
    f" 6px; background: {palette.WARNING_SURFACE}; }}"
)
CONFLICT_STYLE = (
    f"QFrame#conflict_panel {{ border: 2px solid {palette.ERROR_BORDER}; border-radius: 6px;"
    f" background: {palette.ERROR_SURFACE}; }}"
)
DIFF_STYLE = f"background: {palette.CHANGED_SURFACE}; font-weight: 600;"


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def hit_line(hit: CitizenHit) -> str:
    """ "Ayşe Yılmaz · 123******90 · 0 532 123 45 67 · Ulukavak · bulundu: TC" """
    parts = [hit.full_name, hit.tc_masked, hit.phone_display, hit.mahalle, matched_text(hit)]
    return " · ".join(p for p in parts if p)


class DuplicatePanel(QFrame):
    """Records that are probably the person being typed; ``open_requested(citizen_id)``."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_panel")
        self.message_label = _bold(QLabel(self))
        self.message_label.setObjectName("duplicate_message")
        self.message_label.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.message_label)
        layout.addLayout(self.rows)
        self.hits: list[CitizenHit] = []
        self.open_buttons: list[QPushButton] = []
        self.setVisible(False)

    @property
    def blocking(self) -> bool:
        return any(hit.matched_by == "tc" for hit in self.hits)

    def show_hits(self, hits: Sequence[CitizenHit]) -> None:
        """Show the matches (hide the panel when there are none)."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.hits = list(hits)
        self.open_buttons = []
        if not hits:
            self.setVisible(False)
            return
        if self.blocking:
            self.setStyleSheet(BLOCKING_STYLE)
            self.message_label.setText(
                tr(
                    "Bu T.C. Kimlik No ile kayıtlı bir vatandaş var. Yeni kayıt açmak yerine "
                    "mevcut kaydı açın."
                )
            )
        elif all(hit.matched_by == "shared_phone" for hit in hits):
            self.setStyleSheet(WARNING_STYLE)
            self.message_label.setText(
                tr(
                    "Bu telefon başka bir vatandaşın kaydında var. Aynı aileden değilse "
                    "numarayı vatandaşa yeniden sorun; doğruysa kaydedebilirsiniz."
                )
            )
        else:
            self.setStyleSheet(WARNING_STYLE)
            self.message_label.setText(
                tr(
                    "Aynı telefonla benzer adlı bir kayıt var; aynı kişi olabilir. "
                    "Önce mevcut kaydı kontrol edin."
                )
            )
        for hit in hits:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(hit_line(hit), row)
            text.setObjectName("duplicate_hit")
            text.setWordWrap(True)
            button = QPushButton(tr("Bu kaydı aç"), row)
            button.setObjectName("open_existing_button")
            button.setAutoDefault(False)
            button.setProperty("citizen_id", hit.citizen_id)
            button.clicked.connect(self.on_open_clicked)
            line.addWidget(text, 1)
            line.addWidget(button)
            self.rows.addWidget(row)
            self.open_buttons.append(button)
        self.setVisible(True)

    @Slot()
    def on_open_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.open_requested.emit(int(button.property("citizen_id")))


# --- conflict ---------------------------------------------------------------------------


def input_rows(data: CitizenInput, tc_shown: str) -> list[tuple[str, str]]:
    address = ""
    if data.mahalle.strip() or data.street.strip():
        address = tr("{0}, {1} No: {2}").format(
            data.mahalle.strip(), data.street.strip(), data.building_no.strip()
        )
        if data.apartment_no.strip():
            address += tr(" D: {0}").format(data.apartment_no.strip())
    return [
        (tr("Ad Soyad"), f"{data.first_name.strip()} {data.last_name.strip()}".strip()),
        (tr("T.C. Kimlik No"), tc_shown),
        (tr("Telefon"), data.phone.strip()),
        (tr("E-posta"), data.email.strip()),
        (tr("Adres"), address),
        (tr("Notlar"), data.notes.strip()),
    ]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class ConflictPanel(QFrame):
    """``load_requested()``: take the other desk's values; ``overwrite_requested()``: save what
    this clerk typed over them."""

    load_requested = Signal()
    overwrite_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_panel")
        self.setStyleSheet(CONFLICT_STYLE)
        self.message_label = _bold(QLabel(self))
        self.message_label.setObjectName("conflict_message")
        self.message_label.setWordWrap(True)
        self.message_label.setText(
            tr(
                "Bu kayıt siz düzenlerken başka bir masada değiştirildi; değişiklikleriniz "
                "kaydedilmedi. Yazdıklarınız formda duruyor; diğer masanın kaydettiği güncel "
                "hâli aşağıda."
            )
        )
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.load_button = QPushButton(tr("Güncel hâli forma yükle"), self)
        self.load_button.setObjectName("load_theirs_button")
        self.load_button.setAutoDefault(False)
        self.load_button.clicked.connect(self.load_requested)
        self.overwrite_button = QPushButton(tr("Yazdıklarımla üzerine kaydet"), self)
        self.overwrite_button.setObjectName("overwrite_button")
        self.overwrite_button.setAutoDefault(False)
        self.overwrite_button.clicked.connect(self.overwrite_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.overwrite_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.message_label)
        layout.addLayout(self.grid)
        layout.addLayout(buttons)
        self.theirs_labels: dict[str, QLabel] = {}
        self.setVisible(False)

    def show_conflict(
        self, mine: CitizenInput, mine_tc: str, theirs: CitizenInput, theirs_tc: str
    ) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.theirs_labels = {}
        for column, title in enumerate(
            ("", tr("Sizin yazdığınız"), tr("Diğer masadaki güncel hâli"))
        ):
            self.grid.addWidget(_bold(QLabel(title, self)), 0, column)
        mine_rows = input_rows(mine, mine_tc)
        theirs_rows = input_rows(theirs, theirs_tc)
        for row, ((title, my_value), (_t, their_value)) in enumerate(
            zip(mine_rows, theirs_rows, strict=True), start=1
        ):
            differs = not _same(my_value, their_value)
            name = QLabel(title, self)
            mine_label = QLabel(my_value or "—", self)
            their_label = QLabel(their_value or "—", self)
            their_label.setObjectName("theirs_value")
            for label in (mine_label, their_label):
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if differs:
                    label.setStyleSheet(DIFF_STYLE)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(mine_label, row, 1)
            self.grid.addWidget(their_label, row, 2)
            self.theirs_labels[title] = their_label
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.setVisible(True)


def view_to_input(view: CitizenView) -> CitizenInput:
    """The form values of a saved citizen."""
    address = view.address
    return CitizenInput(
        first_name=view.first_name,
        last_name=view.last_name,
        tc_kimlik_no=view.tc_kimlik_no or "",
        phone=view.phone_display or "",
        email=view.email or "",
        mahalle=address.mahalle if address else "",
        street=address.street if address else "",
        building_no=address.building_no if address else "",
        apartment_no=address.apartment_no if address else "",
        notes=view.notes or "",
    )
