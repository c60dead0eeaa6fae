"""Fill an empty database with a realistic demo year shaped like Çorum's published 2025 figures.

Volumes of a full (past) year, requests per channel: DESK 863, WEB 1,447, CIMER 1,253,
ACIK_KAPI 39 and WHATSAPP 13,638 (the published figures), plus two chosen here:

- CALL_153: 9,000 requests. The 153 line answered 164,453 calls; most are questions answered
  on the phone (bills, timetables, opening hours) and never become a routed request. About one
  call in 18 is recorded as a request for a directorate (water failures above all).
- FIELD: 2,400 findings recorded by the municipality's own field teams (about ten a working
  day), mostly roads, pavements and waste, without a citizen.

Hoş Geldin Bebek: 1,350 applications DELIVERED (about 85% of them at home by the three teams,
15% collected at the Gönül Kapısı desk), about 60 INELIGIBLE, 30 flagged as suspected
duplicates and decided by the supervisor (twins approved, the rest merged into the first
application and CANCELLED) and 20 CANCELLED with a reason.

A running year (``today`` inside ``year``) is prorated to the days passed and cut at the start
of ``today``: nothing is dated later, except the BOOKED deliveries of the next two weeks (with
their team days and pickup slots). Recent work is left open: requests waiting for a directorate
(some overdue), applications waiting for a check, a supervisor's decision or a booking. A past
year is cut 45 days after its end (or at ``today`` if earlier), so its last requests are closed.

Request timelines follow ``services.requests``: office channels are routed when recorded
(FORWARDED), the others in the next office hours; an ANSWER resolves (old -> new status on the
same event), a rejection is an ANSWER then a STATUS event; INFORMED, then STATUS -> CLOSED.
Requests without a citizen are closed with a NOTE. Due date: category days, weekend -> Monday.

Demo users ``masa1``, ``masa2`` (desk) and ``supervizor`` are created unless those names
exist, with the password ``demo-parola`` (argon2, one hash shared by the three).

Several years at full volume (every 153 call a request, a million citizens): ``demo_scale``,
which builds each year with ``build_year`` below.

Deterministic: one ``random.Random(seed)`` drives everything and every timestamp is derived
from ``year`` and ``today`` (password hashes and the audit row excepted). All rows are written
in one transaction with Core bulk inserts and ids assigned here.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.demo import data
from desk_app.demo.babyset import ApplicationWriter
from desk_app.demo.babyset_plan import AppPlan, assign_applicant, plan_applications
from desk_app.demo.common import Calendar, Tables, Users, at_local
from desk_app.demo.delivery import Logistics
from desk_app.demo.people import MahalleRef, People
from desk_app.demo.requests import (
    CategoryRef,
    RequestPlan,
    RequestWriter,
    assign_requester,
    plan_requests,
)
from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import DomainError, ValidationError
from desk_app.domain.references import ReferenceKind
from desk_app.models import (
    BabySetApplication,
    Base,
    Category,
    Channel,
    Citizen,
    Directorate,
    Mahalle,
    PickupWindow,
    Request,
    SetEdition,
    Team,
    User,
)
from desk_app.services import audit
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor
from desk_app.services.notify.outbox import mark_demo_database
from desk_app.services.permissions import Action, require
from desk_app.services.references import current_number, reserve_numbers
from desk_app.services.uow import unit_of_work

DEMO_PASSWORD = "demo-parola"
ProgressCallback = Callable[[float, str], bool | None]

# Tables filled here, in foreign-key order.
INSERT_ORDER = (
    "citizen",
    "address",
    "team",
    "pickup_window",
    "set_edition",
    "team_day",
    "pickup_slot",
    "request",
    "request_event",
    "babyset_application",
    "application_event",
    "delivery",
    "delivery_attempt",
    "stock_movement",
)
_CHUNK = 5000
# A past year is followed this long, so its last requests and applications are settled.
_PAST_YEAR_TAIL = timedelta(days=45)
NOT_EMPTY_MESSAGE = (
    "Veritabanında kayıt var; örnek veri yalnızca boş bir veritabanına yüklenebilir."
)


class DemoCancelled(DomainError):
    """The user cancelled the load; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    year: int
    seed: int
    citizens: int
    requests_by_channel: dict[str, int]
    applications_by_status: dict[str, int]
    delivered_sets: int
    failed_attempts: int
    desk_pickups: int
    teams: int
    users_created: tuple[str, ...]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["users_created"] = list(self.users_created)
        return values


class _Progress:
    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback

    def __call__(self, fraction: float, message: str) -> None:
        if (
            self.callback is not None
            and self.callback(min(max(fraction, 0.0), 1.0), message) is False
        ):
            raise DemoCancelled(
                "Örnek veri yüklemesi iptal edildi; veritabanına hiçbir şey yazılmadı."
            )


def generate_demo(
    db: Database,
    actor: Actor,
    *,
    year: int = 2025,
    seed: int = 1,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Load a demo year into an empty database (one transaction); see the module docstring."""
    require(actor, Action.LOAD_DEMO)
    started = time.perf_counter()
    today = today or date.today()
    if year > today.year:
        raise ValidationError(
            f"{year} yılı henüz gelmedi; örnek veri geçmiş bir yıl veya içinde bulunulan yıl "
            f"({today.year}) için üretilebilir.",
            field="yil",
        )
    if year < 2000:
        raise ValidationError("Yıl 2000 veya sonrası olmalı.", field="yil")
    report = _Progress(progress)
    report(0.0, "Örnek veri hazırlanıyor…")
    running = year == today.year
    now = at_local(today, 0)
    if not running:
        now = min(now, at_local(date(year, 12, 31), 0) + timedelta(days=1) + _PAST_YEAR_TAIL)
    with unit_of_work(db) as session:
        _refuse_unless_empty(session)
        users, created = _demo_users(session, actor, year)
        report(0.03, "Kullanıcılar hazır; talepler planlanıyor…")
        summary = _generate(session, users, created, year, seed, now, running, report)
        report(0.99, "Kayıtlar tamamlanıyor…")
        summary = replace(summary, seconds=round(time.perf_counter() - started, 2))
        audit.record(
            session,
            actor,
            "demo.load",
            "demo",
            year,
            new={"year": year, "seed": seed, "citizens": summary.citizens},
            detail=json.dumps(summary.to_dict(), ensure_ascii=False),
        )
        mark_demo_database(session)  # its made-up people never get an SMS
    result = replace(summary, seconds=round(time.perf_counter() - started, 2))
    if progress is not None:
        progress(1.0, "Örnek veri yüklendi.")
    return result


def _refuse_unless_empty(session: Session) -> None:
    for model in (Citizen, Request, BabySetApplication, Team, SetEdition, PickupWindow):
        if session.scalar(select(func.count()).select_from(model)):
            raise ValidationError(NOT_EMPTY_MESSAGE)


def _demo_users(session: Session, actor: Actor, year: int) -> tuple[Users, tuple[str, ...]]:
    # One hash for the three demo users (same documented password): saves a second per load.
    password_hash = PasswordHasher().hash(DEMO_PASSWORD)
    existing = {
        name: (user_id, role)
        for name, user_id, role in session.execute(
            select(User.username, User.id, User.role).where(
                User.username.in_([u for u, _, _ in data.DEMO_USERS])
            )
        )
    }
    created: list[str] = []
    ids: dict[str, int] = {}
    moment = at_local(date(year, 1, 1), 8 * 60)
    for username, full_name, role in data.DEMO_USERS:
        if username in existing:
            ids[username] = existing[username][0]
            continue
        user = User(
            username=username,
            full_name=full_name,
            role=role,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            created_at=moment,
            updated_at=moment,
        )
        session.add(user)
        session.flush()
        ids[username] = user.id
        created.append(username)
        audit.record(
            session,
            actor,
            "user.create",
            "user",
            user.id,
            new={"username": username, "full_name": full_name, "role": role},
            detail="demo",
        )
    users = Users(
        clerks=(ids["masa1"], ids["masa2"]), supervisor=ids["supervizor"], admin=actor.user_id
    )
    return users, tuple(created)


@dataclass(frozen=True)
class Lookups:
    """Reference data the generator draws from (read once)."""

    mahalleler: list[MahalleRef]
    categories: list[CategoryRef]
    channel_ids: dict[str, int]
    directorates: dict[int, str]
    settings: dict[str, Any]


def load_lookups(session: Session) -> Lookups:
    mahalleler = [
        MahalleRef(m.id, m.name, m.population, m.served)
        for m in session.scalars(select(Mahalle).where(Mahalle.active).order_by(Mahalle.id))
    ]
    categories = [
        CategoryRef(c.id, c.name, c.directorate_id, c.due_days)
        for c in session.scalars(select(Category).where(Category.active).order_by(Category.id))
    ]
    if not mahalleler or not categories:
        raise ValidationError(
            "Mahalle veya kategori listesi boş; önce başvuru verilerini yükleyin (db upgrade)."
        )
    channel_ids = {code: id_ for code, id_ in session.execute(select(Channel.code, Channel.id))}
    directorates = {
        id_: name for id_, name in session.execute(select(Directorate.id, Directorate.name))
    }
    settings = {
        key: get_value(session, key)
        for key in (
            "eligibility.max_baby_age_months",
            "eligibility.require_served_mahalle",
            "kvkk.notice_version",
        )
    }
    return Lookups(mahalleler, categories, channel_ids, directorates, settings)


@dataclass(frozen=True)
class YearVolumes:
    """A multi-year load's volumes of one full year: requests per channel and 153 calls
    answered on the phone; ``steer`` is called now and then with the requests with a citizen
    and the applications still to come in the year."""

    requests: dict[str, int]
    quick_calls: int
    steer: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class YearCounts:
    requests: int
    applications: int


def build_year(
    session: Session,
    lookups: Lookups,
    rng: random.Random,
    users: Users,
    people: People,
    logistics: Logistics,
    tables: Tables,
    year: int,
    now: datetime,
    running: bool,
    report: Callable[[float, str], None],
    volumes: YearVolumes | None = None,
) -> YearCounts:
    """Every row of one year into ``tables`` (nothing written); ``report`` gets 0..1."""
    calendar = logistics.calendar
    until = now.astimezone(LOCAL_TZ).date()
    request_plans = plan_requests(
        rng,
        year,
        calendar,
        lookups.categories,
        until,
        volumes=None if volumes is None else volumes.requests,
        quick_calls=0 if volumes is None else volumes.quick_calls,
    )
    app_plans = plan_applications(rng, year, calendar, until, past=not running)
    writer = ApplicationWriter(
        rng, tables, calendar, users, people, logistics, lookups.channel_ids, lookups.settings,
        year, now, running,
    )  # fmt: skip
    first_app = current_number(session, ReferenceKind.APPLICATION, year) + 1
    app_plans = writer.prepare(app_plans, first_app)
    report(0.1, "Vatandaşlar oluşturuluyor…")
    contacts: list[tuple[datetime, int, RequestPlan | AppPlan]] = [
        (p.at, 0, p) for p in request_plans
    ]
    contacts += [(p.at, 1, p) for p in app_plans]
    contacts.sort(key=lambda c: (c[0], c[1]))  # stable: equal keys keep their order
    steer = None if volumes is None else volumes.steer
    requests_left = sum(1 for p in request_plans if p.has_citizen)
    applications_left = len(app_plans)
    for index, (_, _, plan) in enumerate(contacts):
        if steer is not None and index % 256 == 0:
            steer(requests_left, applications_left)
        if isinstance(plan, RequestPlan):
            requests_left -= plan.has_citizen
            assign_requester(rng, plan, people, users)
        else:
            applications_left -= 1
            assign_applicant(rng, plan, people, users)
    report(0.35, "Talepler yazılıyor…")
    first_request = current_number(session, ReferenceKind.REQUEST, year) + 1
    requests = RequestWriter(
        rng, tables, calendar, users, people, lookups.channel_ids, lookups.directorates, year,
        now, first_request,
    )  # fmt: skip
    for index, request_plan in enumerate(request_plans):
        requests.write(request_plan)
        if index % 4000 == 3999:
            report(0.35 + 0.55 * index / len(request_plans), "Talepler yazılıyor…")
    report(0.9, "Hoş Geldin Bebek başvuruları yazılıyor…")
    for app_plan in app_plans:
        writer.write(app_plan)
    logistics.receive_stock()
    return YearCounts(len(request_plans), len(app_plans))


def _generate(
    session: Session,
    users: Users,
    created_users: tuple[str, ...],
    year: int,
    seed: int,
    now: datetime,
    running: bool,
    report: _Progress,
) -> DemoSummary:
    rng = random.Random(seed)
    lookups = load_lookups(session)
    tables = Tables(first_ids={})
    people = People(rng, tables, lookups.mahalleler, now)
    logistics = Logistics(rng, tables, Calendar(year), users, lookups.mahalleler, year, now)
    report(0.08, "Talepler planlanıyor…")
    counts = build_year(
        session, lookups, rng, users, people, logistics, tables, year, now, running,
        lambda f, m: report(0.08 + 0.42 * f, m),
    )  # fmt: skip
    report(0.5, "Veritabanına yazılıyor…")
    _insert_all(session, tables, report)
    if counts.applications:
        reserve_numbers(session, ReferenceKind.APPLICATION, year, counts.applications)
    if counts.requests:
        reserve_numbers(session, ReferenceKind.REQUEST, year, counts.requests)
    if session.get_bind().dialect.name == "postgresql":
        sync_sequences(session, [t for t in INSERT_ORDER if tables.count(t)])
    return _summary(tables, lookups.channel_ids, year, seed, created_users)


def sync_sequences(session: Session, names: list[str]) -> None:
    """PostgreSQL: move the id sequences past the ids assigned here."""
    for table in names:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        )


def _insert_all(session: Session, tables: Tables, report: _Progress) -> None:
    total = sum(tables.count(t) for t in INSERT_ORDER) or 1
    done = 0
    for name in INSERT_ORDER:
        rows = tables.rows.get(name, [])
        table = Base.metadata.tables[name]
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            session.execute(insert(table), chunk)
            done += len(chunk)
            report(0.5 + 0.48 * done / total, "Veritabanına yazılıyor…")


def _summary(
    tables: Tables,
    channel_ids: dict[str, int],
    year: int,
    seed: int,
    created_users: tuple[str, ...],
) -> DemoSummary:
    codes = {v: k for k, v in channel_ids.items()}
    by_channel = Counter(codes[r["channel_id"]] for r in tables.rows.get("request", []))
    by_status = Counter(a["status"] for a in tables.rows.get("babyset_application", []))
    deliveries = tables.rows.get("delivery", [])
    attempts = tables.rows.get("delivery_attempt", [])
    return DemoSummary(
        year=year,
        seed=seed,
        citizens=tables.count("citizen"),
        requests_by_channel={k: by_channel[k] for k in sorted(by_channel)},
        applications_by_status={k: by_status[k] for k in sorted(by_status)},
        delivered_sets=sum(1 for a in attempts if a["outcome"] == "DELIVERED"),
        failed_attempts=sum(1 for a in attempts if a["outcome"] != "DELIVERED"),
        desk_pickups=sum(1 for d in deliveries if d["kind"] == "PICKUP" and d["status"] == "DONE"),
        teams=tables.count("team"),
        users_created=created_users,
        seconds=0.0,
    )
