"""Delivery set-up for supervisors and admins: the teams (name, members, daily capacity, working
days, active) and the desk's pickup windows per weekday (start, end, capacity, active).

Each dialog is a table of what exists over an add/edit form; selecting a row loads it into the
form, "Yeni" empties it. The services validate; their message is shown under the form, which
keeps what was typed. ``changed`` after every save, so the planner reloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from PySide6.QtCore import QItemSelection, QTime, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services.delivery import (
    WEEKDAY_NAMES,
    WEEKDAY_SHORT,
    PickupWindowInput,
    PickupWindowRow,
    TeamInput,
    TeamRow,
    list_pickup_windows,
    list_teams,
    save_pickup_window,
    save_team,
)
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_day
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import Column, RowsTableModel
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.tasks import failure_text, run_op, show_failure
from desk_app.ui.kit.widgets import error_label, hint_label, keep_on_screen, show_error


def active_text(active: bool) -> str:
    return tr("Etkin") if active else tr("Pasif")


def spin(name: str, maximum: int, value: int = 0, minimum: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(minimum, maximum)
    box.setValue(value)
    return box


def loading_text() -> str:
    return tr("Liste yükleniyor…")


class SetupDialog(QDialog):
    """A table of rows over a form: ``rows_loader``/``show_loaded`` (the read, off the GUI
    thread, and showing it), ``fill_form(row | None)``, ``saver``/``show_saved`` (the service
    call, off the GUI thread, and what it returned) are the subclass's."""

    changed = Signal()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        keep_on_screen(self)  # Kaydet/Kapat stay on a 150 % scaled screen

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        model: RowsTableModel[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editing_id: int | None = None
        self.saving = False
        self._loading = False
        self._loaded_once = False
        self.setWindowTitle(title)
        self.model = model
        self.table = QTableView(self)
        self.table.setObjectName("setup_table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.form = QFormLayout()
        self.form_title = QLabel(self)
        self.form_title.setObjectName("form_title")
        self.form_title.setStyleSheet("font-weight: 600;")
        self.error = error_label(self)
        self.notice = hint_label("", self, "setup_notice")
        self.new_button = self._button(tr("Yeni"), "new_button", self.on_new_clicked)
        self.save_button = self._button(tr("Kaydet"), "save_button", self.on_save_clicked)
        self.save_button.setDefault(True)
        self.close_button = self._button(tr("Kapat"), "close_button", self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.form_title)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.notice)
        self.layout_.addLayout(buttons)

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def set_column_widths(self, widths: tuple[int, ...]) -> None:
        for column, width in enumerate(widths):
            self.table.horizontalHeader().resizeSection(column, width)

    # --- hooks ------------------------------------------------------------------------------
    def rows_loader(self) -> Callable[[], Any]:
        """The read of the rows, to run off the GUI thread (plain values captured now)."""
        raise NotImplementedError

    def show_loaded(self, loaded: Any) -> list[Any]:
        """On the GUI thread: what the loader returned, shown; the table's rows returned."""
        return list(loaded)

    def fill_form(self, row: Any | None) -> None:
        raise NotImplementedError

    def saver(self) -> Callable[[], Any]:
        """The service call that saves the form, to run off the GUI thread (the form is read
        now, on the GUI thread)."""
        raise NotImplementedError

    def show_saved(self, saved: Any) -> int:
        """On the GUI thread: what the saver returned, shown; the saved row's id returned."""
        return int(saved.id)

    # --- behaviour --------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """The rows are being read."""
        return self._loading

    def reload(self, select_id: int | None = None) -> None:
        """Read the rows off the GUI thread; the table keeps what it shows until they arrive
        (the first time: an empty "new" form under "Liste yükleniyor…")."""
        if not self._loaded_once and not self._loading:
            self.on_new_clicked()
            self.notice.setText(loading_text())
        self._loading = True
        run_op(
            self,
            self.rows_loader(),
            lambda loaded: self._rows_loaded(loaded, select_id),
            on_failed=self._rows_failed,
            busy=self.table,
            latest_only="rows",
        )

    def _rows_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._clear_loading_notice()
        show_error(self.error, failure_text(exc))

    def _clear_loading_notice(self) -> None:
        if self.notice.text() == loading_text():
            self.notice.setText("")

    def _rows_loaded(self, loaded: Any, select_id: int | None) -> None:
        first = not self._loaded_once
        self._loading = False
        self._loaded_once = True
        self._clear_loading_notice()
        rows = self.show_loaded(loaded)
        self.model.set_rows(rows)
        for i, row in enumerate(rows):
            if row.id == select_id:
                self.table.selectRow(i)
                return
        if first and self.editing_id is None:
            return  # the empty form shown while loading keeps what was typed into it
        self.on_new_clicked()

    def selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, *_args: object) -> None:
        row = self.selected_row()
        if row is not None:
            self.editing_id = row.id
            self.fill_form(row)
            show_error(self.error, "")

    @Slot()
    def on_new_clicked(self) -> None:
        self.table.clearSelection()
        self.editing_id = None
        self.fill_form(None)
        show_error(self.error, "")

    @Slot()
    def on_save_clicked(self) -> None:
        if self.saving:  # a second Enter while the first save runs
            return
        show_error(self.error, "")
        self.notice.setText("")
        self.saving = True
        run_op(
            self,
            self.saver(),
            self._saved,
            on_failed=self._save_failed,
            disable=(self.save_button, self.new_button),
        )

    def _saved(self, saved: Any) -> None:
        self.saving = False
        saved_id = self.show_saved(saved)
        self.changed.emit()
        self.reload(saved_id)

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        if isinstance(exc, DomainError):
            show_error(self.error, exc.message)
        else:
            show_failure(self, exc, self.windowTitle())

    @property
    def save_waits(self) -> bool:
        """A save has been sent and has not come back."""
        return self.saving

    def done(self, result: int) -> None:
        """Closing while a save waits asks first."""
        if self.save_waits and not dialogs.confirm(
            self,
            self.windowTitle(),
            tr(
                "Kayıt sürüyor; şimdi kapatırsanız kaydedilip kaydedilmediğini bu formda "
                "göremezsiniz. Form yine de kapatılsın mı?"
            ),
            yes_text=tr("Kapat"),
            no_text=tr("Forma dön"),
        ):
            return
        super().done(result)


TEAM_COLUMNS: tuple[Column[TeamRow], ...] = (
    ("Ekip", lambda r: r.name),
    ("Üyeler", lambda r: r.members),
    ("Günlük kapasite", lambda r: str(r.daily_capacity)),
    ("Çalışma günleri", lambda r: r.working_days_text),
    ("Durum", lambda r: active_text(r.active)),
)


class TeamTableModel(RowsTableModel[TeamRow]):
    columns = TEAM_COLUMNS


class TeamsDialog(SetupDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, tr("Ekipler"), TeamTableModel(), parent)
        self.setObjectName("teams_dialog")
        self.resize(900, 540)
        self.set_column_widths((150, 280, 120, 200))
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("team_name_edit")
        self.members_edit = QLineEdit(self)
        self.members_edit.setObjectName("team_members_edit")
        self.members_edit.setPlaceholderText(tr("ör. Hakan Yurt (şoför), Sibel Koç"))
        self.capacity_spin = spin("team_capacity_spin", 200, 12)
        self.capacity_spin.setSuffix(tr(" teslimat"))
        days_widget = QWidget(self)
        days = QHBoxLayout(days_widget)
        days.setContentsMargins(0, 0, 0, 0)
        self.day_checks: list[QCheckBox] = []
        for i, short in enumerate(WEEKDAY_SHORT, start=1):
            check = QCheckBox(tr(short), self)
            check.setObjectName(f"team_day_{i}")
            check.setToolTip(tr(WEEKDAY_NAMES[i - 1]))
            self.day_checks.append(check)
            days.addWidget(check)
        days.addStretch(1)
        self.active_check = QCheckBox(tr("Etkin (planlamada kullanılır)"), self)
        self.active_check.setObjectName("team_active_check")
        self.form.addRow(tr("&Ad"), self.name_edit)
        self.form.addRow(tr("Ü&yeler"), self.members_edit)
        self.form.addRow(tr("&Günlük kapasite"), self.capacity_spin)
        self.form.addRow(tr("Çalışma günleri"), days_widget)
        self.form.addRow("", self.active_check)
        self.reload()

    def rows_loader(self) -> Callable[[], list[TeamRow]]:
        db, user = self.ctx.db, self.ctx.user
        return lambda: list(list_teams(db, user))

    def fill_form(self, row: TeamRow | None) -> None:
        self.form_title.setText(tr("Yeni ekip") if row is None else tr("Ekibi düzenle"))
        self.name_edit.setText(row.name if row else "")
        self.members_edit.setText(row.members if row else "")
        self.capacity_spin.setValue(row.daily_capacity if row else 12)
        working = row.working_days if row else (1, 2, 3, 4, 5)
        for i, check in enumerate(self.day_checks, start=1):
            check.setChecked(i in working)
        self.active_check.setChecked(row.active if row else True)
        self.name_edit.setFocus()

    def form_input(self) -> TeamInput:
        return TeamInput(
            name=self.name_edit.text(),
            members=self.members_edit.text(),
            daily_capacity=self.capacity_spin.value(),
            working_days=tuple(i for i, c in enumerate(self.day_checks, 1) if c.isChecked()),
            active=self.active_check.isChecked(),
        )

    def saver(self) -> Callable[[], tuple[TeamRow, Any]]:
        db, user, data, editing_id = self.ctx.db, self.ctx.user, self.form_input(), self.editing_id
        return lambda: save_team(db, user, data, editing_id)

    def show_saved(self, saved: tuple[TeamRow, Any]) -> int:
        row, kept = saved
        if kept:
            days = ", ".join(format_day(d) for d in kept)
            self.notice.setText(
                tr(
                    "Şu günlerde planlı teslimat yeni kapasiteden fazla; planları korundu: {0}"
                ).format(days)
            )
        return row.id


def _time_text(value: time) -> str:
    return f"{value:%H:%M}"


WINDOW_COLUMNS: tuple[Column[PickupWindowRow], ...] = (
    ("Gün", lambda r: tr(r.weekday_name)),
    ("Başlangıç", lambda r: _time_text(r.start_time)),
    ("Bitiş", lambda r: _time_text(r.end_time)),
    ("Kapasite", lambda r: str(r.capacity)),
    ("Durum", lambda r: active_text(r.active)),
)


class PickupWindowTableModel(RowsTableModel[PickupWindowRow]):
    columns = WINDOW_COLUMNS


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


class PickupWindowsDialog(SetupDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, tr("Masadan teslim saatleri"), PickupWindowTableModel(), parent)
        self.setObjectName("windows_dialog")
        fit_to_screen(self, 620, 560)
        self.set_column_widths((120, 90, 90, 90))
        self.weekday_combo = QComboBox(self)
        self.weekday_combo.setObjectName("window_weekday_combo")
        for i, name in enumerate(WEEKDAY_NAMES, start=1):
            self.weekday_combo.addItem(tr(name), i)
        self.start_edit = QTimeEdit(self)
        self.start_edit.setObjectName("window_start_edit")
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit(self)
        self.end_edit.setObjectName("window_end_edit")
        self.end_edit.setDisplayFormat("HH:mm")
        self.capacity_spin = spin("window_capacity_spin", 200, 6)
        self.capacity_spin.setSuffix(tr(" kişi"))
        self.active_check = QCheckBox(tr("Etkin"), self)
        self.active_check.setObjectName("window_active_check")
        self.form.addRow(tr("&Gün"), self.weekday_combo)
        self.form.addRow(tr("&Başlangıç"), self.start_edit)
        self.form.addRow(tr("Bi&tiş"), self.end_edit)
        self.form.addRow(tr("&Kapasite"), self.capacity_spin)
        self.form.addRow("", self.active_check)
        self.reload()

    def rows_loader(self) -> Callable[[], list[PickupWindowRow]]:
        db, user = self.ctx.db, self.ctx.user
        return lambda: list(list_pickup_windows(db, user))

    def fill_form(self, row: PickupWindowRow | None) -> None:
        self.form_title.setText(tr("Yeni teslim saati") if row is None else tr("Saati düzenle"))
        self.weekday_combo.setCurrentIndex(self.weekday_combo.findData(row.weekday if row else 1))
        self.start_edit.setTime(_qtime(row.start_time if row else time(9, 0)))
        self.end_edit.setTime(_qtime(row.end_time if row else time(10, 30)))
        self.capacity_spin.setValue(row.capacity if row else 6)
        self.active_check.setChecked(row.active if row else True)

    def form_input(self) -> PickupWindowInput:
        start, end = self.start_edit.time(), self.end_edit.time()
        return PickupWindowInput(
            weekday=int(self.weekday_combo.currentData()),
            start_time=time(start.hour(), start.minute()),
            end_time=time(end.hour(), end.minute()),
            capacity=self.capacity_spin.value(),
            active=self.active_check.isChecked(),
        )

    def saver(self) -> Callable[[], PickupWindowRow]:
        db, user, data, editing_id = self.ctx.db, self.ctx.user, self.form_input(), self.editing_id
        return lambda: save_pickup_window(db, user, data, editing_id)
