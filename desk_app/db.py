"""Engine and session factory for the embedded SQLite file or the shared PostgreSQL server;
SQLite pragmas; schema check and migration on start."""

from __future__ import annotations

import re
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desk_app import pg_roles
from desk_app.logsafe import hide_userinfo, redact, remember_secret
from desk_app.paths import migrations_dir

# Key of the PostgreSQL advisory lock that serialises migrations of desks starting together.
_MIGRATION_LOCK_KEY = 72_430_119


class DatabaseSetupError(Exception):
    """The database cannot be used as configured; the message is for the user (Turkish)."""


class SchemaTooNewError(DatabaseSetupError):
    pass


class NotOwnerError(DatabaseSetupError):
    """A login that is not the database's owner asked to migrate (desks never run DDL)."""


class DatabaseUnavailable(DatabaseSetupError):
    """The server cannot be reached or refuses the login."""


def normalize_url(raw: str) -> URL:
    """Accept the URL forms an admin types: ``postgresql://``, ``postgres://``,
    ``sqlite:///path`` or just a path to an SQLite file."""
    value = raw.strip()
    if not value:
        raise DatabaseSetupError("Veritabanı adresi boş; --db ile bir adres verin.")
    if "://" not in value:
        if re.match(r"^[a-z][a-z0-9+]*:", value, re.I) and not re.match(
            r"^[a-z]:[\\/]", value, re.I
        ):
            raise DatabaseSetupError(
                f"Veritabanı adresi anlaşılamadı: {hide_userinfo(value)!r}; "
                "örnek: postgresql://kullanici@sunucu/desk_app."
            )
        value = f"sqlite:///{Path(value).expanduser().resolve().as_posix()}"
    try:
        url = _parse_url(value)
    except ArgumentError as exc:
        raise DatabaseSetupError(
            "Veritabanı adresi anlaşılamadı; örnek: postgresql://kullanici@sunucu/desk_app "
            "veya sqlite:///C:/desk_app/desk.sqlite3"
        ) from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url.set(drivername="sqlite")
    raise DatabaseSetupError(
        f"Desteklenmeyen veritabanı türü: {backend}. PostgreSQL veya SQLite kullanın."
    )


def _parse_url(value: str) -> URL:
    """SQLAlchemy's ``make_url``, also for a password typed with ``@``, ``:`` or ``/`` in it
    (not URL-encoded): the user information runs to the *last* ``@`` before the host. A ``%``
    is read as URL-encoding, as ``make_url`` does (write a literal ``%`` as ``%25``). The
    password is remembered so that no message or log line can show it."""
    scheme, sep, rest = value.partition("://")
    at = rest.rfind("@")
    userinfo = rest[:at] if sep and at >= 0 else ""
    if "@" in userinfo or "/" in userinfo or userinfo.count(":") > 1:
        from urllib.parse import unquote

        user, _, password = userinfo.partition(":")
        remember_secret(password)
        remember_secret(unquote(password))
        url = make_url(f"{scheme}://{rest[at + 1 :]}").set(
            username=unquote(user), password=unquote(password)
        )
    else:
        url = make_url(value)
    remember_secret(url.password if isinstance(url.password, str) else None)
    return url


def _first_line(exc: OperationalError) -> str:
    lines = [ln.strip() for ln in str(exc.orig or exc).splitlines() if ln.strip()]
    return redact(lines[0] if lines else type(exc).__name__).rstrip(".") + "."


def describe_url(url: URL) -> str:
    """What the status bar shows: never the password."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite: {url.database or 'bellek'}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    user = f"{url.username}@" if url.username else ""
    return f"PostgreSQL: {user}{host}{port}/{url.database or ''}"


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is lazy).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted and overwritten content is zeroed, not left in free space (KVKK retention).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# SQLite's page cache a connection: its default (2 MiB), and what a long write that touches a
# page of its own in every index of a ten-year file takes while it runs (``large_cache``).
_DEFAULT_CACHE = "PRAGMA cache_size=-2000"
_LARGE_CACHE = "PRAGMA cache_size=-65536"


def large_cache(session: Any) -> None:
    """SQLite: the session's connection keeps 64 MiB of pages until it goes back to the pool.
    The web import spent a fifth of its time reading index pages missed by the 2 MiB cache;
    other uses keep the default, so that a desk's process stays small (every pooled
    connection would fill its own cache)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(_LARGE_CACHE)
        connection.connection.info["desk_large_cache"] = True


def _sqlite_checkin(dbapi_connection: Any, record: Any) -> None:
    # None: the connection was invalidated (and is closed with its cache).
    if record.info.pop("desk_large_cache", False) and dbapi_connection is not None:
        dbapi_connection.execute(_DEFAULT_CACHE)  # frees the pages beyond it


def _private_sqlite_file(path: Path) -> None:
    """The embedded file with personal data: 0600, in a folder only its user can list."""
    from desk_app.paths import private_sqlite
    from desk_app.settings import default_data_dir

    own = path.parent.resolve() == default_data_dir().resolve()
    private_sqlite(path, own_folder=own)


def _sqlite_on_begin(conn: Any) -> None:
    # Writers take the write lock at BEGIN, so two desks never deadlock on a lock upgrade;
    # read-only work (reports) asks for a deferred transaction.
    if conn.get_execution_options().get("desk_readonly"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _readable(dbapi_connection: Any) -> bool:
    """Something waits on an idle connection's socket: the server's goodbye or its closing
    (a healthy idle connection receives nothing; desk_app listens for no notifications)."""
    try:
        ready, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(ready)


# A pooled connection that sat idle this long is pinged before it is used: the server may
# have restarted or the network dropped it meanwhile (the pool then opens a new one).
PING_AFTER_IDLE_SECONDS = 2.0


def _pg_checkin(dbapi_connection: Any, record: Any) -> None:
    record.info["desk_idle_since"] = time.monotonic()


def _pg_checkout(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """SQLAlchemy's pool_pre_ping, but only for a connection that may be gone: it pinged on
    every checkout, a round trip (and its own BEGIN) before every use case. A connection just
    opened, or given back less than ``PING_AFTER_IDLE_SECONDS`` ago with nothing waiting on
    its socket, is used as it is; a server that shut down or restarted meanwhile has sent it
    its last message (or closed it), which makes the socket readable, so it is pinged."""
    since = record.info.get("desk_idle_since")
    if since is None:
        return
    if time.monotonic() - since < PING_AFTER_IDLE_SECONDS and not _readable(dbapi_connection):
        return
    try:
        # Outside a transaction, as SQLAlchemy's own ping on psycopg: the use case that follows
        # must start its own (a read that runs without one switches the connection to
        # autocommit, which psycopg refuses inside a transaction).
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            dbapi_connection.execute("SELECT 1")
        finally:
            dbapi_connection.autocommit = autocommit
    except Exception as exc:  # the driver's error: the connection is gone
        raise DisconnectionError() from exc


_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)
_QUOTED_RE = re.compile(r"['\"]([^'\"]+)['\"]")


def migration_revisions(folder: Path | None = None) -> tuple[frozenset[str], str | None]:
    """The revision ids in the migrations' versions folder and the one head (None when there
    is not exactly one), read from the files' ``revision =`` / ``down_revision =`` lines
    without importing Alembic or the migrations."""
    versions = (folder or migrations_dir()) / "versions"
    known: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION_RE.search(source)
        if revision is None:
            continue
        known.add(revision.group(1))
        down = _DOWN_RE.search(source)
        if down is not None:
            parents.update(_QUOTED_RE.findall(down.group(1)))
    heads = known - parents
    return frozenset(known), (next(iter(heads)) if len(heads) == 1 else None)


def _stored_revisions(conn: Any) -> list[str]:
    """The rows of ``alembic_version`` (none: a database never migrated), with plain SQL."""
    if conn.dialect.name == "sqlite":
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
    else:
        exists = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    rows = (
        [str(r[0]) for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
        if exists
        else []
    )
    conn.rollback()
    return rows


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


class Database:
    """One engine and its session factories. Built by the composition root (or a test)."""

    def __init__(
        self,
        url: str | URL,
        *,
        sslmode: str | None = None,
        sslrootcert: str | None = None,
        echo: bool = False,
        gss: bool = False,
    ) -> None:
        self.url = normalize_url(url) if isinstance(url, str) else url
        password = self.url.password
        remember_secret(password if isinstance(password, str) else None)
        self._sslmode, self._sslrootcert, self._echo = sslmode, sslrootcert, echo
        self._gss = gss
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        # hide_parameters: an error message never carries the values of a statement (the slip
        # key, a password hash, a citizen's data), only the SQL text.
        kwargs: dict[str, Any] = {"echo": echo, "future": True, "hide_parameters": True}
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                _private_sqlite_file(Path(self.url.database))
            kwargs["connect_args"] = {"timeout": 15, "check_same_thread": False}
        else:
            connect_args: dict[str, Any] = {"connect_timeout": 5, "application_name": "desk_app"}
            if sslmode:
                connect_args["sslmode"] = sslmode
            if sslrootcert:
                connect_args["sslrootcert"] = sslrootcert
            if gss:
                # Windows domain single sign-on: SSPI (Windows) or GSSAPI (Kerberos) through
                # libpq; no password is typed or stored. The server's pg_hba.conf says "sspi"
                # or "gss" for these logins.
                connect_args["gssencmode"] = "prefer"
                connect_args.setdefault("krbsrvname", "postgres")
            # LIFO: the connection used last is used again, so its prepared statements (psycopg
            # prepares a query on its sixth run on a connection) serve the next use case.
            kwargs.update(connect_args=connect_args, pool_size=5, pool_use_lifo=True)
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_on_begin)
            event.listen(self.engine, "checkin", _sqlite_checkin)
        else:
            event.listen(self.engine, "checkin", _pg_checkin)
            event.listen(self.engine, "checkout", _pg_checkout)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self.read_session_factory = sessionmaker(
            self.engine.execution_options(desk_readonly=True), expire_on_commit=False
        )

    @property
    def is_postgres(self) -> bool:
        return not self.is_sqlite

    def as_login(self, username: str, password: str | None) -> Database:
        """The same server and database opened as one person's own login role (PostgreSQL).
        ``password`` None: single sign-on, or libpq's password file / service file."""
        url = self.url.set(username=username, password=password)
        return Database(
            url,
            sslmode=self._sslmode,
            sslrootcert=self._sslrootcert,
            echo=self._echo,
            gss=self._gss,
        )

    def check_login(self) -> None:
        """Open one connection now: raises DatabaseUnavailable (wrong password included)."""
        try:
            with self.engine.connect():
                pass
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"Veritabanına bağlanılamadı ({self.describe()}): {_first_line(exc)}"
            ) from exc

    def describe(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one use case; the caller commits once. Rolled back on error."""
        with self.session_factory() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading. It ends with COMMIT, not ROLLBACK (the same for a reader):
        psycopg forgets every prepared statement of the connection on a ROLLBACK and sends
        DEALLOCATE ALL, so reads ending that way would plan every query again."""
        with self.read_session_factory() as session:
            yield session
            if session.in_transaction():
                session.commit()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- schema -------------------------------------------------------------------------
    def _alembic_config(self) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(migrations_dir()))
        return cfg

    def schema_state(self) -> SchemaState:
        """The stored revision against the newest one. The revisions are read from the
        versions folder's text and the stored one with plain SQL, so a start-up on an up to
        date database never imports Alembic (a third of a second); anything unusual (no
        single head, an unknown revision) asks Alembic itself."""
        known, head = migration_revisions()
        try:
            with self.engine.execution_options(desk_readonly=True).connect() as conn:
                stored = _stored_revisions(conn)
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"Veritabanına bağlanılamadı ({self.describe()}): {_first_line(exc)} "
                "Sunucunun açık olduğunu, adresi ve kullanıcı bilgilerini denetleyin."
            ) from exc
        if head is not None and len(stored) <= 1 and set(stored) <= known:
            return SchemaState(current=stored[0] if stored else None, head=head)
        return self._alembic_schema_state()

    def _alembic_schema_state(self) -> SchemaState:
        from alembic.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self._alembic_config())
        head = script.get_current_head()
        assert head is not None
        try:
            with self.engine.connect() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"Veritabanına bağlanılamadı ({self.describe()}): {_first_line(exc)} "
                "Sunucunun açık olduğunu, adresi ve kullanıcı bilgilerini denetleyin."
            ) from exc
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise SchemaTooNewError(
                f"Veritabanı bu programdan daha yeni bir sürümle güncellenmiş (şema {current}). "
                "Bu masadaki desk_app'i güncelleyin; eski sürüm bu veritabanını kullanamaz."
            )
        return SchemaState(current=current, head=head)

    def upgrade(self, revision: str = "head") -> SchemaState:
        """Create or migrate the schema; refuses a database newer than the app."""
        from alembic import command

        self.schema_state()  # raises SchemaTooNewError before touching anything
        cfg = self._alembic_config()
        with self.engine.connect() as conn:
            if self.is_postgres and not pg_roles.is_owner(conn):
                raise NotOwnerError(
                    f"Veritabanı şeması bu desk_app sürümünden eski ({self.describe()}). "
                    "Şemayı yalnızca veritabanının sahibi güncelleyebilir: bilgi işlem biriminden "
                    "sunucuda ‘desk-app --db SAHİP_ADRESİ db upgrade’ komutunu çalıştırmasını "
                    "isteyin."
                )
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                conn.commit()
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
                if self.is_postgres:
                    # Roles and grants follow the schema: made or refreshed at every upgrade.
                    pg_roles.apply_grants(conn)
                    conn.commit()
            finally:
                if self.is_postgres:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                    conn.commit()
        return self.schema_state()


def open_database(
    url: str,
    *,
    sslmode: str | None = None,
    sslrootcert: str | None = None,
    migrate: bool = True,
    gss: bool = False,
) -> Database:
    db = Database(url, sslmode=sslmode, sslrootcert=sslrootcert, gss=gss)
    if migrate:
        state = db.schema_state()
        if not state.up_to_date:
            db.upgrade()
    return db
