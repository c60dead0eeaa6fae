"""Admin-changeable settings stored in the database, with typed defaults in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.models import Setting
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.notify.templates import SETTING_DEFAULTS as SMS_TEMPLATE_DEFAULTS
from desk_app.services.notify.templates import check_setting
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

DEFAULTS: dict[str, Any] = {
    "auth.max_failed_logins": 5,
    "auth.lockout_minutes": 15,
    "auth.min_password_length": 8,
    "desk.idle_lock_minutes": 10,
    "request.inform_within_hours": 48,
    "delivery.failed_home_attempts_before_pickup": 2,
    "delivery.booking_lead_days": 1,
    "delivery.booking_horizon_days": 60,
    "eligibility.max_baby_age_months": 12,
    "eligibility.require_served_mahalle": True,
    "kvkk.notice_version": "2025-01",
    "kvkk.retention_years": 5,
    # Destruction records (imha tutanakları) are kept this long; never less than three years.
    "kvkk.destruction_record_years": 3,
    "kvkk.notice_text": (
        "Çorum Belediyesi, Hoş Geldin Bebek programı kapsamında veli ve bebeğe ait kimlik, "
        "iletişim ve adres bilgilerinizi 6698 sayılı Kişisel Verilerin Korunması Kanunu uyarınca "
        "yalnızca başvurunun değerlendirilmesi ve setin teslimi amacıyla işler; bu amaç dışında "
        "kimseyle paylaşmaz. Kanunun 11. maddesindeki haklarınız için Gönül Kapısı masasına "
        "başvurabilirsiniz."
    ),
    # SMS templates (services/notify/templates.py): sms.template.received, .booked, ...
    **SMS_TEMPLATE_DEFAULTS,
}


# Sane bounds (inclusive) of the numbers an admin may set; the database enforces the same ones
# on PostgreSQL (trigger desk_setting_guard of revision sec01; tests/security checks they agree).
# - Lockout is never off: at most 10 failed logins, at least 5 minutes locked.
# - Retention never below 2 years: the one-set-per-baby rule compares with the previous year's
#   applications and the year's aid is audited the year after (Sayıştay, internal audit); the
#   KVKK officer may set longer. (Destruction records: retention clamps them to >= 3 years.)
BOUNDS: dict[str, tuple[int, int]] = {
    "auth.max_failed_logins": (1, 10),
    "auth.lockout_minutes": (5, 1440),
    "auth.min_password_length": (8, 128),
    "desk.idle_lock_minutes": (1, 60),
    "kvkk.retention_years": (2, 30),
}


_KIND_LABELS: dict[type, str] = {
    int: "bir tam sayı",
    bool: "evet/hayır (true/false)",
    str: "metin",
}


_MEMO_KEY = "desk_app.settings"


def get_value(session: Session, key: str) -> Any:
    """The setting's value as this transaction sees it. Every stored setting is read in one
    query on the transaction's first call (a booking reads five or six of them); a setting
    this session is writing is read again."""
    if key not in DEFAULTS:
        raise KeyError(key)
    stored = _stored(session, key)
    return DEFAULTS[key] if stored is _ABSENT else stored


_ABSENT = object()
# Built once: most use cases read the settings, and building a statement costs more than
# running it.
_ALL_SETTINGS = select(Setting.key, Setting.value)


def _stored(session: Session, key: str) -> Any:
    """The stored value of ``key`` (``_ABSENT`` when no row), from the transaction's one read
    of every setting."""
    if any(isinstance(obj, Setting) for obj in (*session.new, *session.dirty)):
        row = session.get(Setting, key)
        return _ABSENT if row is None else row.value
    memo = session.info.get(_MEMO_KEY)
    transaction = session.get_transaction()
    if memo is None or transaction is None or memo[0] is not transaction:
        values: dict[str, Any] = {key_: value for key_, value in session.execute(_ALL_SETTINGS)}
        memo = (session.get_transaction(), values)
        session.info[_MEMO_KEY] = memo
    return memo[1].get(key, _ABSENT)


class _SettingsObject(FunctionElement[Any]):
    """Every row of ``setting`` as one JSON object ``{key: value}``."""

    type = JSON()
    inherit_cache = True


@compiles(_SettingsObject, "postgresql")
def _settings_object_pg(element: _SettingsObject, compiler: SQLCompiler, **kw: Any) -> str:
    return "json_object_agg(setting.key, setting.value)"


@compiles(_SettingsObject, "sqlite")
def _settings_object_sqlite(element: _SettingsObject, compiler: SQLCompiler, **kw: Any) -> str:
    return "json_group_object(setting.key, json(setting.value))"


def every_setting() -> Any:
    """Every stored setting as a column of another select (a use case's first read), so that
    the settings cost no read of their own; give its value to ``remember``."""
    return select(_SettingsObject()).select_from(Setting).scalar_subquery().label("every_setting")


def remember(session: Session, stored: dict[str, Any] | None) -> None:
    """The settings this transaction read with ``every_setting``: ``get_value`` answers from
    them instead of reading them again. Call it right after that read."""
    transaction = session.get_transaction()
    if transaction is not None:
        session.info[_MEMO_KEY] = (transaction, dict(stored or {}))


def is_stored(session: Session, key: str) -> bool:
    """A row of ``setting`` exists for ``key`` (any key, e.g. the demo marker), as this
    transaction sees it."""
    return _stored(session, key) is not _ABSENT


def get_all(db: Database) -> dict[str, Any]:
    with read_only(db) as session:
        values = dict(DEFAULTS)
        for row in session.scalars(select(Setting)):
            if row.key in values:
                values[row.key] = row.value
        return values


def set_value(db: Database, actor: Actor, key: str, value: Any) -> None:
    require(actor, Action.MANAGE_SETTINGS)
    if key not in DEFAULTS:
        raise ValidationError(f"Bilinmeyen ayar: {key}.", field="ayar")
    default = DEFAULTS[key]
    if type(value) is not type(default):
        kind = _KIND_LABELS.get(type(default), type(default).__name__)
        raise ValidationError(f"‘{key}’ ayarı {kind} olmalı; {value!r} verildi.", field=key)
    if isinstance(value, int) and not isinstance(value, bool) and value < 1:
        raise ValidationError(f"‘{key}’ ayarı 1 veya daha büyük olmalı; {value} verildi.", key)
    check_setting(key, value)  # an SMS template names only the fields its message has
    if key in BOUNDS and not BOUNDS[key][0] <= value <= BOUNDS[key][1]:
        low, high = BOUNDS[key]
        raise ValidationError(
            f"‘{key}’ ayarı {low} ile {high} arasında olmalı; {value} verildi.", field=key
        )
    with unit_of_work(db) as session:
        row = session.get(Setting, key)
        old = DEFAULTS[key] if row is None else row.value
        if row is None:
            session.add(Setting(key=key, value=value, updated_by_id=actor.user_id))
        else:
            row.value = value
            row.updated_by_id = actor.user_id
        session.info.pop(_MEMO_KEY, None)
        audit.record(
            session,
            actor,
            "setting.change",
            "setting",
            key,
            old={"value": old},
            new={"value": value},
        )
