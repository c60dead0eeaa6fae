"""Finding a citizen from one search box: T.C. Kimlik No, phone (any spelling or its last digits),
a request/application reference, or a name (Turkish folding, words in any order).

Name search uses two indexed paths and ranks their union in Python (whole words of the name
first, then prefixes, then substrings):

* prefix of the folded full name or last name: b-tree range ``>= p AND < next(p)``
  (SQLite BINARY collation; PostgreSQL ``COLLATE "C"`` indexes, since revision srch01 covering
  ones), both ranges in one statement;
* substring anywhere: SQLite FTS5 ``trigram`` table ``search_citizen_fts``, PostgreSQL pg_trgm
  GIN index with ``LIKE '%word%'``. Words under 3 characters never go to the trigram index: a
  query made only of them is searched by prefix.

A search is one statement for a number, a phone, its last digits or a reference, and one to
three for a name: each hit row carries its current mahalle (a correlated look-up) and, for
those allowed, the whole T.C. number. On PostgreSQL the search runs without BEGIN/COMMIT and
the hit columns come from index-only scans of revision srch01's covering indexes.

Searching writes no audit row (one per keystroke would drown the trail); opening the card does.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    String,
    bindparam,
    func,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.domain.phone import format_phone, normalize_phone
from desk_app.domain.references import ReferenceKind, format_reference, parse_reference
from desk_app.domain.text import clean, fold, like_escape, sort_key
from desk_app.models import Address, BabySetApplication, Citizen, Mahalle, Request
from desk_app.services.citizens import tc_access
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, allowed, require
from desk_app.services.uow import read_only, without_transaction

FTS_TABLE = "search_citizen_fts"
MAX_LIMIT = 200
# Longer input cannot be a name (name_folded holds at most 201 characters), a number or a
# reference; it is answered with no hits without touching the database.
MAX_QUERY_LENGTH = 201
MAX_WORDS = 8
MIN_SUBSTRING = 3  # trigram indexes need three characters
MIN_SUFFIX_DIGITS = 4

_PHONE_TEXT = re.compile(r"\+?[0-9 ().\-/\u00a0]+")
_WEB_REFERENCE = re.compile(r"w[ \-_/.]*([0-9]{4})[ \-_/.]*([0-9]{1,12})")


@dataclass(frozen=True)
class CitizenHit:
    citizen_id: int
    full_name: str
    tc_masked: str | None
    phone_display: str | None
    mahalle: str | None
    matched_by: str  # "tc" | "phone" | "name" | "reference"
    reference: str | None = None


# One round trip per search where it can be: the hit rows come with their current mahalle (a
# correlated subquery on the address index) and, for those who may see it, the whole number.
# The statements are built once (a search runs on every keystroke) and take their values as
# bind parameters.

_RowSelect = Select[Any]

_COLUMNS = (
    Citizen.id,
    Citizen.first_name,
    Citizen.last_name,
    Citizen.name_folded,
    Citizen.last_name_folded,
    Citizen.tc_masked,
    Citizen.phone_e164,
)

# The current address's mahalle: the register's name, else the text as typed or imported; the
# newest current address when there are several.
_MAHALLE = (
    select(func.coalesce(func.nullif(Mahalle.name, literal_column("''")), Address.mahalle_text))
    .select_from(Address)
    .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
    .where(Address.citizen_id == Citizen.id, Address.valid_to.is_(None))
    .order_by(Address.valid_from.desc(), Address.id.desc())
    .limit(literal_column("1"))
    .scalar_subquery()
    .label("mahalle")
)


def _hit_columns(full_tc: bool) -> tuple[Any, ...]:
    """The hit row: ``_COLUMNS``, ``mahalle`` and ``tc`` (the whole number for supervisors;
    desks cannot read it (tc_access), NULL for them)."""
    tc = Citizen.tc_kimlik_no if full_tc else null().cast(Citizen.tc_kimlik_no.type)
    return (*_COLUMNS, _MAHALLE, tc.label("tc"))


def _live() -> ColumnElement[bool]:
    return Citizen.anonymised_at.is_(None)


def _cap() -> Any:
    """The page size, written into the SQL text: PostgreSQL plans a ``LIMIT $1`` as if it
    kept a tenth of the rows, so a prepared range search was planned afresh on every
    keystroke; with the number in the text its generic plan (the index range in order) is
    reused. The few sizes asked for (20, the window's page) each get their own statement."""
    return bindparam("cap", type_=Integer, literal_execute=True)


_Key = tuple[str, str, bool]  # (statement, dialect, full_tc)
_STMTS: dict[_Key, Any] = {}


def _stmt(session: Session, name: str, full_tc: bool) -> Any:
    dialect = session.get_bind().dialect.name
    key = (name, dialect, full_tc)
    stmt = _STMTS.get(key)
    if stmt is None:
        stmt = _STMTS[key] = _BUILDERS[name](dialect == "postgresql", full_tc)
    return stmt


def _run(session: Session, name: str, full_tc: bool, params: dict[str, Any]) -> Sequence[Any]:
    return session.connection().execute(_stmt(session, name, full_tc), params).all()


def _build_by_ids(postgres: bool, full_tc: bool) -> _RowSelect:
    return select(*_hit_columns(full_tc)).where(Citizen.id.in_(bindparam("ids", expanding=True)))


def _build_tc(postgres: bool, full_tc: bool) -> _RowSelect:
    found = tc_access.citizen_tc_is(postgres, "tc")
    return select(*_hit_columns(full_tc)).where(found, _live()).limit(_cap())


def _build_phone(postgres: bool, full_tc: bool) -> _RowSelect:
    return (
        select(*_hit_columns(full_tc))
        .where(Citizen.phone_e164 == bindparam("e164"), _live())
        .limit(_cap())
    )


def _build_phone_suffix(postgres: bool, full_tc: bool) -> _RowSelect:
    return (
        select(*_hit_columns(full_tc))
        .where(
            Citizen.phone_reversed >= bindparam("lo"),
            Citizen.phone_reversed < bindparam("hi"),
            _live(),
        )
        .order_by(Citizen.phone_reversed)
        .limit(_cap())
    )


def _build_phone_suffix_open(postgres: bool, full_tc: bool) -> _RowSelect:
    """All nines typed: no digit string follows them, the range has no upper end."""
    return (
        select(*_hit_columns(full_tc))
        .where(Citizen.phone_reversed >= bindparam("lo"), _live())
        .order_by(Citizen.phone_reversed)
        .limit(_cap())
    )


def _build_reference(table: Any, column: Any, extra: tuple[Any, ...]) -> Any:
    def build(postgres: bool, full_tc: bool) -> _RowSelect:
        # The first row of the reference; its citizen (none: no hit), anonymised or not.
        return (
            select(*_hit_columns(full_tc), column.label("reference"))
            .select_from(table)
            .outerjoin(Citizen, Citizen.id == table.citizen_id)
            .where(*extra)
            .limit(1)
        )

    return build


def _range_end(postgres: bool, name: str) -> Any:
    """A prefix range's end. On PostgreSQL a one-row subquery (an InitPlan the index scan reads
    as its bound at run time): the planner cannot see the value, so a custom plan costs what
    the generic one does and the prepared statement keeps its generic plan (the index range
    in order, right for any prefix) instead of planning both ranges on every keystroke
    (0.4-0.5 ms of server CPU; a prefix's estimated row count made each custom plan look
    cheaper than the generic one)."""
    if postgres:
        return select(bindparam(name, type_=String)).scalar_subquery()
    return bindparam(name)


def _prefix_branch(column: str, postgres: bool, full_tc: bool) -> _RowSelect:
    attr = Citizen.name_folded if column == "name" else Citizen.last_name_folded
    key = attr.collate("C") if postgres else attr
    # Same last names in name order: the first page of "ışık" holds Abdullah and Ali Işık,
    # not whichever Işık rows were stored first (both databases sort only the tied group).
    name = Citizen.name_folded.collate("C") if postgres else Citizen.name_folded
    order = (key,) if column == "name" else (key, name)
    return (
        select(*_hit_columns(full_tc))
        .where(key >= _range_end(postgres, "lo"), key < _range_end(postgres, "hi"), _live())
        .order_by(*order)
        .limit(_cap())
    )


def _build_prefix(postgres: bool, full_tc: bool) -> Any:
    """The first ``cap`` rows whose folded full name starts with ``lo`` and the first ``cap``
    whose folded last name does, in one statement (each an index range in index order)."""
    by_name = _prefix_branch("name", postgres, full_tc).subquery("by_name")
    by_last = _prefix_branch("last", postgres, full_tc).subquery("by_last")
    return union_all(select(by_name), select(by_last))


_BUILDERS: dict[str, Any] = {
    "ids": _build_by_ids,
    "tc": _build_tc,
    "phone": _build_phone,
    "phone_suffix": _build_phone_suffix,
    "phone_suffix_open": _build_phone_suffix_open,
    "prefix": _build_prefix,
    "request": _build_reference(
        Request,
        Request.reference,
        (Request.reference == bindparam("ref"), Request.citizen_id.is_not(None)),
    ),
    "application": _build_reference(
        BabySetApplication,
        BabySetApplication.reference,
        (BabySetApplication.reference == bindparam("ref"),),
    ),
    "web": _build_reference(
        BabySetApplication,
        BabySetApplication.web_reference,
        (BabySetApplication.web_reference.in_([bindparam("web1"), bindparam("web2")]),),
    ),
}


# --- hits -------------------------------------------------------------------------------


def _hit(row: Any, matched_by: str, reference: str | None = None) -> CitizenHit:
    phone = row.phone_e164
    return CitizenHit(
        citizen_id=row.id,
        full_name=f"{row.first_name} {row.last_name}",
        tc_masked=row.tc or row.tc_masked,
        phone_display=format_phone(phone) if phone else None,
        mahalle=row.mahalle,
        matched_by=matched_by,
        reference=reference,
    )


def hits_by_id(
    session: Session, actor: Actor, matches: Sequence[tuple[int, str]]
) -> list[CitizenHit]:
    """Hits for known citizen ids, in the given order: ``(citizen_id, matched_by)`` pairs.
    For use inside another service's session (duplicate and similar-record checks)."""
    if not matches:
        return []
    full_tc = allowed(actor, Action.VIEW_FULL_TCKN)
    rows = _run(session, "ids", full_tc, {"ids": [m[0] for m in matches]})
    found = {row.id: row for row in rows}
    return [
        _hit(found[citizen_id], matched_by)
        for citizen_id, matched_by in matches
        if citizen_id in found
    ]


def _by_name_order(rows: Sequence[Any]) -> list[Any]:
    return sorted(rows, key=lambda row: (sort_key(f"{row.first_name} {row.last_name}"), row.id))


# --- what was typed ---------------------------------------------------------------------


def _digit_successor(digits: str) -> str | None:
    """The smallest digit string greater than every string starting with ``digits``
    (``"7659"`` -> ``"766"``); None when there is none (all nines)."""
    stripped = digits.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


def _text_successor(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``, in code-point
    (= UTF-8 byte) order: the last character raised by one."""
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return prefix + "\U0010ffff"
    nxt = last + 1
    if 0xD800 <= nxt <= 0xDFFF:  # surrogates cannot be stored
        nxt = 0xE000
    return prefix[:-1] + chr(nxt)


def _by_tc(session: Session, full_tc: bool, digits: str, limit: int) -> list[CitizenHit]:
    rows = _run(session, "tc", full_tc, {"tc": digits, "cap": limit})
    return [_hit(row, "tc") for row in rows]


def _by_phone(session: Session, full_tc: bool, e164: str, limit: int) -> list[CitizenHit]:
    rows = _run(session, "phone", full_tc, {"e164": e164, "cap": limit})
    return [_hit(row, "phone") for row in _by_name_order(rows)]


def _by_phone_suffix(session: Session, full_tc: bool, digits: str, limit: int) -> list[CitizenHit]:
    low = digits[::-1]
    high = _digit_successor(low)
    if high is None:
        rows = _run(session, "phone_suffix_open", full_tc, {"lo": low, "cap": limit})
    else:
        rows = _run(session, "phone_suffix", full_tc, {"lo": low, "hi": high, "cap": limit})
    return [_hit(row, "phone") for row in _by_name_order(rows)]


def _by_reference(session: Session, full_tc: bool, typed: str) -> list[CitizenHit] | None:
    """Hits for a request/application/web reference, or None when ``typed`` is not one."""
    parsed = parse_reference(typed)
    if parsed is not None:
        kind, year, number = parsed
        name = "request" if kind is ReferenceKind.REQUEST else "application"
        params = {"ref": format_reference(kind, year, number)}
    else:
        match = _WEB_REFERENCE.fullmatch(fold(typed))
        if match is None:
            return None
        year, number = int(match.group(1)), int(match.group(2))
        name = "web"
        params = {"web1": f"W-{year}-{number:05d}", "web2": clean(typed).upper()}
    found = _run(session, name, full_tc, params)
    if not found or found[0].id is None or found[0].reference is None:
        return []
    return [_hit(found[0], "reference", found[0].reference)]


# --- names ------------------------------------------------------------------------------


# Whether an SQLite database has the FTS table (migration 0003 skips it on SQLite < 3.34).
_fts_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _has_fts(session: Session) -> bool:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    known = _fts_present.get(engine)
    if known is None:
        found = session.connection().execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
            {"n": FTS_TABLE},
        )
        known = _fts_present[engine] = found.first() is not None
    return known


def _word_start_pattern(word: str) -> str:
    return "% " + like_escape(word) + "%"


# The substring rows carry only what ranking needs (up to a hundred of them, of which a page
# is shown); the page's rows are then read whole, by id.
_SUBSTRING_STMTS: dict[tuple[int, int], Any] = {}


def _substring_stmt(long_count: int, short_count: int) -> Any:
    stmt = _SUBSTRING_STMTS.get((long_count, short_count))
    if stmt is None:
        spaced = (" " + Citizen.name_folded).self_group()
        stmt = _SUBSTRING_STMTS[(long_count, short_count)] = (
            select(Citizen.id, Citizen.name_folded, Citizen.last_name_folded)
            .where(
                *(
                    Citizen.name_folded.like(bindparam(f"w{i}"), escape="\\")
                    for i in range(long_count)
                ),
                *(spaced.like(bindparam(f"s{i}"), escape="\\") for i in range(short_count)),
                _live(),
            )
            # Bound: a substring's plan depends on the words (a scan that stops early for a
            # common one, the trigram index for a rare one), so it is planned for each.
            .limit(bindparam("cap", type_=Integer))
        )
    return stmt


def _substring_rows(session: Session, words: Sequence[str], cap: int) -> Sequence[Any]:
    """Citizens whose folded name contains every long word and has a word starting with each
    short word; at most ``cap`` rows, in no particular order: ``(id, name_folded,
    last_name_folded)``."""
    long_words = [w for w in words if len(w) >= MIN_SUBSTRING]
    short_words = [w for w in words if len(w) < MIN_SUBSTRING]
    if not long_words:
        return []
    params: dict[str, object] = {"cap": cap}
    for index, word in enumerate(short_words):
        params[f"s{index}"] = _word_start_pattern(word)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and _has_fts(session):
        # Each word is one quoted FTS5 string (quotes doubled): user text is never FTS syntax.
        # The FTS table drives the loop so that LIMIT stops it early on common words.
        params["match"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        filters = "".join(
            f" AND (' ' || c.name_folded) LIKE :s{index} ESCAPE '\\'"
            for index in range(len(short_words))
        )
        sql = (
            "SELECT c.id, c.name_folded, c.last_name_folded "
            f"FROM {FTS_TABLE} CROSS JOIN citizen AS c "
            f"ON c.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH :match "
            f"AND c.anonymised_at IS NULL{filters} LIMIT :cap"
        )
        return session.connection().execute(text(sql), params).all()
    for index, word in enumerate(long_words):
        params[f"w{index}"] = "%" + like_escape(word) + "%"
    stmt = _substring_stmt(len(long_words), len(short_words))
    return session.connection().execute(stmt, params).all()


def _name_rank(name: str, last: str, query: str, words: Sequence[str]) -> int | None:
    """0: every word is a whole word of the name (the surname "Işık", the first name "Ali");
    1: the name or last name starts with the query; 2: every word starts a word of the name
    (any order); 3: every word occurs somewhere; None: not a match. ``name`` and ``last`` are
    the folded full name and last name."""
    name_words = name.split()
    if len(words) == 1:  # the usual case, up to a hundred rows a keystroke: no generators
        if query in name_words:
            return 0
        if name.startswith(query) or last.startswith(query):
            return 1
        for name_word in name_words:
            if name_word.startswith(query):
                return 2
        return 3 if query in name else None
    if all(w in name_words for w in words):
        return 0
    if name.startswith(query) or last.startswith(query):
        return 1
    if all(any(nw.startswith(w) for nw in name_words) for w in words):
        return 2
    if all(w in name for w in words):
        return 3
    return None


def _by_name(session: Session, full_tc: bool, query: str, limit: int) -> list[CitizenHit]:
    words = query.split()[:MAX_WORDS]
    query = " ".join(words)
    # Whole rows: the first ``limit`` by full name and by last name starting with the query.
    found: dict[int, Any] = {
        row.id: row
        for row in _run(
            session, "prefix", full_tc, {"lo": query, "hi": _text_successor(query), "cap": limit}
        )
    }
    whole = set(found)
    if len(whole) < limit and any(len(w) >= MIN_SUBSTRING for w in words):
        for row in _substring_rows(session, words, max(limit * 5, 100)):
            found.setdefault(row.id, row)
    ranked: list[tuple[int, str, int, Any]] = []
    for row in found.values():
        name = row.name_folded
        rank = _name_rank(name, row.last_name_folded, query, words)
        if rank is not None:
            ranked.append((rank, name, row.id, row))
    # Cheap byte order picks the page; Turkish order (sort_key) arranges it.
    ranked.sort(key=lambda item: item[:3])
    page = sorted(ranked[:limit], key=lambda item: (item[0], sort_key(item[1]), item[2]))
    # Rows found only by the substring search are read whole for the page.
    missing = [item[2] for item in page if item[2] not in whole]
    if missing:
        for row in _run(session, "ids", full_tc, {"ids": missing}):
            found[row.id] = row
    return [_hit(found[item[2]], "name") for item in page]


# --- entry point ------------------------------------------------------------------------


def search_citizens(db: Database, actor: Actor, text: str, limit: int = 20) -> list[CitizenHit]:
    """What the desk's search box shows for ``text``; an empty list when nothing matches or the
    input cannot be a citizen's name, number or reference."""
    require(actor, Action.SEARCH_CITIZENS)
    limit = max(1, min(int(limit), MAX_LIMIT))
    typed = clean(text[: MAX_QUERY_LENGTH * 4])
    if not typed or len(typed) > MAX_QUERY_LENGTH:
        return []
    full_tc = allowed(actor, Action.VIEW_FULL_TCKN)
    with read_only(db) as session:
        # Each search is one statement or a few independent reads.
        without_transaction(session)
        by_reference = _by_reference(session, full_tc, typed)
        if by_reference is not None:
            return by_reference
        if _PHONE_TEXT.fullmatch(typed):
            digits = "".join(c for c in typed if c.isascii() and c.isdigit())
            if len(digits) == 11 and digits[0] != "0" and not typed.startswith("+"):
                return _by_tc(session, full_tc, digits, limit)
            try:
                e164 = normalize_phone(typed)
            except ValidationError:
                e164 = None
            if e164 is not None:
                return _by_phone(session, full_tc, e164, limit)
            if MIN_SUFFIX_DIGITS <= len(digits) <= 10:
                return _by_phone_suffix(session, full_tc, digits, limit)
            return []
        query = fold(typed)
        if not query:
            return []
        return _by_name(session, full_tc, query, limit)
