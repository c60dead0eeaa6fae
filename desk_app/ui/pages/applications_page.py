"""The Başvurular page: Hoş Geldin Bebek applications with their filters (status incl. "Karar
bekleyen", mahalle, channel, date range, waiting longer than N days, text), "Yeni başvuru",
"Aç" and "Web dışa aktarımını içe al…".

The list is an ``ApplicationTableModel`` (pages fetched as the view scrolls, the total counted
in the background). Every ``POLL_MS`` while the page is visible the rows on screen are loaded
again (off the GUI thread), so another desk's registrations and decisions show up.
"""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.states import APPLICATION_STATUS_LABELS, ApplicationStatus
from desk_app.services import lookups
from desk_app.services.applications import ApplicationFilter
from desk_app.ui import dialogs
from desk_app.ui.application_detail_dialog import ApplicationDetailDialog
from desk_app.ui.application_form_dialog import ApplicationFormDialog, date_edit, from_qdate
from desk_app.ui.application_table_model import (
    COL_APPLIED,
    COL_BABY,
    COL_BIRTH,
    COL_CHANNEL,
    COL_MAHALLE,
    COL_PARENT,
    COL_REFERENCE,
    COL_STATUS,
    COL_WAITING,
    ID_ROLE,
    WAITING_LONG_BACKGROUND,
    WAITING_LONG_DAYS,
    ApplicationTableModel,
)
from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage
from desk_app.ui.request_table_model import format_count
from desk_app.ui.ui_state import restore_header_state, save_header_state
from desk_app.ui.widgets import error_label, hint_label, show_error

POLL_MS = 15000
TEXT_DELAY_MS = 300
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


class ApplicationsPage(BasePage):
    key = "applications"

    application_opened = Signal(object)  # the ApplicationDetailDialog
    form_opened = Signal(object)  # the ApplicationFormDialog
    import_opened = Signal(object)  # the ImportDialog

    @classmethod
    def title(cls) -> str:
        return tr("Başvurular")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ApplicationTableModel(ctx, self)
        self.detail_dialogs: list[ApplicationDetailDialog] = []
        self.form_dialog: ApplicationFormDialog | None = None
        self._loaded = False
        self._select_after_load: int | None = None
        self._build_filters()
        self._build_actions()
        self._build_table()
        self.error = error_label(self, "page_error")
        self.body_layout.addLayout(self.filter_row1)
        self.body_layout.addLayout(self.filter_row2)
        self.body_layout.addLayout(self.filter_row3)
        self.body_layout.addLayout(self.action_row)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addWidget(self.error)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.model.count_changed.connect(self.on_count_changed)
        self.model.loading_changed.connect(self.on_loading_changed)
        self.model.refreshed.connect(self.on_model_refreshed)
        self.model.page_loaded.connect(self.on_page_loaded)
        self.model.failed.connect(self.on_model_failed)
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("poll_timer")
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.on_poll_timeout)
        self.model.application_filter = self.current_filter()

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
        try:
            for mahalle in lookups.list_mahalleler(self.ctx.db):
                self.mahalle_combo.addItem(mahalle.name, mahalle.id)
        except DomainError:
            pass
        self.mahalle_combo.setMaxVisibleItems(20)
        self.mahalle_combo.setMinimumContentsLength(11)
        self.mahalle_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel_filter")
        self.channel_combo.addItem(tr("Tüm kanallar"), None)
        for channel in lookups.list_channels(self.ctx.db):
            self.channel_combo.addItem(channel.name, channel.code)
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
        self.new_button = QPushButton(tr("Yeni başvuru (Ctrl+N)"))
        self.new_button.setObjectName("new_application_button")
        self.new_button.setStyleSheet(
            "QPushButton#new_application_button { background: #1a73e8; color: white;"
            " font-weight: 600; padding: 5px 14px; border-radius: 4px; }"
        )
        self.new_button.clicked.connect(self.on_new_clicked)
        self.open_button = QPushButton(tr("Aç (Enter)"))
        self.open_button.setObjectName("open_application_button")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.import_button = QPushButton(tr("Web dışa aktarımını içe al…"))
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.on_import_clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
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
        self.new_action = QAction(tr("Yeni başvuru"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.on_new_clicked)
        self.addAction(self.new_action)

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("applications_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_PARENT, QHeaderView.ResizeMode.Stretch)
        restore_header_state(header, HEADER_KEY)
        self._save_header_timer = QTimer(self)
        self._save_header_timer.setSingleShot(True)
        self._save_header_timer.setInterval(500)
        self._save_header_timer.timeout.connect(self.on_save_header_timeout)
        header.sectionResized.connect(lambda *_a: self._save_header_timer.start())
        self.table.activated.connect(self.on_table_activated)
        self.table.doubleClicked.connect(self.on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)

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

    @Slot()
    def apply_filters(self) -> None:
        """Load the list for the filters on screen (a no-op when they did not change)."""
        self._filter_timer.stop()
        wanted = self.current_filter()
        if self._loaded and wanted == self.model.application_filter:
            return
        self._loaded = True
        show_error(self.error, "")
        self.model.set_filter(wanted)

    @Slot()
    def on_filter_changed(self) -> None:
        self._filter_timer.start(0)

    @Slot()
    def on_text_changed(self) -> None:
        self._filter_timer.start(TEXT_DELAY_MS)

    @Slot(bool)
    def on_date_check_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.on_filter_changed()

    @Slot()
    def on_clear_clicked(self) -> None:
        for combo in (self.status_combo, self.mahalle_combo, self.channel_combo):
            combo.setCurrentIndex(0)
        self.date_check.setChecked(False)
        self.waiting_spin.setValue(0)
        self.text_edit.clear()
        self.apply_filters()

    # --- model feedback -----------------------------------------------------------------------
    @Slot(int)
    def on_count_changed(self, total: int) -> None:
        self.count_label.setText(tr("{0} başvuru").format(format_count(total)))

    @Slot(bool)
    def on_loading_changed(self, loading: bool) -> None:
        if loading and self.model.total is None:
            self.count_label.setText(tr("Sayılıyor…"))

    @Slot(int)
    def on_page_loaded(self, _n: int) -> None:
        if self._select_after_load is not None and self.select_application(self._select_after_load):
            self._select_after_load = None

    @Slot()
    def on_model_refreshed(self) -> None:
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None:
            self.select_application(wanted)

    @Slot(object)
    def on_model_failed(self, exc: object) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Başvuru listesi yüklenemedi: {0}").format(message))

    # --- selection and opening ----------------------------------------------------------------
    def selected_application_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        value = self.model.data(index, ID_ROLE)
        return int(value) if value is not None else None

    def select_application(self, application_id: int) -> bool:
        row = self.model.row_of(application_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_button.setEnabled(current.isValid())

    @Slot(QModelIndex)
    def on_table_activated(self, index: QModelIndex) -> None:
        value = self.model.data(index, ID_ROLE)
        if value is not None:
            self.open_application(int(value))

    @Slot()
    def on_open_clicked(self) -> None:
        application_id = self.selected_application_id()
        if application_id is not None:
            self.open_application(application_id)

    def open_application(
        self, application_id: int, parent: QWidget | None = None
    ) -> ApplicationDetailDialog | None:
        """The application's view (``parent``: the form it was opened from, which is modal)."""
        for dialog in self.detail_dialogs:
            if shiboken6.isValid(dialog) and dialog.application_id == application_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        try:
            dialog = ApplicationDetailDialog(self.ctx, application_id, parent or self)
        except DomainError as exc:
            dialogs.error(self, tr("Başvuru açılamadı"), exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.application_changed.connect(self.on_detail_changed)
        dialog.application_open_requested.connect(lambda app_id: self.open_application(app_id))
        dialog.finished.connect(self.on_detail_finished)
        self.detail_dialogs.append(dialog)
        dialog.show()
        self.application_opened.emit(dialog)
        return dialog

    @Slot(object)
    def on_detail_changed(self, _detail: object) -> None:
        self.refresh_data()

    @Slot(int)
    def on_detail_finished(self, _result: int) -> None:
        dialog = self.sender()
        self.detail_dialogs = [
            d for d in self.detail_dialogs if d is not dialog and shiboken6.isValid(d)
        ]

    # --- new application and import -----------------------------------------------------------
    @Slot()
    def on_new_clicked(self) -> None:
        self.open_new_application()

    def open_new_application(self) -> ApplicationFormDialog:
        form = self.form_dialog
        if form is not None and shiboken6.isValid(form) and form.isVisible():
            form.raise_()
            form.activateWindow()
            return form
        dialog = ApplicationFormDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.application_saved.connect(self.on_application_saved)
        dialog.application_open_requested.connect(
            lambda app_id, form=dialog: self.open_application(app_id, form)
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
        from desk_app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.refresh_data())
        dialog.open()
        self.import_opened.emit(dialog)
        return dialog

    # --- refreshing ---------------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Load again what is on screen, keeping the selected application selected."""
        if not self._loaded:
            self.apply_filters()
            return
        if self._select_after_load is None:
            self._select_after_load = self.selected_application_id()
        self.model.refresh()

    @Slot()
    def on_poll_timeout(self) -> None:
        if self._loaded and not self.model.is_loading:
            self.refresh_data()

    # --- page life ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        if not self._loaded:
            self.apply_filters()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.apply_filters()
        if not self.poll_timer.isActive():
            self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll_timer.stop()
        save_header_state(self.table.horizontalHeader(), HEADER_KEY)
        super().hideEvent(event)

    @Slot()
    def on_save_header_timeout(self) -> None:
        save_header_state(self.table.horizontalHeader(), HEADER_KEY)
