"""One transaction per use case, with database errors turned into messages a clerk can read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.db import Database
from desk_app.domain.errors import Conflict, DomainError, PermissionDenied

CONNECTION_LOST_MESSAGE = (
    "Veritabanı sunucusuna bağlanılamıyor; kayıt yapılmadı. Bağlantı gelince yeniden deneyin."
)


class ConnectionLost(DomainError):
    """The database server cannot be reached; nothing was saved."""


def on_postgres(session: Session) -> bool:
    """The session's database is PostgreSQL (the shared server), not the single-PC SQLite file."""
    return session.get_bind().dialect.name == "postgresql"


def is_connection_error(db: Database, exc: BaseException) -> bool:
    """The PostgreSQL server is down, restarting or unreachable (at connect time or mid-way),
    as opposed to an error the server reported about the statement itself."""
    if not db.is_postgres or not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError) and type(exc.orig).__name__ != "InterfaceError":
        return False
    state = getattr(exc.orig, "sqlstate", None)
    # No SQLSTATE: libpq failed on the client side (refused, reset, timeout, closed socket).
    # 08xxx: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now.
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def refused_by_database(exc: DBAPIError) -> PermissionDenied | None:
    """The server refused a statement for want of a privilege (SQLSTATE 42501): the role
    model is enforced there, whatever the client asked."""
    if getattr(exc.orig, "sqlstate", None) != "42501":
        return None
    denied = PermissionDenied(
        "Veritabanı bu işlemi reddetti: rolünüzün bu kayıt için yetkisi yok. "
        "Gerekiyorsa bir yöneticiden yardım isteyin."
    )
    denied.__cause__ = exc
    return denied


def connection_lost(exc: BaseException) -> ConnectionLost:
    lost = ConnectionLost(CONNECTION_LOST_MESSAGE)
    lost.__cause__ = exc
    return lost


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
    except DBAPIError as exc:
        if is_connection_error(db, exc):
            raise connection_lost(exc) from exc
        if (denied := refused_by_database(exc)) is not None:
            raise denied from exc
        raise


@contextmanager
def read_only(db: Database) -> Iterator[Session]:
    try:
        with db.read_session() as session:
            yield session
    except DBAPIError as exc:
        if is_connection_error(db, exc):
            raise connection_lost(exc) from exc
        if (denied := refused_by_database(exc)) is not None:
            raise denied from exc
        raise


def without_transaction(session: Session) -> None:
    """PostgreSQL: the session's reads run without BEGIN and COMMIT around them, two round
    trips fewer. Nothing changes for what they see: under READ COMMITTED each statement of a
    transaction reads its own snapshot too. The pool gives the connection back to
    transactions when the session ends. For read-only use cases only."""
    if on_postgres(session):
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def ping(db: Database) -> None:
    """A cheap round trip to the database; raises ConnectionLost when the server is away."""
    with read_only(db) as session:
        session.execute(text("SELECT 1"))
