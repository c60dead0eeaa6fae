"""Users, passwords, login with lockout, the first administrator.

Two modes (README "Security model"):

- **PostgreSQL (shared server): the database is the security boundary.** Every person has an
  own login role (desk_app.pg_roles). Logging in opens a connection as that role with the typed
  password (SCRAM; or Windows single sign-on, no password): ``open_session`` returns the person's
  own ``Database`` and their ``Actor``. The server checks the password (its ``auth_delay`` slows
  failures; LDAP/AD applies the domain's lockout), and answers a wrong password and an unknown
  name alike in the same time. The app counts failures per name on this desk and makes the next
  attempt wait (``_throttle``), for known and unknown names alike. The server's refusals reach
  the audit trail and the lockout through its own log (``login_log``, revision alog01). Users
  are created and changed only through the server's ``desk_user_*`` functions, which take a
  SCRAM verifier computed here (the password never travels or is logged in clear), keep
  ``app_user`` in step and audit.
  ``app_user.password_hash`` holds ``!postgresql``: no argon2 hash is kept.
- **SQLite (single PC): single-user mode** as before: argon2 hashes in ``app_user``, lockout
  counted in the table; the file is protected by the Windows account only.

The idle-lock unlock is a login like any other: failures are counted (``desk_note_unlock_failure``
on PostgreSQL, the same counter on SQLite), audited, and lock the account.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, literal_column, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database, DatabaseSetupError, DatabaseUnavailable
from desk_app.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from desk_app.domain.states import Role
from desk_app.domain.text import clean, fold
from desk_app.models import User, utcnow
from desk_app.services import audit
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

_hasher = PasswordHasher()


class LoginFailed(DomainError):
    """Wrong name or password, a locked or disabled account."""


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


def _view(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=Role(user.role),
        active=user.active,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id, username=user.username, role=Role(user.role), full_name=user.full_name
    )


def normalize_username(value: str) -> str:
    name = fold(value).replace(" ", "")
    if not 2 <= len(name) <= 50:
        raise ValidationError(
            "Kullanıcı adı 2 ile 50 karakter arasında olmalı.", field="kullanici_adi"
        )
    if not all(c.isalnum() or c in "._-" for c in name):
        raise ValidationError(
            "Kullanıcı adında yalnızca harf, rakam, nokta, alt çizgi ve tire olabilir.",
            field="kullanici_adi",
        )
    return name


def _check_password(password: str, min_length: int) -> None:
    if len(password) < min_length:
        raise ValidationError(
            f"Parola en az {min_length} karakter olmalı; {len(password)} karakter girildi.",
            field="parola",
        )
    if password.strip() != password or not password.strip():
        raise ValidationError("Parola boşlukla başlayamaz veya bitemez.", field="parola")


def _full_name(value: str) -> str:
    name = clean(value)
    if not name:
        raise ValidationError("Ad soyad boş olamaz; kullanıcının adını yazın.", field="ad_soyad")
    return name[:150]


def needs_first_admin(db: Database) -> bool:
    if db.is_postgres:
        return False  # IT makes the first admin with the owner's login (README)
    with read_only(db) as session:
        return session.scalar(select(func.count()).select_from(User)) == 0


def _insert_user(
    db: Database,
    actor: Actor | None,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    *,
    first_admin: bool = False,
) -> UserView:
    name = normalize_username(username)
    full = _full_name(full_name)
    with unit_of_work(db) as session:
        _check_password(password, int(get_value(session, "auth.min_password_length")))
        if first_admin and session.scalar(select(func.count()).select_from(User)):
            raise Conflict("İlk yönetici zaten oluşturulmuş; onunla giriş yapın.")
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise ValidationError(
                f"‘{name}’ kullanıcı adı kullanılıyor; başka bir ad seçin.", field="kullanici_adi"
            )
        user = User(
            username=name,
            full_name=full,
            role=role.value,
            password_hash=_hasher.hash(password),
            active=True,
            failed_logins=0,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            raise ValidationError(
                f"‘{name}’ kullanıcı adı kullanılıyor; başka bir ad seçin.", field="kullanici_adi"
            ) from exc
        who = actor or _actor(user)
        audit.record(
            session,
            who,
            "user.create",
            "user",
            user.id,
            new={"username": name, "full_name": full, "role": role.value},
            detail="first admin" if first_admin else None,
        )
        return _view(user)


def create_first_admin(db: Database, username: str, full_name: str, password: str) -> UserView:
    """Only on an empty user table (the first start)."""
    return _insert_user(db, None, username, full_name, Role.ADMIN, password, first_admin=True)


def add_user(
    db: Database, actor: Actor, username: str, full_name: str, role: Role, password: str
) -> UserView:
    require(actor, Action.MANAGE_USERS)
    if db.is_postgres:
        return _pg_add_user(db, username, full_name, role, password)
    return _insert_user(db, actor, username, full_name, role, password)


def list_users(db: Database, actor: Actor) -> list[UserView]:
    require(actor, Action.MANAGE_USERS)
    if db.is_postgres:
        # The Users list shows locks from refused logins too: collect the server's log first.
        from desk_app.services.admin.login_log import collect_quietly

        collect_quietly(db, actor)
    with read_only(db) as session:
        return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


def login(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Returns the actor, or raises LoginFailed. Repeated failures lock the account."""
    now = now or utcnow()
    wrong = LoginFailed("Kullanıcı adı veya parola hatalı.", field="parola")
    try:
        name = normalize_username(username)
    except ValidationError:
        raise wrong from None
    with unit_of_work(db) as session:
        user = session.scalar(select(User).where(User.username == name).with_for_update())
        if user is None:
            # The same argon2 work as for a known name, so the answer takes as long; the typed
            # name is not stored (it may be a password typed into the wrong box).
            _verify(_dummy_hash(), password)
            audit.record(
                session,
                None,
                "login.unknown_user",
                "user",
                None,
                username="?",
                detail="unknown user name (not stored)",
            )
            raise_after_commit = wrong
        elif not user.active:
            audit.record(session, _actor(user), "login.refused", "user", user.id, detail="inactive")
            raise_after_commit = LoginFailed(
                "Bu hesap kapatılmış; yöneticinize başvurun.", field="kullanici_adi"
            )
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            audit.record(session, _actor(user), "login.refused", "user", user.id, detail="locked")
            raise_after_commit = LoginFailed(
                f"Hesap çok sayıda hatalı deneme nedeniyle kilitli; {minutes} dakika sonra "
                "yeniden deneyin veya yöneticinize başvurun.",
                field="kullanici_adi",
            )
        elif not _verify(user.password_hash, password):
            user.failed_logins += 1
            limit = int(get_value(session, "auth.max_failed_logins"))
            if user.failed_logins >= limit:
                lock_minutes = int(get_value(session, "auth.lockout_minutes"))
                user.locked_until = now + timedelta(minutes=lock_minutes)
                user.failed_logins = 0
                audit.record(
                    session,
                    _actor(user),
                    "login.locked",
                    "user",
                    user.id,
                    detail=f"{limit} failed attempts; locked {lock_minutes} min",
                )
                raise_after_commit = LoginFailed(
                    f"{limit} kez hatalı parola girildi; hesap {lock_minutes} dakika kilitlendi.",
                    field="parola",
                )
            else:
                audit.record(
                    session,
                    _actor(user),
                    "login.failed",
                    "user",
                    user.id,
                    detail=f"attempt {user.failed_logins} of {limit}",
                )
                left = limit - user.failed_logins
                raise_after_commit = LoginFailed(
                    f"Kullanıcı adı veya parola hatalı. Kalan deneme: {left}.", field="parola"
                )
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            audit.record(session, _actor(user), "login.ok", "user", user.id)
            return _actor(user)
    # The failure is committed (counter, lock, audit row) before it is reported.
    raise raise_after_commit


_dummy: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash made with the current hasher's parameters, verified for unknown names."""
    key = id(_hasher)
    if key not in _dummy:
        _dummy[key] = _hasher.hash("desk_app timing equaliser")
    return _dummy[key]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(db: Database, actor: Actor, password: str) -> bool:
    """Unlocking an idle desk: the same user's password. A wrong one is counted like a failed
    login (audited; the account locks after ``auth.max_failed_logins``, then LoginFailed)."""
    if actor.user_id is None:
        return False
    if db.is_postgres:
        probe = db.as_login(actor.username, password)
        try:
            probe.check_login()
            return True
        except DatabaseUnavailable as exc:
            if not _is_auth_failure(exc):
                raise
        finally:
            probe.dispose()
        with unit_of_work(db) as session:
            left = int(session.scalar(text("SELECT desk_note_unlock_failure()")) or 0)
        if left <= 0:
            raise LoginFailed(
                "Çok sayıda hatalı parola girildi; hesap kilitlendi. Bir yöneticiye başvurun.",
                field="parola",
            )
        return False
    with unit_of_work(db) as session:
        user = session.get(User, actor.user_id, with_for_update=True)
        locked_now = (
            user is not None and user.locked_until is not None and user.locked_until > utcnow()
        )
        if (
            user is not None
            and user.active
            and not locked_now
            and _verify(user.password_hash, password)
        ):
            user.failed_logins = 0
            return True
        if user is None or locked_now:
            return False
        user.failed_logins += 1
        limit = int(get_value(session, "auth.max_failed_logins"))
        locked = user.failed_logins >= limit
        if locked:
            lock_minutes = int(get_value(session, "auth.lockout_minutes"))
            user.locked_until = utcnow() + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        audit.record(
            session,
            _actor(user),
            "unlock.locked" if locked else "unlock.failed",
            "user",
            user.id,
            detail=f"attempt {user.failed_logins or limit} of {limit}",
        )
    if locked:
        raise LoginFailed(
            "Çok sayıda hatalı parola girildi; hesap kilitlendi. Bir yöneticiye başvurun.",
            field="parola",
        )
    return False


# --- PostgreSQL: one login role per person ---------------------------------------------------

_WRONG = "Kullanıcı adı veya parola hatalı."
# Failed logins per user name on this desk (known and unknown names alike): the n-th failure
# in a row makes the next attempt wait _THROTTLE_BASE * 2**(n - _THROTTLE_FREE) seconds.
_THROTTLE_FREE = 3
_THROTTLE_BASE = 1.0
_THROTTLE_MAX = 30.0
_failures: dict[str, int] = {}
_failures_lock = threading.Lock()


def _throttle(name: str) -> None:
    """Runs in the login's worker thread (never the GUI thread)."""
    with _failures_lock:
        n = _failures.get(name, 0)
    if n >= _THROTTLE_FREE:
        time.sleep(min(_THROTTLE_MAX, _THROTTLE_BASE * 2 ** (n - _THROTTLE_FREE)))


def _note_failure(name: str) -> None:
    with _failures_lock:
        _failures[name] = _failures.get(name, 0) + 1


def _clear_failures(name: str) -> None:
    with _failures_lock:
        _failures.pop(name, None)


def _pg_actor(session: Session) -> Actor | None:
    user = session.scalar(select(User).where(User.username == literal_column("session_user")))
    return _actor(user) if user is not None else None


def open_session(db: Database, username: str, password: str | None) -> tuple[Database, Actor]:
    """Log in. SQLite: ``login`` on the same database. PostgreSQL: connect as the person's own
    login role (``password`` None: single sign-on or libpq's password file) and return that
    connection's ``Database`` (the caller disposes of the old one when it wants) and the actor.
    A password typed into the name box is never stored or audited: it fails as a wrong name."""
    if db.is_sqlite:
        return db, login(db, username, password or "")
    wrong = LoginFailed(_WRONG, field="parola")
    try:
        name = normalize_username(username)
    except ValidationError:
        raise wrong from None
    _throttle(name)
    person = db.as_login(name, password)
    try:
        person.check_login()
    except DatabaseUnavailable as exc:
        person.dispose()
        if _is_auth_failure(exc):
            _note_failure(name)
            raise wrong from None
        raise
    try:
        if not person.schema_state().up_to_date:
            # A desk never runs DDL: only the owner migrates (db.Database.upgrade).
            raise DatabaseSetupError(
                "Veritabanı şeması bu desk_app sürümünden eski. Bilgi işlem biriminden "
                "sunucuda ‘desk-app --db SAHİP_ADRESİ db upgrade’ komutunu çalıştırmasını "
                "isteyin; sonra yeniden giriş yapın."
            )
        with unit_of_work(person) as session:
            status = str(session.scalar(text("SELECT desk_note_login()")))
            actor = _pg_actor(session) if status == "ok" else None
    except BaseException:
        person.dispose()
        raise
    if actor is None:
        person.dispose()
        _note_failure(name)
        if status == "inactive":
            raise LoginFailed("Bu hesap kapatılmış; yöneticinize başvurun.", field="kullanici_adi")
        if status.startswith("locked:"):
            raise LoginFailed(
                f"Hesap çok sayıda hatalı deneme nedeniyle kilitli; {status[7:]} dakika sonra "
                "yeniden deneyin veya yöneticinize başvurun.",
                field="kullanici_adi",
            )
        raise LoginFailed(
            "Bu veritabanı girişi bir desk_app kullanıcısına ait değil; bilgi işlem biriminden "
            "‘desk-app user add’ ile eklemesini isteyin.",
            field="kullanici_adi",
        )
    _clear_failures(name)
    return person, actor


def _is_auth_failure(exc: DatabaseUnavailable) -> bool:
    cause = exc.__cause__
    orig = getattr(cause, "orig", None)
    state = getattr(orig, "sqlstate", None)
    message = str(orig or cause or exc).lower()
    # 28P01 invalid_password, 28000 invalid_authorization (no pg_hba line, no CONNECT...).
    return (
        state in ("28P01", "28000")
        or "authentication failed" in message
        or ("password" in message and "supplied" in message)
        or "permission denied for database" in message
    )


def session_actor(db: Database) -> Actor:
    """Who the connection's login is (PostgreSQL): the person's user, or the database owner
    (IT, who migrates and adds the first admin), recorded under the login's own name."""
    with read_only(db) as session:
        actor = _pg_actor(session)
        if actor is not None:
            user = session.get(User, actor.user_id)
            if user is None or not user.active:
                raise PermissionDenied("Bu hesap kapatılmış; yöneticinize başvurun.")
            if user.locked_until is not None and user.locked_until > utcnow():
                raise PermissionDenied("Hesap kilitli; bir yöneticinin açması gerekiyor.")
            return actor
        who = str(session.scalar(text("SELECT session_user")))
        owner = bool(session.scalar(text("SELECT desk_session_is_owner()")))
    if owner:
        return Actor(
            user_id=None, username=who[:50], role=Role.ADMIN, full_name="Veritabanı sahibi"
        )
    raise PermissionDenied(
        f"‘{who}’ veritabanı girişi bir desk_app kullanıcısına ait değil; bilgi işlem biriminden "
        "‘desk-app user add’ ile eklemesini isteyin."
    )


def _verifier(session: Session, name: str, password: str) -> str:
    conn: Any = session.connection().connection.driver_connection
    raw = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    return bytes(raw).decode("ascii")


_PG_MESSAGES = {
    "42501": "Veritabanı bu işlemi reddetti: yalnızca yöneticiler kullanıcıları yönetebilir "
    "ya da bu giriş başka bir veritabanına veya bilgi işlem birimine ait.",
    "23505": "Bu kullanıcı adı kullanılıyor; başka bir ad seçin.",
    "P0002": "Kullanıcı bulunamadı; adı denetleyin (desk-app user list).",
    "22023": "Geçersiz değer: {detail}",
}


def _call_pg(
    db: Database, sql: str, params: dict[str, Any], *, password: str | None = None, name: str = ""
) -> Any:
    try:
        with unit_of_work(db) as session:
            if password is not None:
                params = {**params, "verifier": _verifier(session, name, password)}
            return session.execute(text(sql), params).scalar()
    except PermissionDenied as exc:
        raise PermissionDenied(_PG_MESSAGES["42501"]) from exc
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        detail = str(getattr(exc.orig, "diag", None) and exc.orig.diag.message_primary)  # type: ignore[union-attr]
        if state == "23505":
            raise ValidationError(_PG_MESSAGES["23505"], field="kullanici_adi") from exc
        if state == "P0002":
            raise NotFound(_PG_MESSAGES["P0002"]) from exc
        if state == "22023":
            raise ValidationError(
                _PG_MESSAGES["22023"].format(detail=detail), field="kullanici_adi"
            ) from exc
        raise


def _pg_add_user(
    db: Database, username: str, full_name: str, role: Role, password: str | None
) -> UserView:
    name = normalize_username(username)
    full = _full_name(full_name)
    if password is not None:
        with read_only(db) as session:
            _check_password(password, int(get_value(session, "auth.min_password_length")))
    user_id = _call_pg(
        db,
        "SELECT desk_user_add(:name, :full, :role, :verifier)",
        {"name": name, "full": full, "role": role.value, "verifier": None},
        password=password,
        name=name,
    )
    with read_only(db) as session:
        user = session.get(User, int(user_id))
        assert user is not None
        return _view(user)


def add_login(
    db: Database, actor: Actor, username: str, full_name: str, role: Role, password: str | None
) -> UserView:
    """``user add``: on PostgreSQL ``password`` None makes a single sign-on login (the server
    authenticates it by SSPI/GSSAPI/LDAP); SQLite always needs a password."""
    require(actor, Action.MANAGE_USERS)
    if db.is_postgres:
        return _pg_add_user(db, username, full_name, role, password)
    if password is None:
        raise ValidationError("SQLite kipinde her kullanıcının parolası olmalı.", field="parola")
    return _insert_user(db, actor, username, full_name, role, password)


def _sqlite_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.username == name).with_for_update())
    if user is None:
        raise NotFound("Kullanıcı bulunamadı; adı denetleyin (desk-app user list).")
    return user


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    """Deactivate (the login can no longer connect) or reactivate a user."""
    require(actor, Action.MANAGE_USERS)
    name = normalize_username(username)
    if name == actor.username and not active:
        raise ValidationError("Kendi hesabınızı kapatamazsınız.", field="kullanici_adi")
    if db.is_postgres:
        _call_pg(
            db, "SELECT desk_user_set_active(:name, :active)", {"name": name, "active": active}
        )
        return
    with unit_of_work(db) as session:
        user = _sqlite_user(session, name)
        old = user.active
        user.active = active
        action = "user.reactivate" if active else "user.deactivate"
        audit.record(
            session, actor, action, "user", user.id, old={"active": old}, new={"active": active}
        )


def set_role(db: Database, actor: Actor, username: str, role: Role) -> None:
    require(actor, Action.MANAGE_USERS)
    name = normalize_username(username)
    if name == actor.username and role != Role.ADMIN:
        raise ValidationError("Kendi yönetici rolünüzü kaldıramazsınız.", field="rol")
    if db.is_postgres:
        _call_pg(db, "SELECT desk_user_set_role(:name, :role)", {"name": name, "role": role.value})
        return
    with unit_of_work(db) as session:
        user = _sqlite_user(session, name)
        old = user.role
        user.role = role.value
        audit.record(
            session,
            actor,
            "user.set_role",
            "user",
            user.id,
            old={"role": old},
            new={"role": role.value},
        )


def reset_password(db: Database, actor: Actor, username: str, password: str) -> None:
    require(actor, Action.MANAGE_USERS)
    name = normalize_username(username)
    if db.is_postgres:
        with read_only(db) as session:
            _check_password(password, int(get_value(session, "auth.min_password_length")))
        _call_pg(
            db,
            "SELECT desk_user_set_password(:name, :verifier)",
            {"name": name},
            password=password,
            name=name,
        )
        return
    with unit_of_work(db) as session:
        _check_password(password, int(get_value(session, "auth.min_password_length")))
        user = _sqlite_user(session, name)
        user.password_hash = _hasher.hash(password)
        user.failed_logins = 0
        user.locked_until = None
        audit.record(session, actor, "user.reset_password", "user", user.id)


def unlock(db: Database, actor: Actor, username: str) -> None:
    require(actor, Action.MANAGE_USERS)
    name = normalize_username(username)
    if db.is_postgres:
        _call_pg(db, "SELECT desk_user_unlock(:name)", {"name": name})
        return
    with unit_of_work(db) as session:
        user = _sqlite_user(session, name)
        old = user.locked_until
        user.failed_logins = 0
        user.locked_until = None
        audit.record(session, actor, "user.unlock", "user", user.id, old={"locked_until": old})
