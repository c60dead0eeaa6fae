"""What a booking must not wait for on PostgreSQL (issue 18, "bookings that don't wait"): another
desk's booking of the same new team day, and query plans thrown away after every read.
PostgreSQL only: SQLite lets one writer in at a time, and psycopg's prepared statements are a
PostgreSQL matter."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from desk_app.db import Database
from desk_app.domain.states import DeliveryKind
from desk_app.models import Delivery, Team, TeamDay
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import ensure_team_day
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import NOW, TUESDAY, approved, make_stock, make_teams


def _postgres_only(db: Database) -> None:
    if not db.is_postgres:
        pytest.skip("PostgreSQL only (set DESK_APP_TEST_PG)")


def test_a_new_team_day_does_not_wait_for_the_booking_that_made_it(
    db: Database, supervisor: Actor, clerk: Actor
) -> None:
    _postgres_only(db)
    (team,) = make_teams(as_person(db, supervisor), supervisor, (5,))
    make_stock(as_person(db, supervisor), supervisor)
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    desk = as_person(db, clerk)
    # Desk A is in the middle of a booking on Tuesday, the team's first booking that day: it
    # has made the team day and not committed yet.
    with desk.session() as first_desk:
        own_team = first_desk.get(Team, team.id)
        assert own_team is not None
        made = ensure_team_day(first_desk, own_team, TUESDAY)
        assert made.booked == 0
        # Desk B books the same team and day meanwhile; it must not wait for desk A's commit.
        done: list[object] = []

        def second_desk() -> None:
            try:
                done.append(
                    book(
                        desk,
                        clerk,
                        app_id,
                        version,
                        DeliveryKind.HOME,
                        TUESDAY,
                        team_id=team.id,
                        now=NOW,
                    )
                )
            except Exception as exc:  # reported below
                done.append(exc)

        worker = threading.Thread(target=second_desk)
        worker.start()
        worker.join(timeout=20)
        assert not worker.is_alive(), "desk B waited for desk A's uncommitted booking"
        first_desk.rollback()
    assert len(done) == 1 and not isinstance(done[0], Exception), done
    with read_only(db) as s:
        days = s.scalars(select(TeamDay).where(TeamDay.team_id == team.id)).all()
        assert [(d.day, d.booked) for d in days] == [(TUESDAY, 1)]
        assert s.scalar(select(Delivery.team_day_id)) == days[0].id


def test_reads_keep_the_prepared_statements_of_their_connection(db: Database, clerk: Actor) -> None:
    """psycopg prepares a statement on its sixth run on a connection and forgets them all on
    a ROLLBACK; the app's reads end with COMMIT, so a desk's repeated reads are planned once."""
    _postgres_only(db)
    desk = Database(as_person(db, clerk).url)  # a desk's own pool: one connection, reused
    try:
        for _ in range(8):
            with read_only(desk) as s:
                s.execute(select(Team.id).where(Team.active.is_(True))).all()
        with read_only(desk) as s:
            prepared = s.scalar(
                text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :q"),
                {"q": "SELECT team.id %"},
            )
        assert prepared == 1
    finally:
        desk.dispose()
