"""Idempotent creates (on the ``db`` fixture: SQLite, and PostgreSQL in CI): a create retried
with the same client token returns the row of the first attempt; another token is another row;
an unchanged validation still refuses a bad form whatever the token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.models import Citizen, Directorate, Request
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import read_only
from tests.people import as_person


def _directorate(db: Database) -> int:
    with read_only(db) as s:
        found = s.scalar(select(Directorate.id).limit(1))
    assert found is not None
    return found


def _count(db: Database, model: type) -> int:
    with read_only(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_request_create_is_idempotent_per_token(db: Database, clerk: Actor) -> None:
    d = _directorate(db)
    data = RequestInput(None, "WHATSAPP", None, d, "Su kesintisi", client_token="form-1")
    first = create_request(as_person(db, clerk), clerk, data)
    second = create_request(as_person(db, clerk), clerk, data)
    assert (second.id, second.reference) == (first.id, first.reference)
    other = create_request(
        as_person(db, clerk),
        clerk,
        RequestInput(None, "WHATSAPP", None, d, "Su kesintisi", client_token="form-2"),
    )
    plain = create_request(
        as_person(db, clerk), clerk, RequestInput(None, "WHATSAPP", None, d, "Su kesintisi")
    )
    assert len({first.id, other.id, plain.id}) == 3
    assert _count(db, Request) == 3


def test_citizen_create_is_idempotent_per_token(db: Database, clerk: Actor) -> None:
    data = CitizenInput(
        "Elif",
        "Şahin",
        tc_kimlik_no="10000000146",
        mahalle="Ulukavak",
        street="Gazi Cad.",
        building_no="3",
        client_token="form-9",
    )
    first = create_citizen(as_person(db, clerk), clerk, data)
    again = create_citizen(
        as_person(db, clerk), clerk, data
    )  # not DuplicateCitizen: it is the same save
    assert again == first
    assert again.address is not None
    with pytest.raises(ValidationError) as caught:
        create_citizen(
            as_person(db, clerk),
            clerk,
            CitizenInput("", "Şahin", phone="0532", client_token="form-10"),
        )
    assert caught.value.field
    assert _count(db, Citizen) == 1
