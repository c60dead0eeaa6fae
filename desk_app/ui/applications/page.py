"""The Başvurular page: Hoş Geldin Bebek applications with their filters (status incl. "Karar
bekleyen", mahalle, channel, date range, waiting longer than N days, text), "Yeni başvuru",
"Aç" and "Web dışa aktarımını içe al…".

The list is an ``ApplicationTableModel`` (pages fetched as the view scrolls, the total counted
in the background). Every ``POLL_MS`` while the page is visible the rows on screen are loaded
again (off the GUI thread), so another desk's registrations and decisions show up.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.states import APPLICATION_STATUS_LABELS, ApplicationStatus
from desk_app.services import lookups
from desk_app.services.applications import ApplicationFilter
from desk_app.ui.applications.detail_dialog import ApplicationDetailDialog
from desk_app.ui.applications.form_dialog import (
    ApplicationFormDialog,
    date_edit,
    from_qdate,
    to_qdate,
)
from desk_app.ui.applications.table_model import (
    COL_APPLIED,
    COL_BABY,
    COL_BIRTH,
    COL_CHANNEL,
    COL_MAHALLE,
    COL_PARENT,
    COL_REFERENCE,
    COL_STATUS,
    COL_WAITING,
    WAITING_LONG_BACKGROUND,
    WAITING_LONG_DAYS,
    ApplicationTableModel,
)
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.list_page import ListPage, raise_if_showing
from desk_app.ui.kit.tasks import fill_combo
from desk_app.ui.kit.widgets import hint_label
from desk_app.ui.requests.table_model import format_count

POLL_MS = 15000
HEADER_KEY = "applications"
STATUS_ALL = "all"
STATUS_PENDING = "pending"  # "Karar bekleyen": received or suspected duplicate
PENDING_STATUSES = (ApplicationStatus.RECEIVED.value, ApplicationStatus.SUSPECTED_DUPLICATE.value)
COLUMN_WIDTHS = {
    COL_REFERENCE: 125,
    COL_APPLIED: 100,
    COL_PARENT: 160,
    COL_BABY: 150,
    COL_BIRTH: 95,
    COL_MAHALLE: 130,
    COL_CHANNEL: 110,
    COL_STATUS: 125,
    COL_WAITING: 115,
}


class ApplicationsPage(ListPage[ApplicationTableModel, ApplicationDetailDialog]):
    key = "applications"
    header_key = HEADER_KEY
    poll_ms = POLL_MS

    application_opened = Signal(object)  # the ApplicationDetailDialog
    form_opened = Signal(object)  # the ApplicationFormDialog
    import_opened = Signal(object)  # the ImportDialog

    @classmethod
    def title(cls) -> str:
        return tr("Başvurular")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form_dialog: ApplicationFormDialog | None = None
        self._build_filters()
        self._build_actions()
        self._build_table("applications_table", COLUMN_WIDTHS, COL_PARENT, alternating=True)
        self.table.doubleClicked.connect(self.on_table_activated)
        self.body_layout.addLayout(self.filter_row1)
        self.body_layout.addLayout(self.filter_row2)
        self.body_layout.addLayout(self.filter_row3)
        self.body_layout.addLayout(self.action_row)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addWidget(self.error)
        self.model.application_filter = self.current_filter()

    # --- ListPage hooks -----------------------------------------------------------------------
    def create_model(self) -> ApplicationTableModel:
        return ApplicationTableModel(self.ctx, self)

    def shown_filter(self) -> ApplicationFilter:
        return self.model.application_filter

    def open_row(self, row_id: int) -> ApplicationDetailDialog | None:
        return self.open_application(row_id)

    def detail_row_id(self, dialog: ApplicationDetailDialog) -> int:
        return dialog.application_id

    def count_text(self, total: int) -> str:
        return tr("{0} başvuru").format(format_count(total))

    def load_failed_text(self, message: str) -> str:
        return tr("Başvuru listesi yüklenemedi: {0}").format(message)

    # --- construction -------------------------------------------------------------------------
    def _build_filters(self) -> None:
        today = local_today()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter")
        self.status_combo.addItem(tr("Tümü"), STATUS_ALL)
        self.status_combo.addItem(tr("Karar bekleyen"), STATUS_PENDING)
        for status, status_name in APPLICATION_STATUS_LABELS.items():
            self.status_combo.addItem(tr(status_name), status.value)
        self.mahalle_combo = QComboBox()
        self.mahalle_combo.setObjectName("mahalle_filter")
        self.mahalle_combo.addItem(tr("Tüm mahalleler"), None)
        db = self.ctx.db
        fill_combo(
            self,
            self.mahalle_combo,
            lambda: [(m.name, m.id) for m in lookups.list_mahalleler(db)],
        )
        self.mahalle_combo.setMaxVisibleItems(20)
        self.mahalle_combo.setMinimumContentsLength(11)
        self.mahalle_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel_filter")
        self.channel_combo.addItem(tr("Tüm kanallar"), None)
        fill_combo(
            self, self.channel_combo, lambda: [(c.name, c.code) for c in lookups.list_channels(db)]
        )
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("text_filter")
        self.text_edit.setPlaceholderText(tr("Referans, T.C. Kimlik No veya ad"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setMinimumWidth(140)
        self.date_check = QCheckBox(tr("Başvuru tarihi:"))
        self.date_check.setObjectName("date_filter")
        self.date_from = date_edit("date_from", today - timedelta(days=30))
        self.date_to = date_edit("date_to", today)
        self.waiting_spin = QSpinBox()
        self.waiting_spin.setObjectName("waiting_filter")
        self.waiting_spin.setRange(0, 365)
        self.waiting_spin.setSpecialValueText(tr("—"))
        self.waiting_spin.setSuffix(tr(" gün"))
        self.waiting_spin.setToolTip(tr("0: süre filtresi yok"))
        self.clear_button = QPushButton(tr("Filtreleri temizle"))
        self.clear_button.setObjectName("clear_filters_button")
        self.clear_button.clicked.connect(self.on_clear_clicked)

        # Three short rows rather than two long ones: the page must fit a 1366-pixel desk
        # screen at 125 % and 150 % scaling.
        def labelled(row: QHBoxLayout, caption: str, widget: QWidget, stretch: int = 0) -> None:
            label = QLabel(caption)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, stretch)

        self.filter_row1 = QHBoxLayout()
        labelled(self.filter_row1, tr("&Durum"), self.status_combo)
        labelled(self.filter_row1, tr("&Mahalle"), self.mahalle_combo)
        labelled(self.filter_row1, tr("&Kanal"), self.channel_combo)
        self.filter_row1.addStretch(1)
        self.filter_row2 = QHBoxLayout()
        labelled(self.filter_row2, tr("&Ara"), self.text_edit, 1)
        self.filter_row2.addSpacing(16)
        self.filter_row2.addWidget(self.date_check)
        self.filter_row2.addWidget(self.date_from)
        self.filter_row2.addWidget(QLabel("–"))
        self.filter_row2.addWidget(self.date_to)
        self.filter_row3 = QHBoxLayout()
        labelled(self.filter_row3, tr("&Bekleme süresi şundan uzun:"), self.waiting_spin)
        self.filter_row3.addStretch(1)
        self.filter_row3.addWidget(self.clear_button)

        for combo in (self.status_combo, self.mahalle_combo, self.channel_combo):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.date_check.toggled.connect(self.on_date_check_toggled)
        self.date_from.dateChanged.connect(self.on_filter_changed)
        self.date_to.dateChanged.connect(self.on_filter_changed)
        self.waiting_spin.valueChanged.connect(self.on_text_changed)
        self.text_edit.textChanged.connect(self.on_text_changed)
        self.text_edit.returnPressed.connect(self.apply_filters)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)

    def _build_actions(self) -> None:
        self._build_buttons(
            tr("Yeni başvuru (Ctrl+N)"),
            "new_application_button",
            tr("Yeni başvuru"),
            "open_application_button",
        )
        self.import_button = QPushButton(tr("Web dışa aktarımını içe al…"))
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.on_import_clicked)
        legend = QLabel(tr("{0} günden uzun bekleyen").format(WAITING_LONG_DAYS))
        legend.setObjectName("waiting_legend")
        legend.setStyleSheet(
            f"background: {WAITING_LONG_BACKGROUND.name()}; border: 1px solid #dadce0;"
            " border-radius: 3px; padding: 1px 6px;"
        )
        self.action_row = QHBoxLayout()
        self.action_row.addWidget(self.new_button)
        self.action_row.addWidget(self.open_button)
        self.action_row.addWidget(self.import_button)
        self.action_row.addSpacing(16)
        self.action_row.addWidget(self.count_label)
        self.action_row.addStretch(1)
        # The colour key sits with the waiting filter it explains.
        self.filter_row3.insertWidget(2, hint_label(tr("Renk:"), self))
        self.filter_row3.insertWidget(3, legend)

    # --- filters ------------------------------------------------------------------------------
    def current_filter(self) -> ApplicationFilter:
        status = self.status_combo.currentData()
        if status == STATUS_ALL:
            statuses: tuple[str, ...] = ()
        elif status == STATUS_PENDING:
            statuses = PENDING_STATUSES
        else:
            statuses = (str(status),)
        dated = self.date_check.isChecked()
        waiting = self.waiting_spin.value()
        return ApplicationFilter(
            statuses=statuses,
            mahalle_id=self.mahalle_combo.currentData(),
            channel_code=self.channel_combo.currentData(),
            date_from=from_qdate(self.date_from.date()) if dated else None,
            date_to=from_qdate(self.date_to.date()) if dated else None,
            waiting_more_than_days=waiting or None,
            text=self.text_edit.text().strip(),
        )

    @Slot(bool)
    def on_date_check_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.on_filter_changed()

    def show_filtered(self, flt: object) -> None:
        """List the applications of ``flt`` (an ``ApplicationFilter``), shown in the filter
        widgets. Several statuses other than "Karar bekleyen" show as "Tümü"."""
        assert isinstance(flt, ApplicationFilter)
        if not flt.statuses:
            status: str = STATUS_ALL
        elif set(flt.statuses) == set(PENDING_STATUSES):
            status = STATUS_PENDING
        elif len(flt.statuses) == 1:
            status = flt.statuses[0]
        else:
            status = STATUS_ALL
        widgets: tuple[QWidget, ...] = (self.status_combo, self.mahalle_combo, self.channel_combo)
        widgets += (
            self.date_check,
            self.date_from,
            self.date_to,
            self.waiting_spin,
            self.text_edit,
        )
        blockers = [QSignalBlocker(w) for w in widgets]
        for combo, value in (
            (self.status_combo, status),
            (self.mahalle_combo, flt.mahalle_id),
            (self.channel_combo, flt.channel_code),
        ):
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))
        dated = flt.date_from is not None or flt.date_to is not None
        if flt.date_from is not None:
            self.date_from.setDate(to_qdate(flt.date_from))
        if flt.date_to is not None:
            self.date_to.setDate(to_qdate(flt.date_to))
        self.date_check.setChecked(dated)
        self.date_from.setEnabled(dated)
        self.date_to.setEnabled(dated)
        self.waiting_spin.setValue(flt.waiting_more_than_days or 0)
        self.text_edit.setText(flt.text)
        for blocker in blockers:
            blocker.unblock()
        self.apply_filters()

    @Slot()
    def on_clear_clicked(self) -> None:
        for combo in (self.status_combo, self.mahalle_combo, self.channel_combo):
            combo.setCurrentIndex(0)
        self.date_check.setChecked(False)
        self.waiting_spin.setValue(0)
        self.text_edit.clear()
        self.apply_filters()

    # --- selection and opening ----------------------------------------------------------------
    def selected_application_id(self) -> int | None:
        return self.selected_row_id()

    def select_application(self, application_id: int) -> bool:
        return self.select_row_id(application_id)

    def open_application(
        self, application_id: int, parent: QWidget | None = None
    ) -> ApplicationDetailDialog | None:
        """The application's view (``parent``: the form it was opened from, which is modal)."""
        shown = self._raise_detail(application_id)
        if shown is not None:
            return shown
        # Shown at once; it reads the application off the GUI thread and says so itself
        # when it cannot.
        dialog = ApplicationDetailDialog(self.ctx, application_id, parent or self)
        dialog.application_changed.connect(self.on_detail_changed)
        dialog.application_open_requested.connect(lambda app_id: self.open_application(app_id))
        self._track_detail(dialog)
        self.application_opened.emit(dialog)
        return dialog

    # --- new application and import -----------------------------------------------------------
    @Slot()
    def on_new_clicked(self) -> None:
        self.open_new_application()

    def open_new_application(self) -> ApplicationFormDialog:
        form = self.form_dialog
        if form is not None and raise_if_showing(form):
            return form
        dialog = ApplicationFormDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.application_saved.connect(self.on_application_saved)
        dialog.application_open_requested.connect(
            # Over the modal form while it is open (a duplicate's view), else on the page.
            lambda app_id, form=dialog: self.open_application(
                app_id, form if form.isVisible() else None
            )
        )
        self.form_dialog = dialog
        dialog.open()
        self.form_opened.emit(dialog)
        return dialog

    @Slot(object)
    def on_application_saved(self, result: object) -> None:
        self._select_after_load = getattr(result, "id", None)
        self.refresh_data()

    @Slot()
    def on_import_clicked(self) -> None:
        self.open_import()

    def open_import(self) -> QWidget:
        from desk_app.ui.applications.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.refresh_data())
        dialog.open()
        self.import_opened.emit(dialog)
        return dialog
