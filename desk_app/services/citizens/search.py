"""Finding a citizen from one search box: T.C. Kimlik No, phone (any spelling or its last digits),
a request/application reference, or a name (Turkish folding, words in any order).

Name search uses two indexed paths and ranks their union in Python (whole words of the name
first, then prefixes, then substrings):

* prefix of the folded full name or last name: b-tree range ``>= p AND < next(p)``
  (SQLite BINARY collation; PostgreSQL ``COLLATE "C"`` indexes from migration 0003);
* substring anywhere: SQLite FTS5 ``trigram`` table ``search_citizen_fts``, PostgreSQL pg_trgm
  GIN index with ``LIKE '%word%'``. Words under 3 characters never go to the trigram index: a
  query made only of them is searched by prefix.

Searching writes no audit row (one per keystroke would drown the trail); opening the card does.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, Integer, Select, and_, bindparam, select, text
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
from desk_app.services.uow import read_only

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


@dataclass(frozen=True)
class _Row:
    id: int
    first_name: str
    last_name: str
    name_folded: str
    last_name_folded: str
    tc_masked: str | None
    phone_e164: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


_RowSelect = Select[int, str, str, str, str, str | None, str | None]

_COLUMNS = (
    Citizen.id,
    Citizen.first_name,
    Citizen.last_name,
    Citizen.name_folded,
    Citizen.last_name_folded,
    Citizen.tc_masked,
    Citizen.phone_e164,
)


def _rows(session: Session, stmt: _RowSelect) -> list[_Row]:
    return [_Row(*row) for row in session.connection().execute(stmt).all()]


def _base() -> _RowSelect:
    return select(*_COLUMNS)


def _live() -> ColumnElement[bool]:
    return Citizen.anonymised_at.is_(None)


# --- hits -------------------------------------------------------------------------------


_MAHALLE_STMT = (
    select(Address.citizen_id, Mahalle.name, Address.mahalle_text)
    .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
    .where(Address.citizen_id.in_(bindparam("ids", expanding=True)), Address.valid_to.is_(None))
    .order_by(Address.valid_from)
)


def _current_mahalleler(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.connection().execute(_MAHALLE_STMT, {"ids": list(ids)}).all()
    return {cid: name or typed for cid, name, typed in rows}


def _full_numbers(session: Session, ids: Sequence[int]) -> dict[int, str]:
    if not ids:
        return {}
    stmt = select(Citizen.id, Citizen.tc_kimlik_no).where(
        Citizen.id.in_(list(ids)), Citizen.tc_kimlik_no.is_not(None)
    )
    return {cid: tc for cid, tc in session.connection().execute(stmt).all() if tc}


def _hits(
    session: Session,
    actor: Actor,
    rows: Sequence[_Row],
    matched_by: str,
    references: dict[int, str] | None = None,
) -> list[CitizenHit]:
    ids = [row.id for row in rows]
    # Supervisors see the whole number; desks cannot read it (tc_access) and get tc_masked.
    full = _full_numbers(session, ids) if allowed(actor, Action.VIEW_FULL_TCKN) else {}
    mahalleler = _current_mahalleler(session, ids)
    refs = references or {}
    return [
        CitizenHit(
            citizen_id=row.id,
            full_name=row.full_name,
            tc_masked=full.get(row.id, row.tc_masked),
            phone_display=format_phone(row.phone_e164) if row.phone_e164 else None,
            mahalle=mahalleler.get(row.id),
            matched_by=matched_by,
            reference=refs.get(row.id),
        )
        for row in rows
    ]


def hits_by_id(
    session: Session, actor: Actor, matches: Sequence[tuple[int, str]]
) -> list[CitizenHit]:
    """Hits for known citizen ids, in the given order: ``(citizen_id, matched_by)`` pairs.
    For use inside another service's session (duplicate and similar-record checks)."""
    if not matches:
        return []
    found = {
        row.id: row
        for row in _rows(session, _base().where(Citizen.id.in_([m[0] for m in matches])))
    }
    out: list[CitizenHit] = []
    for citizen_id, matched_by in matches:
        row = found.get(citizen_id)
        if row is not None:
            out.extend(_hits(session, actor, [row], matched_by))
    return out


def _by_name_order(rows: Sequence[_Row]) -> list[_Row]:
    return sorted(rows, key=lambda row: (sort_key(row.full_name), row.id))


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


def _by_tc(session: Session, actor: Actor, digits: str, limit: int) -> list[CitizenHit]:
    found = tc_access.citizen_tc_in(session, [digits])
    rows = _rows(session, _base().where(found, _live()).limit(limit))
    return _hits(session, actor, rows, "tc")


def _by_phone(session: Session, actor: Actor, e164: str, limit: int) -> list[CitizenHit]:
    rows = _rows(session, _base().where(Citizen.phone_e164 == e164, _live()).limit(limit))
    return _hits(session, actor, _by_name_order(rows), "phone")


def _by_phone_suffix(session: Session, actor: Actor, digits: str, limit: int) -> list[CitizenHit]:
    low = digits[::-1]
    high = _digit_successor(low)
    cond = Citizen.phone_reversed >= low
    if high is not None:
        cond = and_(cond, Citizen.phone_reversed < high)
    stmt = _base().where(cond, _live()).order_by(Citizen.phone_reversed).limit(limit)
    return _hits(session, actor, _by_name_order(_rows(session, stmt)), "phone")


def _by_reference(session: Session, actor: Actor, typed: str) -> list[CitizenHit] | None:
    """Hits for a request/application/web reference, or None when ``typed`` is not one."""
    parsed = parse_reference(typed)
    stmt: Select[int | None, str | None]
    if parsed is not None:
        kind, year, number = parsed
        reference = format_reference(kind, year, number)
        if kind is ReferenceKind.REQUEST:
            stmt = select(Request.citizen_id, Request.reference).where(
                Request.reference == reference, Request.citizen_id.is_not(None)
            )
        else:
            stmt = select(BabySetApplication.citizen_id, BabySetApplication.reference).where(
                BabySetApplication.reference == reference
            )
    else:
        match = _WEB_REFERENCE.fullmatch(fold(typed))
        if match is None:
            return None
        year, number = int(match.group(1)), int(match.group(2))
        candidates = {f"W-{year}-{number:05d}", clean(typed).upper()}
        stmt = select(BabySetApplication.citizen_id, BabySetApplication.web_reference).where(
            BabySetApplication.web_reference.in_(candidates)
        )
    found = session.connection().execute(stmt.limit(1)).first()
    if found is None:
        return []
    citizen_id, reference = found
    if citizen_id is None or reference is None:
        return []
    rows = _rows(session, _base().where(Citizen.id == citizen_id))
    return _hits(session, actor, rows, "reference", {citizen_id: reference})


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


def _prefix_stmt(column: str, dialect: str) -> _RowSelect:
    attr = Citizen.name_folded if column == "name" else Citizen.last_name_folded
    key = attr.collate("C") if dialect == "postgresql" else attr
    # Same last names in name order: the first page of "ışık" holds Abdullah and Ali Işık,
    # not whichever Işık rows were stored first (both databases sort only the tied group).
    name = Citizen.name_folded.collate("C") if dialect == "postgresql" else Citizen.name_folded
    order = (key,) if column == "name" else (key, name)
    return (
        _base()
        .where(key >= bindparam("lo"), key < bindparam("hi"), _live())
        .order_by(*order)
        .limit(bindparam("cap", type_=Integer))
    )


# Built once per (column, dialect): a search runs on every keystroke.
_PREFIX_STMTS: dict[tuple[str, str], _RowSelect] = {}


def _prefix_rows(session: Session, column: str, prefix: str, cap: int) -> list[_Row]:
    dialect = session.get_bind().dialect.name
    stmt = _PREFIX_STMTS.get((column, dialect))
    if stmt is None:
        stmt = _PREFIX_STMTS[(column, dialect)] = _prefix_stmt(column, dialect)
    params = {"lo": prefix, "hi": _text_successor(prefix), "cap": cap}
    return [_Row(*row) for row in session.connection().execute(stmt, params).all()]


def _word_start_pattern(word: str) -> str:
    return "% " + like_escape(word) + "%"


def _substring_rows(session: Session, words: Sequence[str], cap: int) -> list[_Row]:
    """Citizens whose folded name contains every long word and has a word starting with each
    short word; at most ``cap`` rows, in no particular order."""
    long_words = [w for w in words if len(w) >= MIN_SUBSTRING]
    short_words = [w for w in words if len(w) < MIN_SUBSTRING]
    if not long_words:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and _has_fts(session):
        # Each word is one quoted FTS5 string (quotes doubled): user text is never FTS syntax.
        # The FTS table drives the loop so that LIMIT stops it early on common words.
        params: dict[str, object] = {
            "match": " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words),
            "cap": cap,
        }
        filters = ""
        for index, word in enumerate(short_words):
            params[f"s{index}"] = _word_start_pattern(word)
            filters += f" AND (' ' || c.name_folded) LIKE :s{index} ESCAPE '\\'"
        sql = (
            "SELECT c.id, c.first_name, c.last_name, c.name_folded, c.last_name_folded, "
            f"c.tc_masked, c.phone_e164 FROM {FTS_TABLE} CROSS JOIN citizen AS c "
            f"ON c.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH :match "
            f"AND c.anonymised_at IS NULL{filters} LIMIT :cap"
        )
        return [_Row(*row) for row in session.connection().execute(text(sql), params).all()]
    spaced = (" " + Citizen.name_folded).self_group()
    short_conds = [spaced.like(_word_start_pattern(w), escape="\\") for w in short_words]
    like_conds = [
        Citizen.name_folded.like("%" + like_escape(w) + "%", escape="\\") for w in long_words
    ]
    stmt = _base().where(*like_conds, *short_conds, _live()).limit(cap)
    return _rows(session, stmt)


def _name_rank(row: _Row, query: str, words: Sequence[str]) -> int | None:
    """0: every word is a whole word of the name (the surname "Işık", the first name "Ali");
    1: the name or last name starts with the query; 2: every word starts a word of the name
    (any order); 3: every word occurs somewhere; None: not a match."""
    name_words = row.name_folded.split()
    if all(w in name_words for w in words):
        return 0
    if row.name_folded.startswith(query) or row.last_name_folded.startswith(query):
        return 1
    if all(any(nw.startswith(w) for nw in name_words) for w in words):
        return 2
    if all(w in row.name_folded for w in words):
        return 3
    return None


def _by_name(session: Session, actor: Actor, query: str, limit: int) -> list[CitizenHit]:
    words = query.split()[:MAX_WORDS]
    query = " ".join(words)
    found: dict[int, _Row] = {}
    for column in ("name", "last"):
        for row in _prefix_rows(session, column, query, limit):
            found[row.id] = row
    if len(found) < limit and any(len(w) >= MIN_SUBSTRING for w in words):
        for row in _substring_rows(session, words, max(limit * 5, 100)):
            found.setdefault(row.id, row)
    ranked: list[tuple[int, str, int, _Row]] = []
    for row in found.values():
        rank = _name_rank(row, query, words)
        if rank is not None:
            ranked.append((rank, row.name_folded, row.id, row))
    # Cheap byte order picks the page; Turkish order (sort_key) arranges it.
    ranked.sort(key=lambda item: item[:3])
    page = sorted(ranked[:limit], key=lambda item: (item[0], sort_key(item[1]), item[2]))
    return _hits(session, actor, [item[3] for item in page], "name")


# --- entry point ------------------------------------------------------------------------


def search_citizens(db: Database, actor: Actor, text: str, limit: int = 20) -> list[CitizenHit]:
    """What the desk's search box shows for ``text``; an empty list when nothing matches or the
    input cannot be a citizen's name, number or reference."""
    require(actor, Action.SEARCH_CITIZENS)
    limit = max(1, min(int(limit), MAX_LIMIT))
    typed = clean(text[: MAX_QUERY_LENGTH * 4])
    if not typed or len(typed) > MAX_QUERY_LENGTH:
        return []
    with read_only(db) as session:
        by_reference = _by_reference(session, actor, typed)
        if by_reference is not None:
            return by_reference
        if _PHONE_TEXT.fullmatch(typed):
            digits = "".join(c for c in typed if c.isascii() and c.isdigit())
            if len(digits) == 11 and digits[0] != "0" and not typed.startswith("+"):
                return _by_tc(session, actor, digits, limit)
            try:
                e164 = normalize_phone(typed)
            except ValidationError:
                e164 = None
            if e164 is not None:
                return _by_phone(session, actor, e164, limit)
            if MIN_SUFFIX_DIGITS <= len(digits) <= 10:
                return _by_phone_suffix(session, actor, digits, limit)
            return []
        query = fold(typed)
        if not query:
            return []
        return _by_name(session, actor, query, limit)
