from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.models import Category, Channel, Mahalle
from desk_app.services.context import Actor


def test_fresh_database_has_reference_data(db: Database, admin: Actor) -> None:
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Mahalle)) == 16
        assert s.scalar(select(func.count()).select_from(Category)) == 25
        codes = set(s.scalars(select(Channel.code)))
    assert {"DESK", "WEB", "CIMER", "ACIK_KAPI", "WHATSAPP", "CALL_153", "FIELD"} == codes
    assert admin.username == "admin"
