"""Demo data is never sent: ``desk-app demo`` marks the database, every message written there is
a demo message, and a real provider never gets one; a database filled by the demo before the
outbox existed is marked by the migration."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from desk_app.db import Database
from desk_app.demo import generate_demo
from desk_app.models import Setting
from desk_app.services.context import Actor
from desk_app.services.uow import read_only
from tests.services.delivery.delivery_fixtures import approved
from tests.services.notify.gateway import gateway
from tests.services.notify.notify_fixtures import messages, netgsm_sender


def test_messages_of_a_demo_database_never_reach_a_real_provider(
    db: Database, admin: Actor, clerk: Actor
) -> None:
    generate_demo(db, admin, year=2026, seed=3, today=date(2026, 1, 12))
    with read_only(db) as s:
        assert s.get(Setting, "demo.loaded") is not None
    approved(db, clerk, seed=41)
    assert [m.demo for m in messages(db)] == [True]
    with gateway() as gw:
        sender = netgsm_sender(db, gw.url.replace("127.0.0.1", "api.netgsm.example"))
        stats = sender.run_once()
        assert gw.received == [] and stats.sent == 0
    assert [m.status for m in messages(db)] == ["CANCELLED"]


def test_the_migration_marks_an_older_demo_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'eski.sqlite3'}")
    db.upgrade("0008")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, username, action, entity, entity_id) "
                "VALUES ('2025-06-01 09:00:00', 'cli:x', 'demo.load', 'demo', '2025')"
            )
        )
    db.upgrade()
    with read_only(db) as s:
        marker = s.scalar(select(Setting).where(Setting.key == "demo.loaded"))
        assert marker is not None and marker.value is True
    db.dispose()
    plain = Database(f"sqlite:///{tmp_path / 'bos.sqlite3'}")
    plain.upgrade()
    with read_only(plain) as s:
        assert s.get(Setting, "demo.loaded") is None
    plain.dispose()
