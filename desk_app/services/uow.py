"""One transaction per use case, with database errors turned into messages a clerk can read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.db import Database
from desk_app.domain.errors import Conflict, DomainError


class ConnectionLost(DomainError):
    """The database server cannot be reached; nothing was saved."""


@contextmanager
def unit_of_work(db: Database) -> Iterator[Session]:
    """Yields a session; commits once when the block ends without an error, else rolls back."""
    try:
        with db.session() as session:
            yield session
            session.commit()
    except StaleDataError as exc:
        raise Conflict(
            "Bu kayıt siz düzenlerken başka bir masada değiştirildi; değişiklikleriniz "
            "kaydedilmedi. Kaydı yeniden açıp güncel hâlini görün."
        ) from exc
    except OperationalError as exc:
        if db.is_postgres and exc.connection_invalidated:
            raise ConnectionLost(
                "Veritabanı sunucusuna bağlanılamıyor; kayıt yapılmadı. "
                "Bağlantı gelince yeniden deneyin."
            ) from exc
        raise


@contextmanager
def read_only(db: Database) -> Iterator[Session]:
    with db.read_session() as session:
        yield session
