"""Server outage at the service level, on a PostgreSQL server of the test's own: a save while
the server is down raises ConnectionLost with the Turkish message (whether the pool could not
connect at all or a pooled connection died); the same Database works again once the server is
back; a retried create with the form's client token is written once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.models import Citizen, Directorate, Request
from desk_app.services.admin import auth
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import CONNECTION_LOST_MESSAGE, ConnectionLost, ping, read_only
from tests.own_pg import OwnServer, own_server


@pytest.fixture(scope="module")
def server() -> Iterator[OwnServer]:
    yield from own_server()


@pytest.fixture(scope="module")
def pg(server: OwnServer) -> Iterator[tuple[Database, Actor, int]]:
    db = Database(server.url)
    db.upgrade()
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    actor = auth.login(db, "admin", "yonetici-parola")
    with read_only(db) as s:
        directorate = s.scalar(select(Directorate.id).limit(1))
    assert directorate is not None
    yield db, actor, directorate
    db.dispose()


def _count(db: Database, model: type) -> int:
    with read_only(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_save_during_outage_is_refused_then_succeeds_once(
    server: OwnServer, pg: tuple[Database, Actor, int]
) -> None:
    db, actor, directorate = pg
    data = RequestInput(
        citizen_id=None,
        channel_code="WHATSAPP",
        directorate_id=directorate,
        subject="Sokak lambası yanmıyor",
        client_token=str(uuid.uuid4()),
    )
    create_request(db, actor, RequestInput(None, "WHATSAPP", None, directorate, "Isınma"))
    before = _count(db, Request)  # the pool now holds a connection the outage will kill
    server.stop()
    try:
        for _ in range(2):  # a dead pooled connection, then a refused new connection
            with pytest.raises(ConnectionLost) as caught:
                create_request(db, actor, data)
            assert caught.value.message == CONNECTION_LOST_MESSAGE
        with pytest.raises(ConnectionLost):
            create_citizen(db, actor, CitizenInput("Elif", "Kaya", phone="0532 111 22 33"))
        with pytest.raises(ConnectionLost):
            ping(db)
    finally:
        server.start()
    ping(db)  # the same engine recovers: stale connections are dropped on checkout
    first = create_request(db, actor, data)
    again = create_request(db, actor, data)  # the desk retries: the outcome was not known
    assert again.id == first.id and again.reference == first.reference
    assert _count(db, Request) == before + 1


def test_server_restart_between_saves(server: OwnServer, pg: tuple[Database, Actor, int]) -> None:
    db, actor, _ = pg
    ping(db)
    server.stop()
    server.start()
    view = create_citizen(
        db, actor, CitizenInput("Zeynep", "Arslan", phone="0532 222 33 44", client_token="t-1")
    )
    same = create_citizen(
        db, actor, CitizenInput("Zeynep", "Arslan", phone="0532 222 33 44", client_token="t-1")
    )
    assert same.id == view.id
    with read_only(db) as s:
        assert s.scalar(select(func.count()).where(Citizen.client_token == "t-1")) == 1


def test_connection_lost_during_commit_then_retry_writes_once(
    pg: tuple[Database, Actor, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The COMMIT reached the server but its answer did not reach the desk: the desk is told
    the save failed, retries with the same token and gets the stored request back."""
    import psycopg

    db, actor, directorate = pg
    token = str(uuid.uuid4())
    data = RequestInput(None, "WHATSAPP", None, directorate, "Park bakımı", client_token=token)
    real_commit = db.engine.dialect.do_commit

    def commit_then_lose_answer(dbapi_connection: Any) -> None:
        real_commit(dbapi_connection)
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db.engine.dialect, "do_commit", commit_then_lose_answer)
    with pytest.raises(ConnectionLost):
        create_request(db, actor, data)
    monkeypatch.undo()
    with read_only(db) as s:
        stored = s.scalars(select(Request).where(Request.client_token == token)).all()
    assert len(stored) == 1  # it was written ...
    retried = create_request(db, actor, data)
    assert retried.id == stored[0].id  # ... and the retry does not write it again
    with read_only(db) as s:
        assert s.scalar(select(func.count()).where(Request.client_token == token)) == 1


def test_the_ping_after_idle_leaves_no_transaction_open(
    pg: tuple[Database, Actor, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection that sat idle is pinged at checkout. The ping must not leave a
    transaction open: a read that runs without one (a search, a suggestion) switches the
    connection to autocommit, which psycopg refuses inside a transaction."""
    import desk_app.db as db_module
    from desk_app.services.citizens import search_citizens

    db, actor, _ = pg
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # every checkout pings
    create_citizen(db, actor, CitizenInput("Gülşen", "Işıkçı", phone="0533 444 55 66"))
    for _ in range(3):
        hits = search_citizens(db, actor, "Işıkçı")
        assert [h.full_name for h in hits] == ["Gülşen Işıkçı"]
    assert _count(db, Citizen) >= 1
