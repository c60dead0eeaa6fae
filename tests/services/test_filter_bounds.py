"""A pasted page of text in a list filter (issue 15.5): refused in the service with a Turkish
message naming the field and the limit, never sent to the database as a pattern."""

from __future__ import annotations

import pytest

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.services.applications.query import (
    ApplicationFilter,
    count_applications,
    list_applications_after,
)
from desk_app.services.context import Actor
from desk_app.services.filters import MAX_FILTER_LENGTH
from desk_app.services.requests import query as rq
from desk_app.services.requests.query import RequestFilter
from tests.people import as_person

HUGE = "aş%_" * 12_500  # 50,000 characters with LIKE wildcards


def test_application_list_filter_is_bounded(db: Database, clerk: Actor) -> None:
    for call in (
        lambda f: count_applications(as_person(db, clerk), clerk, f),
        lambda f: list_applications_after(as_person(db, clerk), clerk, f, None, 50),
    ):
        with pytest.raises(ValidationError) as err:
            call(ApplicationFilter(text=HUGE))
        assert err.value.field == "arama"
        assert f"en fazla {MAX_FILTER_LENGTH} karakter" in str(err.value)
        # Right at the limit it still searches (and finds nothing).
        assert not call(ApplicationFilter(text="ş" * MAX_FILTER_LENGTH))


def test_request_list_filter_is_bounded(db: Database, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        rq.count_requests(as_person(db, clerk), clerk, RequestFilter(text=HUGE))
    assert err.value.field == "arama"
    with pytest.raises(ValidationError):
        rq.list_requests_after(as_person(db, clerk), clerk, RequestFilter(text=HUGE), None, 50)
    assert (
        rq.count_requests(as_person(db, clerk), clerk, RequestFilter(text="x" * MAX_FILTER_LENGTH))
        == 0
    )
