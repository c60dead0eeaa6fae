"""Request lists for the table and the summary: filters in SQL, counts, pages.

Pages are newest first (created_at desc, id desc). ``list_requests`` takes offset/limit;
``list_requests_after`` continues after the last row shown and ``list_requests_before`` gives the
rows just above the first one shown (keyset), which stays fast however deep the user scrolls into
1.7M rows; ``list_requests_from_end`` counts its offset from the oldest row, so the last page is
an index walk from the other end, as fast as the first. "overdue" and "inform_late" are computed
in SQL with the same rules as the flags on each row.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Interval,
    Select,
    String,
    and_,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
    type_coerce,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ, local_today
from desk_app.domain.references import format_reference, parse_reference
from desk_app.domain.text import fold, like_escape, turkish_upper
from desk_app.models import Category, Channel, Citizen, Directorate, Request, utcnow
from desk_app.services.context import Actor
from desk_app.services.filters import bounded_filter
from desk_app.services.permissions import Action, require
from desk_app.services.requests.common import (
    OPEN_STATUSES,
    RequestRow,
    citizen_display_name,
    inform_within,
    is_inform_late,
    is_overdue,
    status_label,
)
from desk_app.services.uow import read_only

MAX_PAGE = 1000
FEW_CANDIDATES = 30_000  # rows a page query may sort instead of walking the date index
# A word of the subject (revision word01): SQLite's FTS5 trigram table, PostgreSQL's pg_trgm
# index on request.subject_folded. Trigram indexes need three characters; a word in at most
# FEW_WORD_ROWS subjects is read through the index and its matches sorted (472 rows: 4 ms on
# the ten-year file), a commoner one by walking the list in order and looking at each subject
# (a word in 70 % of the subjects fills a page after ~140 rows; sorting its 1.2M index hits
# takes a second). Both give the same rows.
SUBJECT_FTS = "search_request_fts"
MIN_INDEXED_WORD = 3
FEW_WORD_ROWS = 5_000


@dataclass(frozen=True)
class RequestFilter:
    statuses: tuple[str, ...] = ()
    directorate_id: int | None = None
    channel_code: str | None = None
    overdue_only: bool = False
    inform_late_only: bool = False
    mine: bool = False
    date_from: date | None = None  # created on or after this local day
    date_to: date | None = None  # created on or before this local day
    citizen_id: int | None = None
    text: str = ""  # a reference (any spelling: exact match) or else part of the subject


def folded_contains(column: Any, needle: str, dialect: str) -> ColumnElement[bool]:
    """``needle`` (already folded) occurs in ``fold(column)``, for text stored ``clean``.

    Only the upper-case letters that fold into a letter of the needle are replaced (I -> ı and
    İ -> i the Turkish way); other characters cannot take part in a match, so they may stay as
    they are. The test is a case-sensitive instr()/strpos() (SQLite's LIKE would match I with i),
    so no wildcard needs escaping.
    """
    expr: Any = column
    for char in sorted(set(needle)):
        if char == "ı":
            upper = "I"
        elif char == "i":
            upper = "İ"
        else:
            upper = turkish_upper(char)
        if upper != char and len(upper) == 1 and fold(upper) == char:
            expr = func.replace(expr, upper, char)
    position = func.instr(expr, needle) if dialect == "sqlite" else func.strpos(expr, needle)
    return position > 0


_SUBJECT_FTS = table(SUBJECT_FTS, column("rowid"), column(SUBJECT_FTS))

# Whether an SQLite database has the FTS table (revision word01 skips it on SQLite < 3.34).
_subject_fts_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _subject_indexed(session: Session) -> bool:
    """Whether the database has revision word01's index of the folded subject."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return engine.dialect.name == "postgresql"
    assert isinstance(engine, Engine)
    known = _subject_fts_present.get(engine)
    if known is None:
        found = session.execute(
            sql_text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
            {"n": SUBJECT_FTS},
        )
        known = _subject_fts_present[engine] = found.first() is not None
    return known


def _subject_like(needle: str) -> ColumnElement[bool]:
    # LIKE is case-sensitive on PostgreSQL (the folded column needs no folding of its own).
    return Request.subject_folded.like("%" + like_escape(needle) + "%", escape="\\")


def _word_ids(session: Session, needle: str) -> Select[Any]:
    """The ids of the requests whose folded subject contains ``needle``, through the index."""
    if session.get_bind().dialect.name == "sqlite":
        # One quoted FTS5 string (quotes doubled): what was typed is never FTS syntax.
        phrase = '"' + needle.replace('"', '""') + '"'
        match = _SUBJECT_FTS.c[SUBJECT_FTS].op("MATCH")(phrase)
        return select(_SUBJECT_FTS.c.rowid).where(match)
    return select(Request.id).where(_subject_like(needle))


def _indexed_word(session: Session, needle: str) -> bool:
    """Whether the index serves a word of the subject: at least three characters, in at most
    ``FEW_WORD_ROWS`` subjects (the probe reads at most that many index entries)."""
    if len(needle) < MIN_INDEXED_WORD or not _subject_indexed(session):
        return False
    some = _word_ids(session, needle).limit(FEW_WORD_ROWS + 1).subquery()
    return (session.scalar(select(func.count()).select_from(some)) or 0) <= FEW_WORD_ROWS


def _subject_contains(session: Session, needle: str) -> ColumnElement[bool]:
    """``needle`` (folded) occurs in the folded subject. Words of three characters and more
    are looked up in ``subject_folded`` (through its index when they are rare); shorter ones,
    and every word on an SQLite without FTS5 trigrams, fold the subject in the query."""
    dialect = session.get_bind().dialect.name
    if len(needle) < MIN_INDEXED_WORD or not _subject_indexed(session):
        return folded_contains(Request.subject, needle, dialect)
    if dialect == "sqlite":
        if _indexed_word(session, needle):
            return Request.id.in_(_word_ids(session, needle))
        return func.instr(Request.subject_folded, needle) > 0
    # PostgreSQL's planner picks the trigram index or the walk in list order by itself.
    return _subject_like(needle)


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)


def _informed_too_late(session: Session, within: timedelta) -> ColumnElement[bool]:
    """informed_at - answered_at > within, in the dialect's date arithmetic."""
    if session.get_bind().dialect.name == "sqlite":
        fmt = "%Y-%m-%d %H:%M:%f"
        seconds = f"+{within.total_seconds():.3f} seconds"
        return func.strftime(fmt, Request.informed_at) > func.strftime(
            fmt, Request.answered_at, seconds
        )
    return Request.informed_at > Request.answered_at + literal(within, Interval())


def _few_candidates(session: Session, actor: Actor, f: RequestFilter, today: date) -> bool:
    """Whether one indexed condition of ``f`` alone leaves at most ``FEW_CANDIDATES`` rows;
    each probe reads at most that many index entries."""
    probes: list[list[ColumnElement[bool]]] = []
    if f.statuses:
        probes.append([Request.status.in_(f.statuses)])
    if f.overdue_only:
        probes.append([Request.status.in_(OPEN_STATUSES), Request.due_date < today])
    if f.directorate_id is not None:
        probes.append([Request.directorate_id == f.directorate_id])
    if f.mine and actor.user_id is not None:
        probes.append([Request.created_by_id == actor.user_id])
    for conds in probes:
        some = select(literal(1)).select_from(Request).where(*conds).limit(FEW_CANDIDATES + 1)
        if (session.scalar(select(func.count()).select_from(some.subquery())) or 0) <= (
            FEW_CANDIDATES
        ):
            return True
    return False


def _conditions(
    session: Session,
    actor: Actor,
    f: RequestFilter,
    today: date,
    now: datetime,
    *,
    for_page: bool = False,
) -> list[ColumnElement[bool]]:
    # SQLite's planner would take the status/directorate/creator index for a page and sort
    # every match (a second on 1.7M rows); walking ix_request_created newest first and stopping
    # after one page is the fast plan, so for pages those columns are wrapped to keep their
    # index out. PostgreSQL chooses well by itself; counts use the indexes everywhere.
    # Unless one of those indexes leaves only a few rows (the open requests of ten years): the
    # walk would then pass over the whole table to fill a page, sorting the few is fast.
    hide = (
        for_page
        and session.get_bind().dialect.name == "sqlite"
        and not _few_candidates(session, actor, f, today)
    )
    # One status (Kapalı: nearly every row) has its own index in list order,
    # ix_request_status_created: a page or a skip to the middle walks it without reading rows.
    # (as plain text: "" is no RequestStatus, so the enum column type would refuse it)
    one_status = len(f.statuses) == 1 and not f.overdue_only
    status: Any = (
        type_coerce(Request.status, String()).concat("")
        if hide and not one_status
        else Request.status
    )
    # Likewise one directorate without a status filter: ix_request_directorate_created.
    one_directorate = f.directorate_id is not None and not f.statuses and not f.overdue_only
    directorate: Any = (
        Request.directorate_id + 0 if hide and not one_directorate else Request.directorate_id
    )
    creator: Any = Request.created_by_id + 0 if hide else Request.created_by_id
    conds: list[ColumnElement[bool]] = []
    if f.statuses:
        conds.append(status.in_(f.statuses))
    if f.directorate_id is not None:
        conds.append(directorate == f.directorate_id)
    if f.channel_code:
        channel_id = session.scalar(select(Channel.id).where(Channel.code == f.channel_code))
        conds.append(Request.channel_id == channel_id if channel_id is not None else false())
    if f.overdue_only:
        conds.append(status.in_(OPEN_STATUSES))
        conds.append(Request.due_date < today)
    if f.inform_late_only:
        within = inform_within(session)
        conds.append(Request.answered_at.is_not(None))
        conds.append(Request.citizen_id.is_not(None))  # nobody to inform on anonymous ones
        conds.append(
            or_(
                and_(Request.informed_at.is_(None), Request.answered_at < now - within),
                and_(Request.informed_at.is_not(None), _informed_too_late(session, within)),
            )
        )
    if f.mine:
        conds.append(creator == actor.user_id if actor.user_id is not None else false())
    if f.date_from is not None:
        conds.append(Request.created_at >= _local_midnight(f.date_from))
    if f.date_to is not None:
        conds.append(Request.created_at < _local_midnight(f.date_to + timedelta(days=1)))
    if f.citizen_id is not None:
        conds.append(Request.citizen_id == f.citizen_id)
    text = fold(bounded_filter(f.text))
    if text:
        parsed = parse_reference(text)
        if parsed is not None:  # a typed or scanned reference: the unique index finds it
            kind, year, number = parsed
            conds.append(Request.reference == format_reference(kind, year, number))
        else:
            conds.append(_subject_contains(session, text))
    return conds


def count_requests(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> int:
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    with read_only(db) as session:
        conds = _conditions(session, actor, f, today or local_today(now), now)
        return session.scalar(select(func.count(Request.id)).where(*conds)) or 0


def _slow_to_skip(session: Session, f: RequestFilter) -> bool:
    """Whether skipping rows of ``f`` by offset reads the rows themselves: no index holds
    "informed too late", nor a word of the subject that is short, common or on an SQLite
    without FTS5 trigrams, so every row up to the offset is read (seconds deep into 1.7M
    rows). A rare word's few rows come from the index and are sorted: any offset is quick."""
    if f.inform_late_only:
        return True
    needle = fold(bounded_filter(f.text))
    if not needle or parse_reference(needle) is not None:
        return False
    return not _indexed_word(session, needle)


def count_requests_marked(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    every: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> tuple[int, list[tuple[datetime, int]]]:
    """The count of ``f`` and, when its rows are slow to skip, checkpoints: the key
    (created_at, id) of every ``every``-th row in list order (``marks[k]`` is the key of row
    ``(k + 1) * every - 1``), so the page at any offset that is a multiple of ``every`` is read
    after a mark instead of by offset. Both come from one walk in list order, which costs about
    what the count of such a filter costs anyway. Other filters: the plain count, no marks."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    with read_only(db) as session:
        if every < 1 or not _slow_to_skip(session, f):
            conds = _conditions(session, actor, f, today or local_today(now), now)
            return session.scalar(select(func.count(Request.id)).where(*conds)) or 0, []
        conds = _conditions(session, actor, f, today or local_today(now), now, for_page=True)
        order = (Request.created_at.desc(), Request.id.desc())
        walk = (
            select(
                Request.created_at,
                Request.id,
                func.row_number().over(order_by=order).label("rn"),
                func.lead(Request.id).over(order_by=order).label("next_id"),
            )
            .where(*conds)
            .subquery()
        )
        stmt = select(walk.c.created_at, walk.c.id, walk.c.rn, walk.c.next_id).where(
            or_(walk.c.rn % every == 0, walk.c.next_id.is_(None))
        )
        total = 0
        marks: list[tuple[datetime, int]] = []
        for created_at, row_id, rn, next_id in session.execute(stmt):
            if rn % every == 0:
                marks.append((created_at, row_id))
            if next_id is None:
                total = int(rn)
        return total, marks


def _rows(
    session: Session,
    conds: list[ColumnElement[bool]],
    limit: int,
    now: datetime,
    today: date,
    *,
    offset: int = 0,
    ascending: bool = False,
) -> list[RequestRow]:
    """At most ``limit`` rows after skipping ``offset``, always returned newest first; with
    ``ascending`` the rows are read oldest first (skipping the ``offset`` oldest ones)."""
    if ascending:
        order = (Request.created_at.asc(), Request.id.asc())
    else:
        order = (Request.created_at.desc(), Request.id.desc())
    # The names of the channel, category and directorate come in the same query (joins on
    # primary keys for at most a page of rows): one round trip a page instead of four.
    stmt = (
        select(
            Request.id,
            Request.reference,
            Request.created_at,
            Citizen.first_name,
            Citizen.last_name,
            Channel.name.label("channel_name"),
            Category.name.label("category_name"),
            Directorate.short.label("directorate_short"),
            Request.subject,
            Request.status,
            Request.due_date,
            Request.answered_at,
            Request.informed_at,
            Request.citizen_id,
        )
        .outerjoin(Citizen, Citizen.id == Request.citizen_id)
        .outerjoin(Channel, Channel.id == Request.channel_id)
        .outerjoin(Category, Category.id == Request.category_id)
        .outerjoin(Directorate, Directorate.id == Request.directorate_id)
        .order_by(*order)
        .limit(max(0, min(limit, MAX_PAGE)))
    )
    # The page is chosen on the ids alone, then its rows are read with their names. Deep in
    # the list (the scroll bar dragged to the middle) the skip walks the index without reading
    # the rows and their citizens (1.7M rows: a tenth of a second instead of seconds); when the
    # matches are sorted instead (a few thousand rows of one creator), only the page's hundred
    # rows are joined, not every match before the sort.
    page = (
        select(Request.id)
        .where(*conds)
        .order_by(*order)
        .offset(offset if offset > 0 else None)
        .limit(max(0, min(limit, MAX_PAGE)))
    )
    stmt = stmt.where(Request.id.in_(page))
    within = inform_within(session)
    out: list[RequestRow] = []
    for r in session.execute(stmt):
        out.append(
            RequestRow(
                id=r.id,
                reference=r.reference,
                created_at=r.created_at,
                citizen_name=citizen_display_name(r.first_name, r.last_name),
                channel_name=r.channel_name or "",
                category_name=r.category_name or "",
                directorate_short=r.directorate_short or "",
                subject=r.subject,
                status=r.status,
                status_label=status_label(r.status),
                due_date=r.due_date,
                overdue=is_overdue(r.status, r.due_date, today),
                inform_late=is_inform_late(
                    r.answered_at,
                    r.informed_at,
                    now,
                    within,
                    has_citizen=r.citizen_id is not None,
                ),
            )
        )
    if ascending:
        out.reverse()
    return out


def list_requests(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    offset: int,
    limit: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> list[RequestRow]:
    """One page, newest first (at most 1000 rows)."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    today = today or local_today(now)
    with read_only(db) as session:
        conds = _conditions(session, actor, f, today, now, for_page=True)
        return _rows(session, conds, limit, now, today, offset=offset)


def list_requests_after(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    after: tuple[datetime, int] | None,
    limit: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> list[RequestRow]:
    """The page after the row ``after`` = (created_at, id) of the last row shown; None for the
    first page. Same order as ``list_requests``."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    today = today or local_today(now)
    with read_only(db) as session:
        conds = _conditions(session, actor, f, today, now, for_page=True)
        if after is not None:
            created_at, row_id = after
            # The first condition bounds the index scan; the second breaks ties on the id.
            conds.append(Request.created_at <= created_at)
            conds.append(or_(Request.created_at < created_at, Request.id < row_id))
        return _rows(session, conds, limit, now, today)


def list_requests_before(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    before: tuple[datetime, int] | None,
    limit: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> list[RequestRow]:
    """The ``limit`` rows just above the row ``before`` = (created_at, id) of the first row
    shown (None: the last page, the oldest rows), newest first like ``list_requests``."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    today = today or local_today(now)
    with read_only(db) as session:
        conds = _conditions(session, actor, f, today, now, for_page=True)
        if before is not None:
            created_at, row_id = before
            conds.append(Request.created_at >= created_at)
            conds.append(or_(Request.created_at > created_at, Request.id > row_id))
        return _rows(session, conds, limit, now, today, ascending=True)


def list_requests_from_end(
    db: Database,
    actor: Actor,
    f: RequestFilter,
    from_end: int,
    limit: int,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> list[RequestRow]:
    """The ``limit`` rows above the ``from_end`` oldest ones, newest first: with ``total``
    matches, the rows ``list_requests`` gives at offset ``total - from_end - limit``. Near the
    end of a long list this reads a few rows from the old end of the index instead of
    skipping over the whole list."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    today = today or local_today(now)
    with read_only(db) as session:
        conds = _conditions(session, actor, f, today, now, for_page=True)
        return _rows(session, conds, limit, now, today, offset=from_end, ascending=True)
