"""One search box: T.C. Kimlik No, phone in any spelling or its last digits, references,
names with Turkish folding and words in any order; hostile input; anonymised records."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.models import AuditLog, BabySetApplication, Channel, Citizen, Request, utcnow
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.citizens.search import CitizenHit, search_citizens
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person

_rng = random.Random(7)


def _tc() -> str:
    return generate_tckn(_rng)


def _add(db: Database, actor: Actor, first: str, last: str, **kw: str) -> int:
    data = CitizenInput(first_name=first, last_name=last, **kw)
    if not data.tc_kimlik_no and not data.phone:
        data = CitizenInput(first_name=first, last_name=last, tc_kimlik_no=_tc(), **kw)
    return create_citizen(db, actor, data).id


def _names(hits: list[CitizenHit]) -> list[str]:
    return [h.full_name for h in hits]


@pytest.fixture
def people(db: Database, admin: Actor) -> dict[str, int]:
    return {
        "ayse": _add(as_person(db, admin), admin, "Ayşe Nur", "Yılmaz", phone="0532 123 45 67"),
        "isik": _add(as_person(db, admin), admin, "Mehmet", "Işık"),
        "ince": _add(as_person(db, admin), admin, "Zeynep", "İnce"),
        "ayse2": _add(as_person(db, admin), admin, "Ayşe", "Yıldız"),
        "sinan": _add(as_person(db, admin), admin, "Sinan", "Kaya"),
        "hasan": _add(as_person(db, admin), admin, "Hasan", "Demirkaya"),
        "kayan": _add(as_person(db, admin), admin, "Kayahan", "Öztürk"),
    }


def test_tc_exact_and_masked_for_the_desk(
    db: Database, admin: Actor, clerk: Actor, supervisor: Actor
) -> None:
    tc = _tc()
    cid = _add(as_person(db, admin), admin, "Fatma", "Şahin", tc_kimlik_no=tc)
    [hit] = search_citizens(as_person(db, clerk), clerk, tc)
    assert (hit.citizen_id, hit.matched_by, hit.tc_masked) == (cid, "tc", mask_tckn(tc))
    assert search_citizens(as_person(db, supervisor), supervisor, f" {tc} ")[0].tc_masked == tc
    assert search_citizens(as_person(db, admin), admin, tc)[0].tc_masked == tc
    assert search_citizens(as_person(db, clerk), clerk, tc[:-1] + str((int(tc[-1]) + 1) % 10)) == []


def test_phone_in_every_typed_form(db: Database, clerk: Actor, people: dict[str, int]) -> None:
    for typed in (
        "0532 123 45 67",
        "+90 532 123 45 67",
        "5321234567",
        "(0532) 123-45-67",
        "00905321234567",
        "0532.123.45.67",
    ):
        hits = search_citizens(as_person(db, clerk), clerk, typed)
        assert [(h.citizen_id, h.matched_by) for h in hits] == [(people["ayse"], "phone")], typed
        assert hits[0].phone_display == "0 532 123 45 67"


def test_phone_last_digits(db: Database, clerk: Actor, people: dict[str, int]) -> None:
    for typed in ("4567", "45 67", "1234567", "321234567"):
        hits = search_citizens(as_person(db, clerk), clerk, typed)
        assert [(h.citizen_id, h.matched_by) for h in hits] == [(people["ayse"], "phone")], typed
    assert search_citizens(as_person(db, clerk), clerk, "9999") == []


def test_name_prefix_ranks_before_substring(
    db: Database, clerk: Actor, people: dict[str, int]
) -> None:
    hits = search_citizens(as_person(db, clerk), clerk, "kaya")
    # The surname Kaya itself first, then names starting with "kaya", then "Demirkaya".
    assert _names(hits) == ["Sinan Kaya", "Kayahan Öztürk", "Hasan Demirkaya"]
    assert {h.matched_by for h in hits} == {"name"}
    assert _names(search_citizens(as_person(db, clerk), clerk, "irka")) == [
        "Hasan Demirkaya"
    ]  # substring


_FOLDING_CASES = [
    ("IŞIK", ["Mehmet Işık"]),
    ("ışık", ["Mehmet Işık"]),
    ("Işık", ["Mehmet Işık"]),
    ("ince", ["Zeynep İnce"]),
    ("İNCE", ["Zeynep İnce"]),
    ("ayşe yıl", ["Ayşe Yıldız", "Ayşe Nur Yılmaz"]),
    ("yıl ayşe", ["Ayşe Yıldız", "Ayşe Nur Yılmaz"]),
    ("yılmaz ayşe", ["Ayşe Nur Yılmaz"]),
    ("nur yıl", ["Ayşe Nur Yılmaz"]),
    ("AYŞE   NUR", ["Ayşe Nur Yılmaz"]),
    ("ay", ["Ayşe Yıldız", "Ayşe Nur Yılmaz"]),  # short: prefix only
    ("yı", ["Ayşe Yıldız", "Ayşe Nur Yılmaz"]),  # short last-name prefix
    ("ur", []),  # short: no substring search
]


def test_turkish_folding_and_words_in_any_order(
    db: Database, clerk: Actor, people: dict[str, int]
) -> None:
    for typed, expected in _FOLDING_CASES:
        assert sorted(_names(search_citizens(as_person(db, clerk), clerk, typed))) == sorted(
            expected
        ), typed


def test_exact_prefix_first_then_turkish_order(
    db: Database, clerk: Actor, people: dict[str, int]
) -> None:
    assert _names(search_citizens(as_person(db, clerk), clerk, "ayşe y")) == [
        "Ayşe Yıldız",
        "Ayşe Nur Yılmaz",
    ]
    # "ayşe yıl" is a prefix of Ayşe Yıldız only; Ayşe Nur Yılmaz matches word by word.
    assert _names(search_citizens(as_person(db, clerk), clerk, "ayşe yıl")) == [
        "Ayşe Yıldız",
        "Ayşe Nur Yılmaz",
    ]
    assert _names(search_citizens(as_person(db, clerk), clerk, "ayşe", limit=1)) == [
        "Ayşe Nur Yılmaz"
    ]


def test_anonymised_citizens_are_not_found(
    db: Database, admin: Actor, clerk: Actor, people: dict[str, int]
) -> None:
    tc = _tc()
    cid = _add(
        as_person(db, admin), admin, "Gizli", "Kişi", tc_kimlik_no=tc, phone="0543 765 43 21"
    )
    assert search_citizens(as_person(db, clerk), clerk, "gizli")
    with unit_of_work(db) as s:
        s.execute(update(Citizen).where(Citizen.id == cid).values(anonymised_at=utcnow()))
    for typed in ("gizli", "kişi", "izl", tc, "0543 765 43 21", "4321"):
        assert search_citizens(as_person(db, clerk), clerk, typed) == [], typed


def _request(db: Database, citizen_id: int | None, reference: str) -> None:
    with unit_of_work(db) as s:
        channel = s.scalar(select(Channel.id).where(Channel.code == "DESK"))
        assert channel is not None
        s.add(
            Request(
                reference=reference,
                citizen_id=citizen_id,
                channel_id=channel,
                subject="Kaldırım onarımı",
                status="NEW",
                due_date=date(2025, 3, 1),
                version=1,
            )
        )


def _application(db: Database, citizen_id: int, reference: str, web: str | None) -> None:
    with unit_of_work(db) as s:
        channel = s.scalar(select(Channel.id).where(Channel.code == "WEB"))
        assert channel is not None
        s.add(
            BabySetApplication(
                reference=reference,
                web_reference=web,
                citizen_id=citizen_id,
                channel_id=channel,
                applied_at=date(2025, 2, 3),
                baby_first_name="Elif",
                baby_last_name="Kaya",
                baby_name_folded="elif kaya",
                baby_birth_date=date(2025, 1, 21),
                baby_key=f"{citizen_id}:2025-01-21:elif",
                status="RECEIVED",
                version=1,
            )
        )


def test_reference_finds_the_citizen_behind_it(
    db: Database, clerk: Actor, people: dict[str, int]
) -> None:
    _request(db, people["sinan"], "GK-2025-000123")
    _request(db, None, "GK-2025-000124")
    _application(db, people["ince"], "HGB-2025-00001", "W-2025-00412")
    for typed, key, reference in [
        ("GK-2025-000123", "sinan", "GK-2025-000123"),
        ("gk 2025 123", "sinan", "GK-2025-000123"),
        ("HGB-2025-00001", "ince", "HGB-2025-00001"),
        ("hgb2025-1", "ince", "HGB-2025-00001"),
        ("W-2025-00412", "ince", "W-2025-00412"),
        ("w 2025 412", "ince", "W-2025-00412"),
    ]:
        hits = search_citizens(as_person(db, clerk), clerk, typed)
        assert [(h.citizen_id, h.matched_by, h.reference) for h in hits] == [
            (people[key], "reference", reference)
        ], typed
    assert (
        search_citizens(as_person(db, clerk), clerk, "GK-2025-000124") == []
    )  # no citizen behind it
    assert search_citizens(as_person(db, clerk), clerk, "GK-2025-999999") == []


def test_hit_shows_the_current_mahalle(db: Database, admin: Actor, clerk: Actor) -> None:
    _add(
        as_person(db, admin), admin, "Emine", "Doğan", mahalle="ulukavak mah.",
        street="Mimar Sinan Cad.", building_no="14",
    )  # fmt: skip
    [hit] = search_citizens(as_person(db, clerk), clerk, "emine")
    assert hit.mahalle == "Ulukavak"


_HOSTILE = [
    "' OR 1=1 --",
    "%",
    "%%%",
    "_",
    "a_b%",
    '"',
    '"ali" OR "veli"',
    "ali*",
    "NEAR(ali veli)",
    "^ali",
    "ali AND veli",
    "-ali",
    "😀😀😀",
    "x" * 10_000,
    "\x00\x01\x02ali",
    "\ud800ali",
    "   ",
    "",
    "+",
    "0",
    "123",
    "1" * 40,
    "\\",
    "a\\%",
    "kaya;DROP TABLE citizen",
]


def test_hostile_input_never_crashes(db: Database, clerk: Actor, people: dict[str, int]) -> None:
    for typed in _HOSTILE:
        hits = search_citizens(as_person(db, clerk), clerk, typed)
        assert isinstance(hits, list)
        if "%" in typed or "_" in typed or '"' in typed:
            assert hits == [], typed  # wildcards are literal; no name has them
    assert (
        len(search_citizens(as_person(db, clerk), clerk, "kaya")) == 3
    )  # the table is still there


def _audit_count(db: Database) -> int:
    with unit_of_work(db) as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)


@settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(typed=st.text(max_size=60) | st.from_regex(r"[0-9 +()\-]{0,16}", fullmatch=True))
def test_arbitrary_text_never_raises_or_writes(
    db: Database, clerk: Actor, people: dict[str, int], typed: str
) -> None:
    before = _audit_count(db)
    hits = search_citizens(as_person(db, clerk), clerk, typed)
    assert len(hits) <= 20
    assert all(h.matched_by in {"tc", "phone", "name", "reference"} for h in hits)
    assert _audit_count(db) == before


def test_search_writes_no_audit_row(db: Database, clerk: Actor, people: dict[str, int]) -> None:
    before = _audit_count(db)
    for typed in ("ayşe", "4567", "0532 123 45 67", "GK-2025-000001"):
        search_citizens(as_person(db, clerk), clerk, typed)
    assert _audit_count(db) == before


def test_results_are_limited(db: Database, admin: Actor, clerk: Actor) -> None:
    with unit_of_work(db) as s:
        s.add_all(
            Citizen(
                first_name="Ali",
                last_name=f"Yılmaz{i:02d}",
                name_folded=f"ali yılmaz{i:02d}",
                last_name_folded=f"yılmaz{i:02d}",
                created_at=datetime(2025, 1, 1).astimezone(),
                version=1,
            )
            for i in range(60)
        )
    assert len(search_citizens(as_person(db, clerk), clerk, "ali")) == 20
    assert len(search_citizens(as_person(db, clerk), clerk, "lmaz", limit=50)) == 50
    assert len(search_citizens(as_person(db, clerk), clerk, "ali yıl", limit=500)) == 60


def test_whole_word_matches_come_first_in_name_order(
    db: Database, admin: Actor, clerk: Actor
) -> None:
    """ "ışık" with more Işıks than a page: Abdullah and Ali Işık (stored last) are on the first
    page, before Işıkhan (a prefix) and Karışık (a substring)."""
    firsts = [
        "Cansu", "Deniz", "Ebru", "Fatih", "Gül", "Hakan", "İlker", "Kemal", "Leyla", "Murat",
        "Nesrin", "Oğuz", "Özge", "Pınar", "Rıza", "Selin", "Şule", "Tarık", "Ufuk", "Ümit",
        "Volkan", "Zehra",
    ]  # fmt: skip
    _add(as_person(db, admin), admin, "Işıkhan", "Demir")
    _add(as_person(db, admin), admin, "Mehmet", "Karışık")
    for first in firsts:
        _add(as_person(db, admin), admin, first, "Işık")
    _add(as_person(db, admin), admin, "Ali", "Işık")
    _add(as_person(db, admin), admin, "Abdullah", "Işık")
    hits = _names(search_citizens(as_person(db, clerk), clerk, "ışık"))
    assert hits[:3] == ["Abdullah Işık", "Ali Işık", "Cansu Işık"]
    assert len(hits) == 20 and all(name.endswith(" Işık") for name in hits)
    every = _names(search_citizens(as_person(db, clerk), clerk, "ışık", limit=50))
    assert every[-2:] == ["Işıkhan Demir", "Mehmet Karışık"]
    assert _names(search_citizens(as_person(db, clerk), clerk, "ali ışık")) == ["Ali Işık"]


def test_every_kind_of_hit_carries_the_whole_row(
    db: Database, admin: Actor, clerk: Actor, supervisor: Actor
) -> None:
    """The phone, the mahalle and (for a supervisor) the whole number come with the hit the
    same way whichever path found it: a prefix, a substring only (read whole for the page),
    the number, the phone or its last digits (all nines: no digit successor)."""
    tc = _tc()
    cid = _add(
        as_person(db, admin), admin, "Gülizar", "Kocabıyık", tc_kimlik_no=tc,
        phone="0532 999 99 99", mahalle="ulukavak mah.", street="Mimar Sinan Cad.",
        building_no="14",
    )  # fmt: skip
    for typed in ("gülizar", "kocabı", "abıy", "izar koca", tc, "0532 999 99 99", "9999"):
        [hit] = search_citizens(as_person(db, clerk), clerk, typed)
        assert (hit.citizen_id, hit.full_name) == (cid, "Gülizar Kocabıyık"), typed
        assert (hit.phone_display, hit.mahalle) == ("0 532 999 99 99", "Ulukavak"), typed
        assert hit.tc_masked == mask_tckn(tc), typed
        [seen] = search_citizens(as_person(db, supervisor), supervisor, typed)
        assert (seen.tc_masked, seen.mahalle) == (tc, "Ulukavak"), typed


def test_a_search_leaves_its_connection_transactional(
    db: Database, clerk: Actor, people: dict[str, int]
) -> None:
    """PostgreSQL searches run without BEGIN/COMMIT; the pooled connection they used must go
    back to transactions: a failed unit of work on it afterwards writes nothing."""
    for typed in ("ayşe", "4567", "GK-2025-000001"):
        search_citizens(db, clerk, typed)
        with pytest.raises(RuntimeError), unit_of_work(db) as s:
            s.execute(update(Citizen).where(Citizen.id == people["sinan"]).values(first_name="X"))
            s.flush()
            raise RuntimeError("undone")
        with unit_of_work(db) as s:
            assert s.scalar(select(Citizen.first_name).where(Citizen.id == people["sinan"])) == (
                "Sinan"
            ), typed


def _rank_as_specified(name: str, last: str, query: str, words: list[str]) -> int | None:
    name_words = name.split()
    if all(w in name_words for w in words):
        return 0
    if name.startswith(query) or last.startswith(query):
        return 1
    if all(any(nw.startswith(w) for nw in name_words) for w in words):
        return 2
    if all(w in name for w in words):
        return 3
    return None


_FOLDED = st.text(alphabet="aıiyşk -", max_size=14)


@given(name=_FOLDED, last=_FOLDED, typed=_FOLDED)
def test_name_rank_fast_path_ranks_as_specified(name: str, last: str, typed: str) -> None:
    from desk_app.services.citizens.search import _name_rank

    words = typed.split()
    query = " ".join(words)
    assert _name_rank(name, last, query, words) == _rank_as_specified(name, last, query, words)
