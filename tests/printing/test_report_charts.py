"""Summary charts read well: no legend for one series, a labelled top of the value axis and
what it counts, week labels that do not overlap."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import String

from desk_app.printing.report import ReportChart, _chart, _nice_axis, _thinned


def _parts(chart: ReportChart) -> tuple[list[object], VerticalBarChart]:
    drawing = _chart(chart, 480)
    bars = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    return list(drawing.contents), bars


def test_one_series_has_no_legend_and_a_labelled_axis() -> None:
    chart = ReportChart(
        "Hoş Geldin Bebek süreci",
        ("Başvuru", "Onaylı", "Mükerrer şüphesi"),
        (("Başvuru", (1_347.0, 1_201.0, 12.0)),),
        value_label="Başvuru sayısı",
    )
    contents, bars = _parts(chart)
    assert not any(isinstance(c, Legend) for c in contents)
    assert "Başvuru sayısı" in [c.text for c in contents if isinstance(c, String)]
    assert bars.valueAxis.valueMax == 1_500 and bars.valueAxis.valueStep == 500
    assert bars.valueAxis.valueMax % bars.valueAxis.valueStep == 0


def test_many_weeks_are_labelled_without_overlapping() -> None:
    weeks = tuple(f"{d:02d}.{m:02d}" for m in range(1, 13) for d in (1, 8, 15, 22))
    chart = ReportChart(
        "Haftalık teslim (ekip)",
        weeks,
        (("Ekip 1", tuple(3.0 for _ in weeks)), ("Ekip 2", tuple(4.0 for _ in weeks))),
        kind="stacked",
    )
    contents, bars = _parts(chart)
    assert any(isinstance(c, Legend) for c in contents)  # two teams: a legend
    shown = [name for name in bars.categoryAxis.categoryNames if name]
    assert 6 <= len(shown) <= 14 and shown[0] == "01.01"
    assert bars.valueAxis.valueMax >= 7
    assert _thinned(("a", "b")) == ["a", "b"]
    assert _nice_axis(0) == (1.0, 1.0)
