"""Users, roles, argon2 passwords, lockout, the first admin, and the audit trail of writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import Conflict, PermissionDenied, ValidationError
from desk_app.domain.states import Role
from desk_app.models import AuditLog, User, utcnow
from desk_app.services.admin import auth
from desk_app.services.admin import settings as settings_service
from desk_app.services.context import Actor
from tests.people import as_person


@pytest.fixture(autouse=True)
def _single_user_mode(db: Database) -> None:
    """These are the SQLite (single-user) mode's argon2 logins; on PostgreSQL the server
    checks passwords and tests/security tests the logins."""
    if db.is_postgres:
        pytest.skip("SQLite single-user mode: PostgreSQL logins are in tests/security")


def _audit(db: Database, action: str) -> list[AuditLog]:
    with db.session() as s:
        return list(
            s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id))
        )


def test_first_start_asks_for_the_first_admin_once(db: Database) -> None:
    assert auth.needs_first_admin(db)
    admin = auth.create_first_admin(db, "Yönetici", "Ayşe Yılmaz", "cok-gizli-1")
    assert admin.role is Role.ADMIN and admin.username == "yönetici"
    assert not auth.needs_first_admin(db)
    with pytest.raises(Conflict):
        auth.create_first_admin(db, "ikinci", "Başka Biri", "cok-gizli-2")


@pytest.mark.real_argon2
def test_passwords_are_stored_as_strong_argon2_hashes(db: Database) -> None:
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    with db.session() as s:
        password_hash = s.scalars(select(User.password_hash)).one()
    assert password_hash.startswith("$argon2id$")
    assert "yonetici-parola" not in password_hash
    # OWASP's minimum for argon2id: 19 MiB of memory, 2 iterations.
    params = password_hash.split("$")[3]
    values = dict(part.split("=") for part in params.split(","))
    assert int(values["m"]) >= 19 * 1024 and int(values["t"]) >= 2
    assert auth.login(db, "admin", "yonetici-parola").username == "admin"


def test_login_with_turkish_case_of_the_user_name(db: Database, admin: Actor) -> None:
    auth.add_user(as_person(db, admin), admin, "ISIK", "Işık Öztürk", Role.DESK, "parola-1234")
    for typed in ("ISIK", "Isık", "ısık"):  # caps lock, title case, lower case
        actor = auth.login(db, typed, "parola-1234")
        assert actor.username == "ısık" and actor.role is Role.DESK


def test_wrong_password_counts_down_then_locks(db: Database, admin: Actor) -> None:
    auth.add_user(as_person(db, admin), admin, "veli", "Veli Kaya", Role.DESK, "dogru-parola")
    for left in (4, 3, 2, 1):
        with pytest.raises(auth.LoginFailed) as err:
            auth.login(db, "veli", "yanlis")
        assert f"Kalan deneme: {left}" in str(err.value)
    with pytest.raises(auth.LoginFailed) as err:
        auth.login(db, "veli", "yanlis")
    assert "kilitlendi" in str(err.value)
    # Locked: even the right password is refused until the lock expires.
    with pytest.raises(auth.LoginFailed) as err:
        auth.login(db, "veli", "dogru-parola")
    assert "kilitli" in str(err.value)
    later = utcnow() + timedelta(minutes=16)
    assert auth.login(db, "veli", "dogru-parola", now=later).username == "veli"
    assert len(_audit(db, "login.failed")) == 4
    assert len(_audit(db, "login.locked")) == 1


def test_lockout_threshold_is_an_admin_setting(db: Database, admin: Actor) -> None:
    settings_service.set_value(as_person(db, admin), admin, "auth.max_failed_logins", 2)
    auth.add_user(as_person(db, admin), admin, "ali", "Ali Can", Role.DESK, "dogru-parola")
    with pytest.raises(auth.LoginFailed):
        auth.login(db, "ali", "x")
    with pytest.raises(auth.LoginFailed) as err:
        auth.login(db, "ali", "x")
    assert "2 kez" in str(err.value)
    (change,) = _audit(db, "setting.change")
    assert change.old_values == {"value": 5} and change.new_values == {"value": 2}
    assert change.user_id == admin.user_id


def test_unknown_user_and_wrong_password_read_the_same(db: Database, admin: Actor) -> None:
    with pytest.raises(auth.LoginFailed) as err:
        auth.login(db, "kimseyok", "x")
    assert str(err.value) == "Kullanıcı adı veya parola hatalı."


@pytest.mark.parametrize("role", [Role.DESK, Role.SUPERVISOR])
def test_only_admins_add_users_and_nothing_is_written(
    db: Database, admin: Actor, role: Role
) -> None:
    auth.add_user(as_person(db, admin), admin, "kisi", "Kişi", role, "parola-1234")
    actor = auth.login(db, "kisi", "parola-1234")
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(User))
    with pytest.raises(PermissionDenied) as err:
        auth.add_user(db, actor, "yeni", "Yeni Kişi", Role.ADMIN, "parola-1234")
    assert "yetkili değil" in str(err.value)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == before


@pytest.mark.parametrize(
    ("name", "password", "field"),
    [
        ("a", "parola-1234", "kullanici_adi"),
        ("ok", "kisa", "parola"),
        ("bad name!", "parola-1234", "kullanici_adi"),
        ("admin", "parola-1234", "kullanici_adi"),
    ],
)
def test_bad_user_input_names_the_field(
    db: Database, admin: Actor, name: str, password: str, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        auth.add_user(as_person(db, admin), admin, name, "Ad Soyad", Role.DESK, password)
    assert err.value.field == field


def test_every_user_write_is_audited_without_the_password(db: Database, admin: Actor) -> None:
    auth.add_user(
        as_person(db, admin), admin, "zeynep", "Zeynep Şahin", Role.SUPERVISOR, "parola-1234"
    )
    rows = _audit(db, "user.create")
    assert [r.new_values["username"] for r in rows if r.new_values] == ["admin", "zeynep"]
    last = rows[-1]
    assert last.user_id == admin.user_id and last.username == "admin"
    assert last.entity == "user" and last.entity_id is not None and last.at is not None
    assert "parola-1234" not in repr(last.new_values) and "password" not in repr(last.new_values)


def test_idle_unlock_checks_the_same_users_password(db: Database, clerk: Actor) -> None:
    assert auth.verify_password(as_person(db, clerk), clerk, "masa-parolasi")
    assert not auth.verify_password(as_person(db, clerk), clerk, "yanlis")


def test_idle_unlock_failures_are_counted_audited_and_lock(
    db: Database, admin: Actor, clerk: Actor
) -> None:
    settings_service.set_value(as_person(db, admin), admin, "auth.max_failed_logins", 3)
    assert not auth.verify_password(as_person(db, clerk), clerk, "yanlis-1")
    assert not auth.verify_password(as_person(db, clerk), clerk, "yanlis-2")
    with pytest.raises(auth.LoginFailed, match="kilitlendi"):
        auth.verify_password(as_person(db, clerk), clerk, "yanlis-3")
    # Locked: even the right password no longer unlocks, and logging in is refused.
    assert not auth.verify_password(as_person(db, clerk), clerk, "masa-parolasi")
    with pytest.raises(auth.LoginFailed, match="kilitli"):
        auth.login(db, "irem", "masa-parolasi")
    assert [r.action for r in _audit(db, "unlock.failed")] == ["unlock.failed"] * 2
    assert len(_audit(db, "unlock.locked")) == 1


@pytest.mark.real_argon2
def test_unknown_and_known_names_take_the_same_time_and_the_name_is_not_kept(
    db: Database, admin: Actor
) -> None:
    import statistics
    import time

    def median(name: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with pytest.raises(auth.LoginFailed):
                auth.login(db, name, "Gizli-Parola-9")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    settings_service.set_value(as_person(db, admin), admin, "auth.max_failed_logins", 10)
    known, unknown = median("admin"), median("gizliparola9")
    # Both verify one argon2 hash; an unknown name is no longer answered in a fraction.
    assert unknown > known / 3, (known, unknown)
    stored = [r.username for r in _audit(db, "login.unknown_user")]
    assert stored == ["?"] * 3
