"""Several demo years at Çorum's full volume in one load (``desk-app demo --years 2016-2025``).

Each year is built by the one-year generator (``demo.build_year``: the same timelines,
applications, deliveries, team days, slots and stock), with one random generator, one citizen
pool and one set of teams for the whole span, then written before the next year is built (the
memory holds one year). Differences from the one-year demo:

- Every 153 call is a request: 164,453 in a full year (2025). 9,000 are routed to a
  directorate with the full timeline; the others were answered on the phone at once: created
  CLOSED (answer text, answered and informed by phone within minutes) with two events only,
  ANSWER (NEW -> RESOLVED) and STATUS (RESOLVED -> CLOSED), no FORWARDED event (the call
  centre answered, nothing was routed). Three events fewer than a routed request keep the
  volume honest (every call is a row) and the load within minutes.
- Volumes grow towards 2025: each year before 2025 has 1.5% fewer requests of every channel
  per year back (2016: 86.5%), WhatsApp started small (2016: 40% of that, +10 points a year,
  full from 2022). Ten years 2016-2025 give about 1.69 million requests. Hoş Geldin Bebek
  keeps 1,350 delivered sets every year (13,500), with its ineligible, duplicate and cancelled
  applications as in one year.
- ``citizens``: the size of the citizen pool. Requests with a citizen (the one-year shares:
  WhatsApp 72%, 153 75%, ...) draw a repeat requester or a new citizen so that the pool is
  used up evenly over the years; if the requests need fewer citizens, the rest are citizens
  recorded at the desk without a request, created through the year. Without ``citizens`` one
  request in 4.5 comes from an earlier requester, as in one year (about a million citizens for
  2016-2025).
- A past year is settled 45 days after its end (as in one year). The last year may be the
  running one (``today`` inside it), with live work at ``today``.

Rows are written by ``demo_load.BulkLoader`` (COPY on PostgreSQL, driver executemany on
SQLite, secondary indexes and the SQLite citizen search rebuilt at the end). One transaction;
deterministic per seed.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.demo import (
    _PAST_YEAR_TAIL,
    INSERT_ORDER,
    ProgressCallback,
    YearVolumes,
    _demo_users,
    _Progress,
    _refuse_unless_empty,
    build_year,
    load_lookups,
    sync_sequences,
)
from desk_app.demo.babyset_plan import FULL_YEAR as APPLICATION_FATES
from desk_app.demo.common import Calendar, Tables, Users, at_local
from desk_app.demo.delivery import Logistics
from desk_app.demo.load import BulkLoader
from desk_app.demo.people import People
from desk_app.demo.requests import CHANNELS
from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import ValidationError
from desk_app.domain.references import ReferenceKind
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.notify.outbox import mark_demo_database
from desk_app.services.permissions import Action, require
from desk_app.services.references import reserve_numbers
from desk_app.services.uow import unit_of_work

CALLS_153 = 164_453  # calls answered by the 153 line in 2025
BASE_YEAR = 2025
MAX_YEARS = 30


@dataclass(frozen=True)
class DemoYearsSummary:
    first_year: int
    last_year: int
    seed: int
    citizens: int
    requests: int
    requests_by_channel: dict[str, int]
    requests_by_year: dict[int, dict[str, int]]
    applications_by_status: dict[str, int]
    delivered_sets: int
    rows: dict[str, int]
    users_created: tuple[str, ...]
    timings: dict[str, float]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["users_created"] = list(self.users_created)
        values["requests_by_year"] = {str(k): v for k, v in self.requests_by_year.items()}
        return values


def volume_factor(year: int, channel: str) -> float:
    """Share of the 2025 volume of ``channel`` in ``year``."""
    factor = 1.0 if year >= BASE_YEAR else max(0.5, 1 - 0.015 * (BASE_YEAR - year))
    if channel == "WHATSAPP" and year < 2022:
        factor *= max(0.1, 0.4 + 0.1 * (year - 2016))
    return factor


def year_volumes(year: int, scale: float = 1.0) -> tuple[dict[str, int], int]:
    """(requests per channel, 153 calls answered on the phone) of a full ``year``."""
    requests = {p.code: round(p.full_year * volume_factor(year, p.code) * scale) for p in CHANNELS}
    routed = next(p.full_year for p in CHANNELS if p.code == "CALL_153")
    quick = round((CALLS_153 - routed) * volume_factor(year, "CALL_153") * scale)
    return requests, quick


def _contacts(year: int, scale: float) -> float:
    """Expected requests and applications with a citizen in a full ``year``."""
    requests, quick = year_volumes(year, scale)
    share = {p.code: p.citizen_share for p in CHANNELS}
    applications = sum(APPLICATION_FATES.values())
    return sum(n * share[c] for c, n in requests.items()) + quick * share["CALL_153"] + applications


def parse_years(value: str) -> tuple[int, int]:
    """``2016-2025`` or ``2025`` -> (first, last)."""
    first, _, last = value.strip().partition("-")
    try:
        span = (int(first), int(last or first))
    except ValueError:
        raise ValidationError(
            f"Yıl aralığı anlaşılamadı: {value!r}; örnek: 2016-2025.", field="yillar"
        ) from None
    return span


def generate_years(
    db: Database,
    actor: Actor,
    *,
    first_year: int,
    last_year: int,
    citizens: int | None = None,
    seed: int = 1,
    today: date | None = None,
    progress: ProgressCallback | None = None,
    scale: float = 1.0,
    bulk: bool = True,
) -> DemoYearsSummary:
    """Load ``first_year``..``last_year`` into an empty database; see the module docstring.

    ``scale`` multiplies the request volumes (small trial loads and tests); ``bulk=False``
    writes every row through Core ``insert()`` with indexes and triggers in place (slow: the
    reference the bulk path is compared with in the tests)."""
    require(actor, Action.LOAD_DEMO)
    started = time.perf_counter()
    today = today or date.today()
    if first_year > last_year:
        raise ValidationError("Yıl aralığının başı sonundan büyük olamaz.", field="yillar")
    if first_year < 2000:
        raise ValidationError("Yıl 2000 veya sonrası olmalı.", field="yillar")
    if last_year > today.year:
        raise ValidationError(
            f"{last_year} yılı henüz gelmedi; örnek veri geçmiş yıllar veya içinde bulunulan yıl "
            f"({today.year}) için üretilebilir.",
            field="yillar",
        )
    if last_year - first_year + 1 > MAX_YEARS:
        raise ValidationError(f"En çok {MAX_YEARS} yıl üretilebilir.", field="yillar")
    if citizens is not None and citizens < 1:
        raise ValidationError("Vatandaş sayısı en az 1 olmalı.", field="vatandas")
    report = _Progress(progress)
    report(0.0, "Örnek veri hazırlanıyor…")
    with unit_of_work(db) as session:
        _refuse_unless_empty(session)
        users, created = _demo_users(session, actor, first_year)
        summary = _load(
            session, users, created, first_year, last_year, citizens, seed, today, report,
            scale, bulk,
        )  # fmt: skip
        audit.record(
            session,
            actor,
            "demo.load",
            "demo",
            last_year,
            new={
                "years": f"{first_year}-{last_year}",
                "seed": seed,
                "citizens": summary["citizens"],
            },
            detail=json.dumps(summary, ensure_ascii=False),
        )
        mark_demo_database(session)  # its made-up people never get an SMS
        report(0.995, "Kayıtlar tamamlanıyor…")
    if db.is_postgres and bulk:
        # After a load this size the visibility map is empty: until (auto)vacuum passes, the
        # summary's index-only scans would read the table too. VACUUM cannot run in a
        # transaction block.
        tick = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in ("request", "request_event", "citizen", "address"):
                conn.exec_driver_sql(f"VACUUM ANALYZE {name}")
        summary["timings"]["vacuum"] = round(time.perf_counter() - tick, 2)
    timings: dict[str, float] = summary.pop("timings")
    timings["total"] = round(time.perf_counter() - started, 2)
    result = DemoYearsSummary(
        **summary, timings=timings, users_created=created, seconds=timings["total"]
    )
    if progress is not None:
        progress(1.0, "Örnek veri yüklendi.")
    return result


class _Pool:
    """Steers the share of repeat requesters so that the citizen pool lasts the span."""

    def __init__(self, people: People, total: int | None, weights: list[float]) -> None:
        self.people = people
        self.total = total
        self.weights = weights
        self.target = 0

    def start_year(self, index: int) -> None:
        if self.total is not None:
            share = sum(self.weights[: index + 1]) / sum(self.weights)
            self.target = round(self.total * share)

    def steer(self, requests_left: int, applications_left: int) -> None:
        people = self.people
        if self.total is None or requests_left <= 0:
            return
        # Applicants are new citizens (a few are earlier requesters); aim a little low; the
        # year's end fills the gap with citizens without a request.
        margin = 0.02 * (requests_left + applications_left) + 50
        missing = self.target - people.created - 0.93 * applications_left - margin
        people.repeat_share = min(1.0, max(0.0, 1 - missing / requests_left))

    def fill(self, rng: random.Random, year: int, until: date, users: Users) -> None:
        """Citizens recorded without a request, up to the year's share of the pool."""
        missing = self.target - self.people.created
        if self.total is None or missing <= 0:
            return
        first = date(year, 1, 1)
        days = max(1, min((until - first).days, (date(year, 12, 31) - first).days + 1))
        moments = sorted(
            at_local(first + timedelta(days=rng.randrange(days)), rng.uniform(510, 1050))
            for _ in range(missing)
        )
        for at in moments:
            person = self.people.new(
                at, female=rng.random() < 0.5, created_by=users.clerk(rng), tc_share=0.95,
                may_move=True,
            )  # fmt: skip
            self.people.requesters.append(person)


def _load(
    session: Session,
    users: Users,
    created_users: tuple[str, ...],
    first_year: int,
    last_year: int,
    citizens: int | None,
    seed: int,
    today: date,
    report: _Progress,
    scale: float,
    bulk: bool,
) -> dict[str, Any]:
    clock: defaultdict[str, float] = defaultdict(float)
    rng = random.Random(seed)
    lookups = load_lookups(session)
    codes = {v: k for k, v in lookups.channel_ids.items()}
    years = list(range(first_year, last_year + 1))
    weights = [_contacts(y, scale) for y in years]
    volume = [sum(year_volumes(y, scale)[0].values()) + year_volumes(y, scale)[1] for y in years]
    loader = BulkLoader(session, bulk=bulk)
    loader.begin()
    next_ids: dict[str, int] = {}
    people: People | None = None
    pool: _Pool | None = None
    logistics: Logistics | None = None
    rows: Counter[str] = Counter()
    by_year: dict[int, dict[str, int]] = {}
    by_status: Counter[str] = Counter()
    delivered = 0
    booked_written: dict[tuple[str, int], int] = {}
    low = 0.01
    for index, year in enumerate(years):
        span = 0.9 * volume[index] / sum(volume)

        def step(
            fraction: float, message: str, low: float = low, span: float = span, year: int = year
        ) -> None:
            report(low + span * fraction, f"{year}: {message}")

        tick = time.perf_counter()
        running = year == today.year
        now = at_local(today, 0)
        if not running:
            now = min(now, at_local(date(year, 12, 31), 0) + timedelta(days=1) + _PAST_YEAR_TAIL)
        tables = Tables(first_ids=dict(next_ids))
        if people is None:
            people = People(rng, tables, lookups.mahalleler, now)
            pool = _Pool(people, citizens, weights)
        people.tables, people.now = tables, now
        assert pool is not None
        pool.start_year(index)
        logistics = Logistics(
            rng, tables, Calendar(year), users, lookups.mahalleler, year, now, logistics
        )
        counts = build_year(
            session, lookups, rng, users, people, logistics, tables, year, now, running,
            lambda f, m: step(0.6 * f, m),
            YearVolumes(*year_volumes(year, scale), steer=pool.steer),
        )  # fmt: skip
        pool.fill(rng, year, now.astimezone(LOCAL_TZ).date(), users)
        if year != last_year:
            for edition in logistics.editions.values():
                edition["active"] = False
        clock["generate"] += time.perf_counter() - tick
        step(0.6, "Veritabanına yazılıyor…")
        total = sum(tables.count(t) for t in INSERT_ORDER) or 1
        done = 0
        for name in INSERT_ORDER:
            loader.write(name, tables.rows.get(name, []))
            done += tables.count(name)
            rows[name] += tables.count(name)
            step(0.6 + 0.4 * done / total, "Veritabanına yazılıyor…")
        for name in ("team_day", "pickup_slot"):
            for row in tables.rows.get(name, []):
                booked_written[(name, row["id"])] = row["booked"]
        tick = time.perf_counter()
        if counts.applications:
            reserve_numbers(session, ReferenceKind.APPLICATION, year, counts.applications)
        if counts.requests:
            reserve_numbers(session, ReferenceKind.REQUEST, year, counts.requests)
        by_year[year] = dict(
            sorted(Counter(codes[r["channel_id"]] for r in tables.rows.get("request", [])).items())
        )
        by_status.update(a["status"] for a in tables.rows.get("babyset_application", []))
        delivered += sum(
            1 for a in tables.rows.get("delivery_attempt", []) if a["outcome"] == "DELIVERED"
        )
        next_ids = tables.next_ids()
        clock["generate"] += time.perf_counter() - tick
        low += span
    assert logistics is not None and people is not None
    # A late-December booking of one year may have filled (or a cancellation freed) a team day
    # or pickup slot already written with an earlier year.
    tick = time.perf_counter()
    for (name, row_id), written in booked_written.items():
        booked = logistics.by_id[(name, row_id)]["booked"]
        if booked != written:
            session.execute(
                text(f"UPDATE {name} SET booked = :b WHERE id = :i"), {"b": booked, "i": row_id}
            )
    clock["generate"] += time.perf_counter() - tick
    loader.finish(lambda f, m: report(0.91 + 0.08 * f, m))
    if session.get_bind().dialect.name == "postgresql":
        tick = time.perf_counter()
        sync_sequences(session, [t for t in INSERT_ORDER if rows[t]])
        for name in loader.analyze_tables():
            session.execute(text(f"ANALYZE {name}"))
        clock["analyze"] += time.perf_counter() - tick
    channels: Counter[str] = Counter()
    for counts_of_year in by_year.values():
        channels.update(counts_of_year)
    timings = {k: round(v, 2) for k, v in [*clock.items(), *loader.seconds.items()]}
    return {
        "first_year": first_year,
        "last_year": last_year,
        "seed": seed,
        "citizens": rows["citizen"],
        "requests": rows["request"],
        "requests_by_channel": dict(sorted(channels.items())),
        "requests_by_year": by_year,
        "applications_by_status": dict(sorted(by_status.items())),
        "delivered_sets": delivered,
        "rows": {t: rows[t] for t in INSERT_ORDER},
        "timings": timings,
    }
