"""A desk gets a citizen's T.C. Kimlik No masked from the service itself (the window is not the
only guard); supervisors get it whole; a desk saving a card with the masked number keeps it."""

from __future__ import annotations

from dataclasses import replace

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen, get_citizen_card, update_citizen
from desk_app.services.context import Actor
from tests.people import as_person


def _input(tc: str) -> CitizenInput:
    return CitizenInput(
        first_name="Şule",
        last_name="Işık",
        tc_kimlik_no=tc,
        phone="0532 111 22 33",
        mahalle="Ulukavak",
        street="Mimar Sinan Cad.",
        building_no="14",
    )


def test_desks_get_the_number_masked_supervisors_whole(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    import random

    tc = generate_tckn(random.Random(7))
    view = create_citizen(as_person(db, supervisor), supervisor, _input(tc))
    desk_card = get_citizen_card(as_person(db, clerk), clerk, view.id)
    assert desk_card.citizen.tc_kimlik_no == mask_tckn(tc) != tc
    assert (
        get_citizen_card(as_person(db, supervisor), supervisor, view.id).citizen.tc_kimlik_no == tc
    )
    # The desk edits the phone on the card it was shown: the stored number stays whole.
    edited = replace(_input(desk_card.citizen.tc_kimlik_no or ""), phone="0533 444 55 66")
    update_citizen(as_person(db, clerk), clerk, view.id, desk_card.citizen.version, edited)
    assert (
        get_citizen_card(as_person(db, supervisor), supervisor, view.id).citizen.tc_kimlik_no == tc
    )
