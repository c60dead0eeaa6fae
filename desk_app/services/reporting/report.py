"""The summary as a report: one document (tables and charts, Turkish labels) exported as PDF,
XLSX, CSV or text. Every export is built from the same ``ReportDoc``, so they hold the same
figures; exporting is recorded in the audit trail (it may be published)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Literal

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import ValidationError
from desk_app.domain.spreadsheet import safe_row
from desk_app.domain.states import ApplicationStatus, RequestStatus
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.files import write_file
from desk_app.services.permissions import Action, require
from desk_app.services.reporting.summary import (
    APPLICATION_STATUS_NAMES,
    REQUEST_STATUS_NAMES,
    Summary,
)
from desk_app.services.uow import unit_of_work

ReportFormat = Literal["text", "csv", "xlsx", "pdf"]
# Column headers of the wide tables (the full channel names stay in the channel table).
SHORT_CHANNEL_NAMES = {
    "DESK": "Masa",
    "WEB": "Web",
    "CIMER": "CİMER",
    "ACIK_KAPI": "Açık Kapı",
    "WHATSAPP": "WhatsApp",
    "CALL_153": "153",
    "FIELD": "Saha",
}
FORMATS: tuple[str, ...] = ("text", "csv", "xlsx", "pdf")


SHEET_NAMES = {
    "kanallar": "Kanallar",
    "aylar": "Aylar",
    "talepler": "Talepler",
    "mudurlukler": "Müdürlükler",
    "hos_geldin_bebek": "Hoş Geldin Bebek",
    "ekipler": "Ekipler",
}


def _share(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _request_tables(s: Summary) -> tuple[Any, ...]:
    """The requests section: by channel, by month (chart and table), status and times."""
    from desk_app.printing.report import ReportChart, ReportTable

    r = s.requests
    channels = ReportTable(
        "Kanallara göre talepler",
        ("Kanal", "Talep"),
        (*((c.name, c.count) for c in s.channels), ("Toplam", r.total)),
        key="kanallar",
    )
    overview = ReportTable(
        "Talepler: durum ve süreler",
        ("Gösterge", "Değer"),
        (
            ("Kaydedilen talep", r.total),
            *((REQUEST_STATUS_NAMES[st.value], r.by_status[st.value]) for st in RequestStatus),
            ("Açık", r.open),
            ("Süresi geçmiş (açık)", r.overdue),
            ("Yazılı cevaplanan", r.answered),
            ("Cevaba kadar ortanca gün", r.median_answer_days),
            (
                f"Vatandaşa {s.inform_within_hours} saatte iletilen cevap (%)",
                _share(r.informed_share),
            ),
        ),
        note=(
            f"Cevap iletme oranı: kime iletileceği belli olan {r.informed_measured} cevabın "
            f"{r.informed_in_time} tanesi {s.inform_within_hours} saat içinde iletildi; süresi "
            "dolmamış ve henüz iletilmemiş cevaplar sayılmaz."
        ),
        key="talepler",
    )
    months = ReportTable(
        "Aylara ve kanallara göre talepler",
        ("Ay", *(SHORT_CHANNEL_NAMES.get(c.code, c.name) for c in s.channels), "Toplam"),
        tuple(
            (m.label, *(m.counts.get(c.code, 0) for c in s.channels), sum(m.counts.values()))
            for m in s.months
        ),
        key="aylar",
    )
    months_chart = ReportChart(
        "Aylara göre talepler (kanal)",
        tuple(m.label for m in s.months),
        tuple(
            (
                SHORT_CHANNEL_NAMES.get(c.code, c.name),
                tuple(float(m.counts.get(c.code, 0)) for m in s.months),
            )
            for c in s.channels
        ),
        kind="stacked",
    )
    return channels, months_chart, months, overview


def _directorate_table(s: Summary) -> Any:
    """Requests per directorate: open states, closed, overdue and the answer times."""
    from desk_app.printing.report import ReportTable

    statuses = (RequestStatus.NEW, RequestStatus.FORWARDED, RequestStatus.IN_PROGRESS)
    return ReportTable(
        "Müdürlüklere göre talepler",
        (
            "Müdürlük",
            "Toplam",
            *(REQUEST_STATUS_NAMES[st.value] for st in statuses),
            "Kapanan",
            "Süresi geçmiş",
            "Ortanca gün",
            "48 saatte iletilen %",
        ),
        tuple(
            (
                d.name,
                d.figures.total,
                *(d.figures.by_status[st.value] for st in statuses),
                d.figures.total - d.figures.open,
                d.figures.overdue,
                d.figures.median_answer_days,
                _share(d.figures.informed_share),
            )
            for d in s.directorates
        ),
        key="mudurlukler",
    )


def _pipeline_section(s: Summary) -> tuple[Any, ...]:
    """Hoş Geldin Bebek: the chart and the table of applications, deliveries and stock."""
    from desk_app.printing.report import ReportChart, ReportTable

    p = s.pipeline
    pipeline_rows: list[tuple[Any, ...]] = [("Başvuru (dönemde alınan)", p.applied)]
    pipeline_rows += [
        (APPLICATION_STATUS_NAMES[st.value], p.by_status[st.value]) for st in ApplicationStatus
    ]
    pipeline_rows += [
        ("Dönemde teslim edilen set", p.delivered_in_period),
        ("  adrese teslim", p.home_deliveries),
        ("  masadan teslim", p.desk_pickups),
        ("Başarısız teslim denemesi", p.failed_attempts),
        ("Başvurudan teslime ortanca gün", p.median_days_to_delivery),
        ("Depodaki set", s.stock_on_hand),
        ("Planlı (bekleyen) teslimat", s.stock_booked),
    ]
    pipeline = ReportTable(
        "Hoş Geldin Bebek süreci",
        ("Aşama", "Sayı"),
        tuple(pipeline_rows),
        note=(
            "Durumlar dönemde alınan başvuruların bugünkü durumudur; teslim sayıları dönem "
            "içinde yapılan teslimlerdir."
        ),
        key="hos_geldin_bebek",
    )
    pipeline_chart = ReportChart(
        "Hoş Geldin Bebek süreci",
        # The same words as the table below it and the application list.
        ("Başvuru", "Onaylı", "Uygun değil", "Mükerrer şüphesi", "Planlı", "Teslim"),
        (
            (
                "Başvuru",
                (
                    float(p.applied),
                    float(p.approved_total),
                    float(p.by_status[ApplicationStatus.INELIGIBLE.value]),
                    float(p.by_status[ApplicationStatus.SUSPECTED_DUPLICATE.value]),
                    float(p.by_status[ApplicationStatus.SCHEDULED.value]),
                    float(p.by_status[ApplicationStatus.DELIVERED.value]),
                ),
            ),
        ),
        value_label="Başvuru sayısı",
    )
    return pipeline_chart, pipeline


def _team_section(s: Summary) -> tuple[Any, ...]:
    """Weekly home deliveries per team: the chart and the table."""
    from desk_app.printing.report import ReportChart, ReportTable

    teams = ReportTable(
        "Ekiplere göre haftalık adrese teslim",
        ("Hafta", *s.team_names, "Toplam"),
        tuple(
            (
                f"{w.week_start:%d.%m.%Y}",
                *(w.counts.get(n, 0) for n in s.team_names),
                sum(w.counts.values()),
            )
            for w in s.team_weeks
        ),
        key="ekipler",
    )
    teams_chart = ReportChart(
        "Haftalık teslim (ekip)",
        tuple(f"{w.week_start:%d.%m}" for w in s.team_weeks),
        tuple((n, tuple(float(w.counts.get(n, 0)) for w in s.team_weeks)) for n in s.team_names),
        kind="stacked",
        value_label="Teslim sayısı",
    )
    return teams_chart, teams


def build_document(summary: Summary) -> Any:
    """The summary as a ReportDoc (desk_app.printing.report)."""
    from desk_app.printing.report import ReportDoc, ReportSection

    s = summary
    generated = s.generated_at.astimezone(LOCAL_TZ)
    return ReportDoc(
        title="Gönül Kapısı ve Hoş Geldin Bebek Özeti",
        subtitle=f"T.C. Çorum Belediyesi · {s.period.label} "
        f"({s.period.start:%d.%m.%Y} – {s.period.end:%d.%m.%Y})",
        generated=f"Hazırlanma: {generated:%d.%m.%Y %H:%M}",
        sections=(
            ReportSection("Talepler", _request_tables(s)),
            ReportSection("Müdürlükler", (_directorate_table(s),)),
            ReportSection("Hoş Geldin Bebek", _pipeline_section(s)),
            ReportSection("Ekipler", _team_section(s)),
        ),
    )


def render_text(doc: Any) -> str:
    from desk_app.printing.report import format_number

    lines = [doc.title, doc.subtitle, doc.generated, ""]
    for table in doc.tables():
        cells = [list(table.header)] + [[format_number(v) for v in row] for row in table.rows]
        widths = [max(len(str(row[i])) for row in cells) for i in range(len(table.header))]
        lines.append(table.title)
        lines.append("-" * len(table.title))
        for n, row in enumerate(cells):
            lines.append(
                "  ".join(
                    str(v).ljust(widths[i]) if i == 0 else str(v).rjust(widths[i])
                    for i, v in enumerate(row)
                ).rstrip()
            )
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        if table.note:
            lines.append(table.note)
        lines.append("")
    return "\n".join(lines)


def _csv_bytes(doc: Any) -> bytes:
    """One CSV for Excel in Türkiye: UTF-8 with BOM, ';' between fields, one block a table
    (its title, header, rows, an empty line); numbers unformatted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row([doc.title, doc.subtitle]))
    writer.writerow([])
    for table in doc.tables():
        writer.writerow(safe_row([table.title]))
        writer.writerow(safe_row(table.header))
        for row in table.rows:
            # Text is neutralised before numbers become text: "-3,5" stays a number.
            writer.writerow(
                [
                    "" if v is None else str(v).replace(".", ",") if isinstance(v, float) else v
                    for v in safe_row(row)
                ]
            )
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(doc: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF4")
    for table in doc.tables():
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.title[:31]))
        sheet.append(safe_row([table.title]))
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(safe_row([doc.subtitle]))
        sheet.append([])
        sheet.append(safe_row(table.header))
        for cell in sheet[4]:
            cell.font = bold
            cell.fill = fill
        for row in table.rows:
            sheet.append(safe_row(row))
        if table.note:
            sheet.append([])
            sheet.append(safe_row([table.note]))
        sheet.column_dimensions["A"].width = 34
        for column in range(2, len(table.header) + 1):
            sheet.column_dimensions[sheet.cell(4, column).column_letter].width = 14
        if table.key in ("aylar", "ekipler") and table.rows:
            chart = BarChart()
            chart.type = "col"
            chart.grouping = "stacked"
            chart.overlap = 100
            chart.title = table.title
            last_row = 4 + len(table.rows)
            data = Reference(
                sheet, min_col=2, max_col=len(table.header) - 1, min_row=4, max_row=last_row
            )
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=5, max_row=last_row))
            chart.width, chart.height = 24, 10
            sheet.add_chart(chart, f"{sheet.cell(1, len(table.header) + 2).column_letter}4")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_report(
    db: Database,
    actor: Actor,
    summary: Summary,
    fmt: ReportFormat,
    out: str | Path | None = None,
) -> bytes:
    """The report in ``fmt``; written to ``out`` (atomically) when given. Returns the bytes."""
    require(actor, Action.VIEW_SUMMARY)
    if fmt not in FORMATS:
        raise ValidationError(
            f"‘{fmt}’ bir rapor biçimi değil; text, csv, xlsx veya pdf seçin.", "format"
        )
    doc = build_document(summary)
    if fmt == "text":
        data = render_text(doc).encode("utf-8")
    elif fmt == "csv":
        data = _csv_bytes(doc)
    elif fmt == "xlsx":
        data = _xlsx_bytes(doc)
    else:
        from desk_app.printing.report import render_report

        buffer = io.BytesIO()
        render_report(buffer, doc)
        data = buffer.getvalue()
    if out is not None:
        write_file(out, lambda fh: fh.write(data), suffix=f".{fmt}", purpose="rapor")
    with unit_of_work(db) as session:
        audit.record(
            session,
            actor,
            "report.export",
            "report",
            None,
            new={
                "format": fmt,
                "from": summary.period.start,
                "to": summary.period.end,
                "file": str(out) if out else None,
            },
        )
    return data
