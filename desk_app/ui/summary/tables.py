"""The summary's figures as ``TableData`` for the page, each count linked to the list behind it:

- a channel's count: Ön Masa, that channel, the period's days (every status);
- a request status / directorate cell: Ön Masa, that directorate and/or status, the period;
- "Süresi geçmiş": the overdue filter; "… saatte bildirilmedi": the inform-late filter;
- a month × channel cell: that channel, the month's days within the period;
- an application state: Başvurular, that status, the period's application days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from desk_app.domain.states import ApplicationStatus, RequestStatus
from desk_app.services.applications import ApplicationFilter
from desk_app.services.reporting import (
    APPLICATION_STATUS_NAMES,
    REQUEST_STATUS_NAMES,
    MonthFigure,
    Period,
    Summary,
)
from desk_app.services.requests import RequestFilter
from desk_app.ui.kit.formatting import format_day
from desk_app.ui.kit.i18n import tr
from desk_app.ui.summary.models import (
    Cell,
    Link,
    TableData,
    cells,
    format_share,
    month_label,
)

REQUESTS_PAGE = "requests"
APPLICATIONS_PAGE = "applications"
# Short column headers of the wide tables (as in the report; full names in the channel table).
SHORT_CHANNEL_NAMES = {
    "DESK": "Masa",
    "WEB": "Web",
    "CIMER": "CİMER",
    "ACIK_KAPI": "Açık Kapı",
    "WHATSAPP": "WhatsApp",
    "CALL_153": "153",
    "FIELD": "Saha",
}
PIPELINE_BARS = ("Başvuru", "Onaylı", "Uygun değil", "Mükerrer", "Planlı", "Teslim")


def request_link(start: date, end: date, *, statuses: tuple[str, ...] = (), **kwargs: Any) -> Link:
    return Link(
        REQUESTS_PAGE, RequestFilter(statuses=statuses, date_from=start, date_to=end, **kwargs)
    )


def application_link(period: Period, statuses: tuple[str, ...] = ()) -> Link:
    return Link(
        APPLICATIONS_PAGE,
        ApplicationFilter(statuses=statuses, date_from=period.start, date_to=period.end),
    )


def short_channel(code: str, name: str) -> str:
    return SHORT_CHANNEL_NAMES.get(code, name)


def channels_table(s: Summary) -> TableData:
    p, total = s.period, s.requests.total
    rows = [
        cells(
            c.name,
            Cell(c.count, request_link(p.start, p.end, channel_code=c.code)),
            Cell(share, text=format_share(share)),
        )
        for c, share in ((c, c.count / total if total else None) for c in s.channels)
    ]
    rows.append(cells(tr("Toplam"), Cell(total, request_link(p.start, p.end)), Cell(None, text="")))
    return TableData(
        "channels",
        tr("Kanallara göre talepler"),
        (tr("Kanal"), tr("Talep"), tr("Pay")),
        tuple(rows),
        bold_last_row=True,
    )


def statuses_table(s: Summary) -> TableData:
    p, r = s.period, s.requests
    rows = [
        cells(
            tr(REQUEST_STATUS_NAMES[st.value]),
            Cell(r.by_status[st.value], request_link(p.start, p.end, statuses=(st.value,))),
        )
        for st in RequestStatus
    ]
    rows.append(cells(tr("Süresi geçmiş (açık)"), Cell(r.overdue, overdue_link(p))))
    rows.append(
        cells(
            tr("{0} saatte bildirilmedi").format(s.inform_within_hours),
            Cell(r.informed_measured - r.informed_in_time, inform_late_link(p)),
        )
    )
    rows.append(cells(tr("Toplam"), Cell(r.total, request_link(p.start, p.end))))
    return TableData(
        "statuses",
        tr("Durumlarına göre talepler"),
        (tr("Durum"), tr("Talep")),
        tuple(rows),
        bold_last_row=True,
    )


def overdue_link(p: Period, directorate_id: int | None = None) -> Link:
    return request_link(p.start, p.end, directorate_id=directorate_id, overdue_only=True)


def inform_late_link(p: Period, directorate_id: int | None = None) -> Link:
    return request_link(p.start, p.end, directorate_id=directorate_id, inform_late_only=True)


def month_days(month: MonthFigure, period: Period) -> tuple[date, date]:
    """The month's days within the period."""
    following = (month.month + timedelta(days=32)).replace(day=1)
    return max(month.month, period.start), min(following - timedelta(days=1), period.end)


def months_table(s: Summary) -> TableData:
    header = (tr("Ay"), *(short_channel(c.code, c.name) for c in s.channels), tr("Toplam"))
    rows = []
    for m in s.months:
        start, end = month_days(m, s.period)
        rows.append(
            cells(
                month_label(m.month),
                *(
                    Cell(m.counts.get(c.code, 0), request_link(start, end, channel_code=c.code))
                    for c in s.channels
                ),
                Cell(sum(m.counts.values()), request_link(start, end)),
            )
        )
    return TableData("months", tr("Aylara ve kanallara göre talepler"), header, tuple(rows))


DIRECTORATE_STATUSES = tuple(RequestStatus)


def directorates_table(s: Summary) -> TableData:
    p, hours = s.period, s.inform_within_hours
    header = (
        tr("Müdürlük"),
        tr("Toplam"),
        *(tr(REQUEST_STATUS_NAMES[st.value]) for st in DIRECTORATE_STATUSES),
        tr("Süresi\ngeçmiş"),
        tr("Cevaba\nortanca gün"),
        tr("{0} saatte\nbildirilen").format(hours),
        tr("{0} saatte\nbildirilmedi").format(hours),
    )
    rows = []
    figures = [(d.id, d.name, d.figures) for d in s.directorates]
    figures.append((None, tr("Toplam"), s.requests))
    for n, (dir_id, name, f) in enumerate(figures):
        total_row = n == len(figures) - 1
        linked = total_row or dir_id is not None  # "(yönlendirilmemiş)" has no filter

        def link(linked: bool = linked, dir_id: int | None = dir_id, **kwargs: Any) -> Link | None:
            if not linked:
                return None
            return request_link(p.start, p.end, directorate_id=dir_id, **kwargs)

        rows.append(
            cells(
                name,
                Cell(f.total, link()),
                *(
                    Cell(f.by_status[st.value], link(statuses=(st.value,)))
                    for st in DIRECTORATE_STATUSES
                ),
                Cell(f.overdue, link(overdue_only=True)),
                Cell(f.median_answer_days),
                Cell(f.informed_share, text=format_share(f.informed_share)),
                Cell(f.informed_measured - f.informed_in_time, link(inform_late_only=True)),
            )
        )
    return TableData(
        "directorates",
        tr("Müdürlüklere ve durumlarına göre talepler"),
        header,
        tuple(rows),
        bold_last_row=True,
        note=tr(
            "Süresi geçmiş: bugün hâlâ açık ve son günü geçmiş. Bildirim oranı: kime iletileceği "
            "belli olan cevaplardan {0} saat içinde vatandaşa iletilenlerin payı; süresi dolmamış "
            "ve henüz iletilmemiş cevaplar sayılmaz."
        ).format(hours),
    )


def pipeline_table(s: Summary) -> TableData:
    p, per = s.pipeline, s.period
    rows = [cells(tr("Başvuru (dönemde alınan)"), Cell(p.applied, application_link(per)))]
    rows += [
        cells(
            "  " + tr(APPLICATION_STATUS_NAMES[st.value]),
            Cell(p.by_status[st.value], application_link(per, (st.value,))),
        )
        for st in ApplicationStatus
    ]
    rows += [
        cells(tr("Onaylanan (planlı ve teslim dahil)"), p.approved_total),
        cells(tr("Dönemde teslim edilen set"), p.delivered_in_period),
        cells(tr("  adrese teslim"), p.home_deliveries),
        cells(tr("  masadan teslim"), p.desk_pickups),
        cells(tr("Başarısız teslim denemesi"), p.failed_attempts),
        *reminder_rows(s),
        cells(tr("Başvurudan teslime ortanca gün"), p.median_days_to_delivery),
        cells(tr("Depodaki set"), s.stock_on_hand),
        cells(tr("Planlı (bekleyen) teslimat"), s.stock_booked),
    ]
    return TableData(
        "pipeline",
        tr("Hoş Geldin Bebek süreci"),
        (tr("Aşama"), tr("Sayı")),
        tuple(rows),
        note=tr(
            "Durumlar dönemde alınan başvuruların bugünkü durumudur; teslim sayıları dönem "
            "içinde yapılan teslimlerdir."
        ),
    )


def reminder_rows(s: Summary) -> list[tuple[Cell, ...]]:
    """Failed home visits of the families reminded the day before by SMS and of the others."""
    r = s.reminders
    if r is None:
        return []

    def rate(failed: int, total: int, percent: float | None) -> Cell:
        shown = "—" if percent is None else f"{failed} / {total} (%{percent:.1f})"
        return Cell(percent, text=shown)

    return [
        cells(
            tr("Başarısız ziyaret: SMS ile hatırlatılan"),
            rate(r.reminded_failed, r.reminded, r.reminded_rate),
        ),
        cells(
            tr("Başarısız ziyaret: hatırlatılmayan"),
            rate(r.not_reminded_failed, r.not_reminded, r.not_reminded_rate),
        ),
    ]


def pipeline_bars(s: Summary) -> tuple[int, ...]:
    """The pipeline chart's bars, in ``PIPELINE_BARS`` order."""
    p = s.pipeline
    return (
        p.applied,
        p.approved_total,
        p.by_status[ApplicationStatus.INELIGIBLE.value],
        p.by_status[ApplicationStatus.SUSPECTED_DUPLICATE.value],
        p.by_status[ApplicationStatus.SCHEDULED.value],
        p.by_status[ApplicationStatus.DELIVERED.value],
    )


def teams_table(s: Summary) -> TableData:
    header = (tr("Hafta"), *s.team_names, tr("Toplam"))
    rows = [
        cells(
            format_day(w.week_start),
            *(w.counts.get(n, 0) for n in s.team_names),
            sum(w.counts.values()),
        )
        for w in s.team_weeks
    ]
    rows.append(
        cells(
            tr("Toplam"),
            *(sum(w.counts.get(n, 0) for w in s.team_weeks) for n in s.team_names),
            sum(sum(w.counts.values()) for w in s.team_weeks),
        )
    )
    return TableData(
        "teams",
        tr("Ekiplere göre haftalık adrese teslim"),
        header,
        tuple(rows),
        bold_last_row=True,
    )
