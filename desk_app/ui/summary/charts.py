"""QtCharts bar charts of the summary (imported only when the summary page first shows data, so
QtCharts is not loaded at start-up)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from desk_app.ui.kit import palette
from desk_app.ui.summary.models import PALETTE

CHART_HEIGHT = 330
# Axis and bar labels read "1.448" as the tables do (format_count), in either language.
NUMBER_LOCALE = QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey)


class SummaryChartView(QChartView):
    """One bar chart: ``set_data(categories, series)``; series are (name, values) pairs. With
    one series the bars are plain, with several they are stacked (with a legend)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        self.setMaximumHeight(CHART_HEIGHT)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._chart.setBackgroundRoundness(0)
        self._chart.setLocalizeNumbers(True)
        self._chart.setLocale(NUMBER_LOCALE)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.categories: list[str] = []
        self.series_values: list[tuple[str, tuple[float, ...]]] = []

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[float]]],
        *,
        labels_angle: int = 0,
        show_values: bool = False,
        groups: Sequence[str] | None = None,
    ) -> None:
        """``groups``: one label per category (e.g. its month); runs of the same label are
        named once under the run, for more bars than the axis has room to label."""
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.categories = list(categories)
        self.series_values = [(name, tuple(float(v) for v in values)) for name, values in series]
        stacked = len(series) > 1
        bars: QBarSeries | QStackedBarSeries = QStackedBarSeries() if stacked else QBarSeries()
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 7.0))
        for i, (name, values) in enumerate(self.series_values):
            bar_set = QBarSet(name)
            bar_set.append(list(values))
            colour = QColor(PALETTE[i % len(PALETTE)])
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour)
            bar_set.setLabelColor(QColor(palette.TEXT))
            bars.append(bar_set)
        if show_values:
            bars.setLabelsVisible(True)
            bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
            bars.setLabelsFormat("@value")
        bars.setBarWidth(0.7)
        chart.addSeries(bars)
        x_axis: QBarCategoryAxis | QCategoryAxis
        if groups:
            x_axis = _grouped_axis(groups)
        else:
            x_axis = QBarCategoryAxis()
            x_axis.append(self.categories)
            x_axis.setGridLineVisible(False)
        x_axis.setLabelsFont(small)
        x_axis.setLabelsAngle(labels_angle)
        y_axis = QValueAxis()
        y_axis.setLabelFormat("%.0f")  # localized: "1.448" (with "%d" Qt draws nothing)
        y_axis.setLabelsFont(small)
        top = max(
            (sum(col) for col in zip(*(v for _, v in self.series_values), strict=True)),
            default=0.0,
        )
        y_axis.setRange(0, _nice_top(top * (1.12 if show_values else 1.0)))
        y_axis.setTickCount(6)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)
        chart.legend().setVisible(stacked)
        chart.legend().setFont(small)


def _grouped_axis(groups: Sequence[str]) -> QCategoryAxis:
    """Bars sit at 0, 1, 2 …; each run of equal labels gets one label centred under it."""
    axis = QCategoryAxis()
    axis.setRange(-0.5, len(groups) - 0.5)
    axis.setStartValue(-0.5)
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
    seen: set[str] = set()
    for i, label in enumerate(groups):
        if i + 1 == len(groups) or groups[i + 1] != label:
            name = label
            while name in seen:  # the same month in another year
                name += " "
            seen.add(name)
            axis.append(name, i + 0.5)
    return axis


def _nice_top(value: float) -> float:
    """A round upper end for the value axis (5 steps of 1, 2, 2.5 or 5 × 10^n)."""
    if value <= 0:
        return 5.0
    step = value / 5
    magnitude = 10 ** (len(str(int(step))) - 1) if step >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if step <= factor * magnitude:
            return 5 * factor * magnitude
    return value
