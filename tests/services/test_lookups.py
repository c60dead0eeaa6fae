"""Reference data for the request form: active rows, Turkish alphabetical order."""

from __future__ import annotations

from sqlalchemy import update

from desk_app.db import Database
from desk_app.domain.text import sort_key
from desk_app.models import Category, Channel, Directorate
from desk_app.services.lookups import list_categories, list_channels, list_directorates
from desk_app.services.uow import unit_of_work


def test_channels_in_the_admins_order_with_names_from_the_database(db: Database) -> None:
    channels = list_channels(db)
    assert [c.code for c in channels] == [
        "DESK",
        "WEB",
        "CIMER",
        "ACIK_KAPI",
        "WHATSAPP",
        "CALL_153",
        "FIELD",
    ]
    assert channels[0].name == "Gönül Kapısı (yüz yüze)"
    with unit_of_work(db) as s:
        s.execute(update(Channel).where(Channel.code == "FIELD").values(active=False))
        s.execute(update(Channel).where(Channel.code == "DESK").values(name="Masa", sort_order=99))
    channels = list_channels(db)
    assert [c.code for c in channels][-1] == "DESK"
    assert channels[-1].name == "Masa"
    assert "FIELD" not in {c.code for c in channels}


def test_directorates_in_turkish_order_and_only_active(db: Database) -> None:
    with unit_of_work(db) as s:
        s.add(Directorate(name="Cami Hizmetleri Müdürlüğü", short="CAMI", due_days=9, active=True))
        s.add(Directorate(name="Ihlamur Birimi", short="IHL", due_days=15, active=True))
        s.add(Directorate(name="İklim Birimi", short="IKL", due_days=15, active=True))
        s.execute(update(Directorate).where(Directorate.short == "VET").values(active=False))
    names = [d.name for d in list_directorates(db)]
    assert names == sorted(names, key=sort_key)
    # Ç after C, İ after I (ASCII or code-point order would put both at the end).
    assert names.index("Cami Hizmetleri Müdürlüğü") < names.index(
        "Çevre Koruma ve Kontrol Müdürlüğü"
    )
    assert names.index("Çevre Koruma ve Kontrol Müdürlüğü") < names.index(
        "Emlak ve İstimlak Müdürlüğü"
    )
    assert (
        names.index("Ihlamur Birimi")
        < names.index("İklim Birimi")
        < names.index("İmar ve Şehircilik Müdürlüğü")
    )
    assert "Veteriner İşleri Müdürlüğü" not in names
    cami = next(d for d in list_directorates(db) if d.short == "CAMI")
    assert cami.due_days == 9


def test_categories_in_turkish_order_with_their_directorate_and_days(db: Database) -> None:
    with unit_of_work(db) as s:
        s.execute(update(Category).where(Category.name == "Çöp toplama").values(active=False))
    categories = list_categories(db)
    names = [c.name for c in categories]
    assert names == sorted(names, key=sort_key)
    assert "Çöp toplama" not in names
    assert names.index("Çevre kirliliği") > names.index("Bilgi edinme ve genel talep")
    water = next(c for c in categories if c.name == "Su arızası")
    assert water.due_days == 2
    skm = next(d for d in list_directorates(db) if d.short == "SKM")
    assert water.directorate_id == skm.id
