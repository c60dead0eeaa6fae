"""The app and the command line as the people who use them, each on an own PostgreSQL login:
a slip printed and confirmed by a desk login end to end, a forged token refused, every admin
command refused for desks and supervisors (and nothing changed), logins that fail alike."""

from __future__ import annotations

import io
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select, text

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.slip_token import make_short_code, make_token, new_secret
from desk_app.domain.states import DeliveryKind, DeliveryOutcome, Role
from desk_app.models import AuditLog
from desk_app.services import admin
from desk_app.services.admin import auth
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.slips import (
    REASON_FORGED,
    confirm_slip,
    lookup_slip,
    print_slips,
)
from tests.conftest import person_db
from tests.security.conftest import AsPerson, Connect, Person
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)
from tests.services.delivery.test_slips import rendered_codes


def test_a_desk_login_books_prints_and_confirms_a_slip(
    pg_db: Database,
    people: dict[Role, Person],
    as_person: AsPerson,
    tmp_path: Path,
) -> None:
    desk, sup = people[Role.DESK], people[Role.SUPERVISOR]
    desk_db, sup_db = as_person(desk), as_person(sup)
    (team,) = make_teams(sup_db, sup.actor, (3,))
    make_windows(sup_db, sup.actor)
    make_stock(sup_db, sup.actor)
    app = approved(desk_db, desk.actor, "Ulukavak", seed=1)
    delivery = book(
        desk_db, desk.actor, *app, DeliveryKind.HOME, TUESDAY, team_id=team.id, now=NOW
    ).delivery.id
    out = tmp_path / "gun.pdf"
    summary = print_slips(desk_db, desk.actor, out, day_from=TUESDAY, now=NOW)
    assert summary.deliveries == (delivery,)
    (token,) = rendered_codes(out, tmp_path)
    assert token.startswith(f"HGB1-{delivery}-1-")
    # A token signed with any other key is refused, the full one and the short code.
    forged_key = new_secret()
    assert lookup_slip(desk_db, desk.actor, make_token(forged_key, delivery, 1)).reason == (
        REASON_FORGED
    )
    assert lookup_slip(desk_db, desk.actor, make_short_code(forged_key, delivery, 1)).reason == (
        REASON_FORGED
    )
    done = confirm_slip(
        desk_db,
        desk.actor,
        token,
        DeliveryOutcome.DELIVERED,
        received_by="Şükrü Işıkoğlu",
        relation="Baba",
        now=NOW,
    )
    assert done.ok and done.application_status == "DELIVERED"
    with pg_db.session() as s:
        rows = s.execute(
            select(AuditLog.username, AuditLog.action).where(
                AuditLog.entity == "delivery", AuditLog.entity_id == str(delivery)
            )
        ).all()
    # The server wrote the desk's own login as the actor of every row.
    assert rows and {name for name, _ in rows} == {"irem"}


def test_the_desk_cannot_ask_the_server_to_sign_any_slip(
    pg_db: Database,
    people: dict[Role, Person],
    as_person: AsPerson,
) -> None:
    desk_db = as_person(people[Role.DESK])
    with pytest.raises(Exception, match="no slip of delivery"), desk_db.engine.connect() as conn:
        conn.execute(text("SELECT desk_slip_mac(999999, 1)"))


_ADMIN_COMMANDS = [
    ["user", "add", "mallory", "--role", "admin", "--password-stdin"],
    ["user", "list"],
    ["user", "deactivate", "ayse"],
    ["user", "reactivate", "ayse"],
    ["user", "set-role", "irem", "--role", "admin"],
    ["user", "reset-password", "ayse", "--password-stdin"],
    ["user", "unlock", "ayse"],
    ["settings", "set", "auth.max_failed_logins", "1000000"],
    ["settings", "set", "kvkk.retention_years", "1"],
    ["retention", "run"],
    ["audit", "collect-logins"],
    ["demo", "--year", "2025"],
    ["db", "upgrade"],
]


def _run(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("yeni-parola-123\n"))
    return cli.main(["--db", url, *argv])


def _state(pg_db: Database) -> tuple[object, ...]:
    with pg_db.engine.connect() as conn:
        users = conn.execute(
            text("SELECT username, role, active FROM app_user ORDER BY username")
        ).all()
        settings = conn.execute(text("SELECT key, value::text FROM setting ORDER BY key")).all()
        roles = conn.execute(text("SELECT count(*) FROM pg_roles")).scalar()
    return (tuple(users), tuple(settings), roles)


@pytest.mark.parametrize("role", [Role.DESK, Role.SUPERVISOR], ids=["desk", "supervisor"])
def test_every_admin_command_is_refused_for_desks_and_supervisors(
    pg_db: Database,
    people: dict[Role, Person],
    pgpass: None,
    role: Role,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    person = people[role]
    url = pg_db.url.set(username=person.name, password=None).render_as_string(hide_password=False)
    before = _state(pg_db)
    for argv in _ADMIN_COMMANDS:
        code = _run(argv, url, monkeypatch)
        err = capsys.readouterr().err
        assert code != 0, argv
        assert "yetkili değil" in err or "bilgi işlem" in err or "reddetti" in err, (argv, err)
        assert "Beklenmeyen hata" not in err, (argv, err)
    assert _state(pg_db) == before


def test_the_admin_login_runs_the_user_lifecycle(
    pg_db: Database,
    people: dict[Role, Person],
    pgpass: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = pg_db.url.set(username="ayse", password=None).render_as_string(hide_password=False)
    for argv in (
        ["user", "add", "mert", "--role", "desk", "--full-name", "Mert Öz", "--password-stdin"],
        ["user", "set-role", "mert", "--role", "supervisor"],
        ["user", "deactivate", "mert"],
        ["user", "reactivate", "mert"],
        ["user", "reset-password", "mert", "--password-stdin"],
        ["user", "unlock", "mert"],
    ):
        assert _run(argv, url, monkeypatch) == 0, capsys.readouterr().err
    _, actor = auth.open_session(pg_db, "mert", "yeni-parola-123")
    assert (actor.username, actor.role) == ("mert", Role.SUPERVISOR)
    with pg_db.session() as s:
        rows = s.execute(
            select(AuditLog.username, AuditLog.action).where(AuditLog.action.like("user.%"))
        ).all()
    mine = [a for u, a in rows if u == "ayse"]
    assert mine == [
        "user.create",
        "user.set_role",
        "user.deactivate",
        "user.reactivate",
        "user.reset_password",
        "user.unlock",
    ]
    assert "cli:" not in " ".join(u for u, _ in rows)


def test_wrong_password_and_unknown_name_fail_alike(pg_db: Database, people: dict) -> None:  # type: ignore[type-arg]
    timings = {}
    for name in ("irem", "nobody-here"):
        start = time.perf_counter()
        with pytest.raises(auth.LoginFailed) as failed:
            auth.open_session(pg_db, name, "yanlis-parola")
        timings[name] = time.perf_counter() - start
        assert str(failed.value) == "Kullanıcı adı veya parola hatalı."
    # auth_delay makes both wait; neither answers fast (no timing figure is asserted beyond it).
    assert all(t > 0.1 for t in timings.values()), timings


def test_a_password_typed_into_the_name_box_is_not_stored(pg_db: Database, people: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(auth.LoginFailed):
        auth.open_session(pg_db, "masa parolasi!", "")
    with pg_db.engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT count(*) FROM audit_log "
                "WHERE detail LIKE '%parola%' OR username LIKE '%parola%'"
            )
        ).scalar()
    assert stored == 0


def test_idle_unlock_failures_lock_the_login(
    pg_db: Database, people: dict[Role, Person], as_person: AsPerson, connect: Connect
) -> None:
    desk = people[Role.DESK]
    desk_db = as_person(desk)
    assert admin.verify_password(desk_db, desk.actor, desk.password)
    for _ in range(4):
        assert not admin.verify_password(desk_db, desk.actor, "yanlis")
    with pytest.raises(auth.LoginFailed, match="kilitlendi"):
        admin.verify_password(desk_db, desk.actor, "yanlis")
    # The server holds the lock (revision ulk01): the right password gets a wrong one's
    # answer, in the app and over plain SQL alike.
    wrong = str(_refusal(pg_db, desk.name, "yanlis-parola"))
    assert str(_refusal(pg_db, desk.name, desk.password)) == wrong
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        connect(desk)
    with pg_db.session() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.action.like("unlock.%"))))
    assert actions == ["unlock.failed"] * 4 + ["unlock.locked"]
    admin_db = as_person(people[Role.ADMIN])
    admin.unlock(admin_db, people[Role.ADMIN].actor, desk.name)
    person, _ = auth.open_session(pg_db, desk.name, desk.password)
    person.dispose()


def test_a_desk_never_migrates_and_asks_it_to_upgrade(pg_db: Database, people: dict) -> None:  # type: ignore[type-arg]
    from alembic import command

    from desk_app.db import DatabaseSetupError, NotOwnerError

    desk = people[Role.DESK]
    cfg = pg_db._alembic_config()
    with pg_db.engine.connect() as conn:  # the owner takes the schema one revision back
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        conn.commit()
    with pytest.raises(DatabaseSetupError, match="db upgrade"):
        auth.open_session(pg_db, desk.name, desk.password)
    person = pg_db.as_login(desk.name, desk.password)
    try:
        with pytest.raises(NotOwnerError, match="yalnızca veritabanının sahibi"):
            person.upgrade()
        assert person.schema_state().current == "0008"
    finally:
        person.dispose()


def test_a_user_from_before_the_upgrade_gets_a_login_and_keeps_the_history(
    pg_db: Database,
    people: dict[Role, Person],
) -> None:
    from desk_app.models import User

    with pg_db.session() as s:  # as a database migrated from 0008 holds them (argon2 hash)
        s.add(
            User(
                username="eski",
                full_name="Eski Kullanıcı",
                role="desk",
                password_hash="$argon2id$v=19$m=65536,t=3,p=4$x$y",
                active=True,
                failed_logins=0,
            )
        )
        s.commit()
        old_id = s.scalar(select(User.id).where(User.username == "eski"))
    admin_db = person_db(pg_db, "ayse", "yonetici-parola")
    try:
        view = admin.add_login(
            admin_db, people[Role.ADMIN].actor, "eski", "Eski", Role.SUPERVISOR, "eski-parola-1"
        )
        assert (view.id, view.role, view.full_name) == (old_id, Role.SUPERVISOR, "Eski Kullanıcı")
        with pytest.raises(Exception, match="kullanılıyor"):
            admin.add_login(admin_db, people[Role.ADMIN].actor, "eski", "E", Role.DESK, "x" * 9)
    finally:
        admin_db.dispose()
    person, actor = auth.open_session(pg_db, "eski", "eski-parola-1")
    person.dispose()
    assert (actor.user_id, actor.role) == (old_id, Role.SUPERVISOR)


def _refusal(db: Database, name: str, password: str) -> auth.LoginFailed:
    with pytest.raises(auth.LoginFailed) as refused:
        auth.open_session(db, name, password)
    return refused.value
