"""The citizen card: contact data, the current address and its history, every request of the
person (all channels) and every baby-set application. Opening it records the KVKK read (the
service does). From here the clerk edits the record or starts a new request for the person."""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.domain.tckn import mask_tckn
from desk_app.services import citizens as citizens_service
from desk_app.services.citizens import CitizenCard, CitizenView
from desk_app.services.permissions import Action, allowed
from desk_app.ui.citizens.form_dialog import CitizenFormDialog
from desk_app.ui.citizens.table_models import (
    ID_ROLE,
    AddressHistoryTableModel,
    CitizenApplicationsTableModel,
    CitizenRequestsTableModel,
    ContactObservationsTableModel,
    RowsTableModel,
    address_line,
)
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.tasks import run_op
from desk_app.ui.kit.widgets import HINT_STYLE
from desk_app.ui.notify.citizen_panel import CitizenSmsPanel

REQUEST_DETAIL_MODULE = "desk_app.ui.requests.detail_dialog"
NewRequestHook = Callable[..., Any]


def _table(model: RowsTableModel[Any], name: str, stretch: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    # Tab leaves the table for the next control (not the next cell), so Tab/Shift+Tab reach
    # every button of the card.
    view.setTabKeyNavigation(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def request_detail_available() -> bool:
    return importlib.util.find_spec(REQUEST_DETAIL_MODULE) is not None


class CitizenCardDialog(QDialog):
    """``citizen_changed(CitizenView)`` after the record was edited from here;
    ``form_opened(CitizenFormDialog)``, ``card_requested(citizen_id)`` (the clerk chose another
    record from the form's duplicate notice), ``request_opened(dialog)``."""

    citizen_changed = Signal(object)
    form_opened = Signal(object)
    card_requested = Signal(int)
    request_opened = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        card: CitizenCard,
        parent: QWidget | None = None,
        *,
        new_request: NewRequestHook | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card = card
        self.citizen_id = card.citizen.id
        self.new_request = new_request
        self.form: CitizenFormDialog | None = None
        self.may_see_tc = allowed(ctx.user, Action.VIEW_FULL_TCKN)
        self.setObjectName("citizen_card_dialog")

        self.name_label = QLabel(self)
        self.name_label.setObjectName("name_label")
        font = QFont(self.name_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        contact_box = QGroupBox(tr("İletişim"), self)
        contact = QFormLayout(contact_box)
        self.tc_label = self._value("tc_label")
        self.phone_label = self._value("phone_label")
        self.email_label = self._value("email_label")
        self.notes_label = self._value("notes_label")
        self.notes_label.setWordWrap(True)
        contact.addRow(tr("T.C. Kimlik No:"), self.tc_label)
        contact.addRow(tr("Telefon:"), self.phone_label)
        contact.addRow(tr("E-posta:"), self.email_label)
        contact.addRow(tr("Notlar:"), self.notes_label)

        address_box = QGroupBox(tr("Adres"), self)
        self.address_label = self._value("address_label")
        self.address_label.setWordWrap(True)
        self.address_model = AddressHistoryTableModel(parent=self)
        self.address_table = _table(self.address_model, "address_table", 0)
        self.address_table.setMaximumHeight(120)
        address = QVBoxLayout(address_box)
        address.addWidget(self.address_label)
        address.addWidget(self.address_table)

        top = QHBoxLayout()
        top.addWidget(contact_box, 2)
        top.addWidget(address_box, 3)

        self.requests_model = CitizenRequestsTableModel(parent=self)
        self.requests_table = _table(self.requests_model, "requests_table", 3)
        # activated: a double click or Enter on the row (both at once would open it twice).
        self.requests_table.activated.connect(self.on_request_double_clicked)
        self.applications_model = CitizenApplicationsTableModel(parent=self)
        self.applications_table = _table(self.applications_model, "applications_table", 2)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("card_tabs")
        self.tabs.addTab(self.requests_table, "")
        self.tabs.addTab(self.applications_table, "")
        # Point of review: what the web export said differently (never written over the card).
        self.observations_model = ContactObservationsTableModel(parent=self)
        self.observations_table = _table(self.observations_model, "observations_table", 3)
        self.reviewed_button = QPushButton(tr("İncelendi olarak işaretle"), self)
        self.reviewed_button.setObjectName("reviewed_button")
        self.reviewed_button.setAutoDefault(False)
        self.reviewed_button.setToolTip(
            tr("Farklılıkları gördüğünüzü kaydeder; gerekiyorsa kaydı Düzenle ile düzeltin.")
        )
        self.reviewed_button.clicked.connect(self.on_reviewed_clicked)
        observations_page = QWidget(self)
        observations_layout = QVBoxLayout(observations_page)
        observations_hint = QLabel(
            tr(
                "Web başvurusunda bu kişi için masadaki kayıttan farklı bilgi geldi. Kayıt "
                "değiştirilmedi; doğru olanı vatandaşa sorup gerekirse Düzenle ile güncelleyin."
            ),
            observations_page,
        )
        observations_hint.setWordWrap(True)
        observations_hint.setStyleSheet(HINT_STYLE)
        observations_layout.addWidget(observations_hint)
        observations_layout.addWidget(self.observations_table, 1)
        observations_layout.addWidget(self.reviewed_button, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(observations_page, "")
        self.sms_panel = CitizenSmsPanel(ctx, self.citizen_id, self)  # "SMS istemiyor", messages
        self.sms_panel.loaded.connect(lambda n: self.tabs.setTabText(3, tr("SMS ({0})").format(n)))
        self.tabs.addTab(self.sms_panel, tr("SMS"))
        self.tabs_hint = QLabel(self)
        self.tabs_hint.setStyleSheet(HINT_STYLE)

        self.edit_button = QPushButton(tr("Düzenle"), self)
        self.edit_button.setObjectName("edit_button")
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.on_edit_clicked)
        QShortcut(QKeySequence("Ctrl+E"), self, self.on_edit_clicked)
        self.edit_button.setToolTip(tr("Kaydı düzenle (Ctrl+E)"))
        self.new_request_button = QPushButton(tr("Yeni talep"), self)
        self.new_request_button.setObjectName("new_request_button")
        self.new_request_button.setAutoDefault(False)
        self.new_request_button.setVisible(new_request is not None)
        self.new_request_button.clicked.connect(self.on_new_request_clicked)
        self.new_request_button.setToolTip(tr("Bu kişi için yeni talep (Ctrl+N)"))
        if new_request is not None:
            QShortcut(QKeySequence("Ctrl+N"), self, self.on_new_request_clicked)
        self.close_button = QPushButton(tr("Kapat"), self)
        self.close_button.setObjectName("close_button")
        # Not a default button: Enter on a table row opens the row, it must not close the card
        # (Esc closes it; Enter on the focused Kapat button still does).
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tabs_hint, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.new_request_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.show_card(card)
        fit_to_screen(self, 1040, 680)
        self.requests_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _value(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- showing ------------------------------------------------------------------------------
    def tc_text(self, citizen: CitizenView) -> str:
        if not citizen.tc_kimlik_no:
            return "—"
        return citizen.tc_kimlik_no if self.may_see_tc else mask_tckn(citizen.tc_kimlik_no)

    def show_card(self, card: CitizenCard) -> None:
        self.card = card
        citizen = card.citizen
        self.setWindowTitle(tr("Vatandaş kartı — {0}").format(citizen.full_name))
        self.name_label.setText(citizen.full_name)
        self.tc_label.setText(self.tc_text(citizen))
        self.phone_label.setText(citizen.phone_display or "—")
        self.email_label.setText(citizen.email or "—")
        self.notes_label.setText(citizen.notes or "—")
        current = citizen.address
        if current is None:
            self.address_label.setText(tr("Kayıtlı adres yok."))
        else:
            text = address_line(current)
            if not current.served:
                text += tr(" (hizmet verilen mahalleler dışında)")
            self.address_label.setText(text)
        self.address_model.set_rows(card.addresses)
        self.address_table.setVisible(bool(card.addresses))
        self.requests_model.set_rows(card.requests)
        self.applications_model.set_rows(card.applications)
        self.tabs.setTabText(0, tr("Talepler ({0})").format(len(card.requests)))
        self.tabs.setTabText(1, tr("Bebek seti başvuruları ({0})").format(len(card.applications)))
        self.show_observations()
        if card.requests and request_detail_available():
            self.tabs_hint.setText(tr("Talebin ayrıntısı için satıra çift tıklayın."))
        else:
            self.tabs_hint.setText("")

    def show_observations(self) -> None:
        """The web import's differing contact details, read off the GUI thread."""
        db, user, citizen_id = self.ctx.db, self.ctx.user, self.citizen_id
        run_op(
            self,
            lambda: citizens_service.list_contact_observations(db, user, citizen_id=citizen_id),
            self._observations_loaded,
            on_failed=lambda _exc: self._observations_loaded([]),
            busy=(),
            latest_only="observations",
        )

    def _observations_loaded(self, rows: Sequence[Any]) -> None:
        self.observations_model.set_rows(list(rows))
        self.reviewed_button.setEnabled(bool(rows))
        self.tabs.setTabText(2, tr("Web'den gelen farklılıklar ({0})").format(len(rows)))
        self.tabs.setTabVisible(2, bool(rows))

    @Slot()
    def on_reviewed_clicked(self) -> None:
        ids = [o.id for o in self.observations_model.rows()]
        db, user = self.ctx.db, self.ctx.user
        run_op(
            self,
            lambda: citizens_service.mark_reviewed(db, user, ids),
            lambda _result: self.show_observations(),
            error_title=tr("Vatandaş kartı"),
            disable=(self.reviewed_button,),
        )

    def reload(self) -> None:
        db, user, citizen_id = self.ctx.db, self.ctx.user, self.citizen_id
        run_op(
            self,
            lambda: citizens_service.get_citizen_card(db, user, citizen_id),
            self.show_card,
            error_title=tr("Vatandaş kartı"),
            latest_only="card",
        )

    # --- actions ------------------------------------------------------------------------------
    @Slot()
    def on_edit_clicked(self) -> CitizenFormDialog:
        if self.form is not None and shiboken6.isValid(self.form) and self.form.isVisible():
            self.form.raise_()
            self.form.activateWindow()
            return self.form
        form = CitizenFormDialog(self.ctx, self, citizen=self.card.citizen)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.citizen_saved.connect(self.on_citizen_saved)
        form.existing_opened.connect(self.card_requested)
        self.form = form
        form.open()
        self.form_opened.emit(form)
        return form

    @Slot(object)
    def on_citizen_saved(self, view: object) -> None:
        self.reload()
        self.citizen_changed.emit(view)

    @Slot()
    def on_new_request_clicked(self) -> None:
        hook = self.new_request
        if hook is None:
            return
        citizen = self.card.citizen
        try:
            takes_name = "citizen_name" in inspect.signature(hook).parameters
        except (TypeError, ValueError):
            takes_name = False
        self.accept()
        if takes_name:
            hook(citizen.id, citizen_name=citizen.full_name)
        else:
            hook(citizen.id)

    @Slot(QModelIndex)
    def on_request_double_clicked(self, index: QModelIndex) -> None:
        request_id = self.requests_model.data(index, ID_ROLE)
        if request_id is None or not request_detail_available():
            return
        from desk_app.ui.requests import detail_dialog as request_detail_dialog

        try:
            dialog = request_detail_dialog.RequestDetailDialog(self.ctx, int(request_id), self)
        except DomainError as exc:
            dialogs.error(self, tr("Talep açılamadı"), exc.message)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        changed = getattr(dialog, "request_changed", None)
        if changed is not None:
            changed.connect(self.on_request_changed)
        dialog.show()
        self.request_opened.emit(dialog)

    @Slot(object)
    def on_request_changed(self, _detail: object) -> None:
        self.reload()


def open_citizen_card(
    ctx: AppContext,
    citizen_id: int,
    parent: QWidget | None = None,
    *,
    new_request: NewRequestHook | None = None,
    on_opened: Callable[[CitizenCardDialog], None] | None = None,
) -> None:
    """Load the card (records the read) off the GUI thread, then show it and pass it to
    ``on_opened``; when it cannot be loaded a message says why."""
    db, user = ctx.db, ctx.user

    def opened(card: Any) -> None:
        dialog = CitizenCardDialog(ctx, card, parent, new_request=new_request)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if on_opened is not None:
            on_opened(dialog)

    run_op(
        parent,
        lambda: citizens_service.get_citizen_card(db, user, citizen_id),
        opened,
        error_title=tr("Vatandaş kartı açılamadı"),
    )
