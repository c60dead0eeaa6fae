"""Users, passwords (argon2), login with lockout, the first administrator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desk_app.db import Database
from desk_app.domain.errors import Conflict, DomainError, ValidationError
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
    return _insert_user(db, actor, username, full_name, role, password)


def list_users(db: Database, actor: Actor) -> list[UserView]:
    require(actor, Action.MANAGE_USERS)
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
            audit.record(
                session,
                None,
                "login.unknown_user",
                "user",
                None,
                username=name,
                detail="unknown user name",
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


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(db: Database, actor: Actor, password: str) -> bool:
    """Unlocking an idle desk: the same user's password, without changing failure counters."""
    with read_only(db) as session:
        user = session.get(User, actor.user_id) if actor.user_id is not None else None
        return bool(user and user.active and _verify(user.password_hash, password))
