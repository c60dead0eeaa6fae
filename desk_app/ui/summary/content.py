"""The figures of the summary page: KPI tiles, the tables and the charts with their numbers in a
table beside them. Built the first time the page has figures (it imports QtCharts)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk_app.services.reporting import Summary
from desk_app.ui.kit.formatting import format_count
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.widgets import hint_label
from desk_app.ui.summary.charts import CHART_HEIGHT, SummaryChartView
from desk_app.ui.summary.models import (
    SummaryTableModel,
    format_days,
    format_share,
    month_label,
)
from desk_app.ui.summary.tables import (
    PIPELINE_BARS,
    channels_table,
    directorates_table,
    inform_late_link,
    months_table,
    overdue_link,
    pipeline_bars,
    pipeline_table,
    request_link,
    short_channel,
    statuses_table,
    teams_table,
)
from desk_app.ui.summary.widgets import KpiTile, SummaryTableView

KPIS = (
    ("requests", "Kaydedilen talep"),
    ("overdue", "Süresi geçmiş (açık)"),
    ("median_answer", "Yazılı cevaba ortanca gün"),
    ("informed", "48 saatte bildirilen cevap"),
    ("delivered", "Teslim edilen set"),
    ("median_delivery", "Başvurudan teslime ortanca gün"),
    ("stock", "Depodaki set"),
)


class SummaryContent(QWidget):
    """``link_clicked(Link)`` when a linked number (a tile or a table cell) is clicked."""

    link_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary_content")
        self.tiles: dict[str, KpiTile] = {}
        self.tables: dict[str, SummaryTableView] = {}
        self.charts: dict[str, SummaryChartView] = {}
        self.titles: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(10)

        tiles = QGridLayout()
        tiles.setSpacing(8)
        for n, (key, caption) in enumerate(KPIS):
            tile = KpiTile(key, tr(caption), self)
            tile.clicked.connect(self.link_clicked)
            self.tiles[key] = tile
            tiles.addWidget(tile, 0, n)
            tiles.setColumnStretch(n, 1)
        layout.addLayout(tiles)

        row = QHBoxLayout()
        row.setSpacing(16)
        row.addLayout(self._section("channels", self._table("channels_table"), top=True), 3)
        row.addLayout(self._section("statuses", self._table("statuses_table"), top=True), 2)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addLayout(self._chart_section("months", tr("Aylara göre talepler (kanal)")))
        self.directorates_note = hint_label("", self, "directorates_note")
        directorates = self._section("directorates", self._table("directorates_table"))
        directorates.addWidget(self.directorates_note)
        layout.addLayout(directorates)
        layout.addLayout(self._chart_section("pipeline", tr("Hoş Geldin Bebek süreci"), (3, 2)))
        self.pipeline_note = hint_label("", self, "pipeline_note")
        layout.addWidget(self.pipeline_note)
        layout.addLayout(self._chart_section("teams", tr("Ekiplere göre haftalık adrese teslim")))

    # --- construction -------------------------------------------------------------------------
    def _table(self, name: str) -> SummaryTableView:
        view = SummaryTableView(name, self)
        view.link_clicked.connect(self.link_clicked)
        self.tables[name.removesuffix("_table")] = view
        return view

    def _title(self, key: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(f"{key}_title")
        font = QFont(label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        self.titles[key] = label
        return label

    def _section(self, key: str, body: QWidget, *, top: bool = False) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addWidget(self._title(key))
        box.addWidget(body)
        if top:  # side by side with a taller one: both start at the top
            box.addStretch(1)
        return box

    def _chart_section(self, key: str, title: str, ratio: tuple[int, int] = (1, 1)) -> QVBoxLayout:
        """A chart with its numbers in a table beside it."""
        chart = SummaryChartView(f"{key}_chart", self)
        self.charts[key] = chart
        table = self._table(f"{key}_table")
        table.fit_height(CHART_HEIGHT)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(chart, ratio[0])
        row.addWidget(table, ratio[1])
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addWidget(self._title(f"{key}_chart", title))
        box.addLayout(row)
        return box

    # --- figures ------------------------------------------------------------------------------
    def model(self, key: str) -> SummaryTableModel:
        return self.tables[key].summary_model

    def show_summary(self, s: Summary) -> None:
        self._show_tiles(s)
        for key, table in (
            ("channels", channels_table(s)),
            ("statuses", statuses_table(s)),
            ("months", months_table(s)),
            ("directorates", directorates_table(s)),
            ("pipeline", pipeline_table(s)),
            ("teams", teams_table(s)),
        ):
            self.tables[key].set_table(table)
            if key in self.titles:
                self.titles[key].setText(table.title)
        for key in ("channels", "statuses", "directorates"):
            self.tables[key].fit_height()
        self.directorates_note.setText(self.model("directorates").table.note)
        self.pipeline_note.setText(self.model("pipeline").table.note)
        self._show_charts(s)

    def _show_tiles(self, s: Summary) -> None:
        r, p, per = s.requests, s.pipeline, s.period
        hours = s.inform_within_hours
        self.tiles["requests"].set_value(
            format_count(r.total), link=request_link(per.start, per.end)
        )
        self.tiles["overdue"].set_value(format_count(r.overdue), link=overdue_link(per))
        self.tiles["median_answer"].set_value(format_days(r.median_answer_days))
        self.tiles["informed"].caption_label.setText(
            tr("{0} saatte bildirilen cevap").format(hours)
        )
        self.tiles["informed"].set_value(
            format_share(r.informed_share),
            link=inform_late_link(per),
            tip=tr("{0} / {1} cevap; tıklayınca {2} saatte bildirilmeyenler listelenir").format(
                format_count(r.informed_in_time), format_count(r.informed_measured), hours
            ),
        )
        self.tiles["delivered"].set_value(format_count(p.delivered_in_period))
        self.tiles["median_delivery"].set_value(format_days(p.median_days_to_delivery))
        self.tiles["stock"].set_value(
            format_count(s.stock_on_hand),
            warning=s.stock_warning,
            tip=tr("Planlı (bekleyen) teslimat: {0}").format(format_count(s.stock_booked)),
        )

    def _show_charts(self, s: Summary) -> None:
        one_year = len({m.month.year for m in s.months}) <= 1
        self.charts["months"].set_data(
            [month_label(m.month, year=not one_year) for m in s.months],
            [
                (short_channel(c.code, c.name), [m.counts.get(c.code, 0) for m in s.months])
                for c in s.channels
            ],
            labels_angle=0 if one_year else -45,
        )
        self.charts["pipeline"].set_data(
            [tr(name) for name in PIPELINE_BARS],
            [(tr("Başvuru"), pipeline_bars(s))],
            show_values=True,
        )
        weeks = s.team_weeks
        many = len(weeks) > 14  # too many for a label each: the months are named instead
        self.charts["teams"].set_data(
            [f"{w.week_start:%d.%m}" for w in weeks],
            [(n, [w.counts.get(n, 0) for w in weeks]) for n in s.team_names],
            groups=[month_label(w.week_start, year=False) for w in weeks] if many else None,
        )
