"""Logins the PostgreSQL server refused, from the server's own log into the audit trail.

A wrong password at login never reaches the app (the server refuses the connection), so the
server's log is the only record. ``desk_collect_logins()`` (revision alog01) reads the lines
written since its last run, writes one ``login.refused`` audit row per refusal for this database
(actor ``server:postgresql``) and locks a person after ``auth.max_failed_logins``. Every login
collects first (inside ``desk_note_login``); the admin's Users window and ``desk-app audit
collect-logins`` (a scheduled task) call ``collect_refused_logins``. README: "Logins the server
refuses".
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desk_app.db import Database
from desk_app.domain.errors import DomainError, PermissionDenied
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import unit_of_work

log = logging.getLogger(__name__)

SERVER_ACTOR = "server:postgresql"

_NO_JSONLOG = (
    "PostgreSQL sunucusu giriş kayıtlarını JSON günlüğüne yazmıyor. Bilgi işlem birimi "
    "postgresql.conf dosyasına ‘logging_collector = on’ ve ‘log_destination = "
    "'stderr,jsonlog'’ satırlarını eklesin ve sunucuyu yeniden başlatsın."
)
_NO_GRANT = (
    "Veritabanı sahibinin sunucu günlüğünü okuma izni yok. Bilgi işlem birimi bu veritabanına "
    "süper kullanıcı olarak bağlanıp şunu çalıştırsın: GRANT EXECUTE ON FUNCTION "
    "pg_current_logfile(text), "
    "pg_read_binary_file(text, bigint, bigint, boolean) TO <veritabanı sahibi>;"
)


class LoginLogUnavailable(DomainError):
    """The server's log cannot be read (not written as jsonlog, or no grant for the owner)."""


def collect_refused_logins(db: Database, actor: Actor) -> int:
    """Read the server's log into the audit trail; returns how many refused logins of this
    database were found. Admins only (the owner too); PostgreSQL only."""
    require(actor, Action.MANAGE_USERS)
    if not db.is_postgres:
        raise DomainError(
            "Tek bilgisayar (SQLite) modunda sunucu yok: hatalı girişler zaten uygulamanın "
            "kendi denetim kaydında."
        )
    try:
        with unit_of_work(db) as session:
            return int(session.scalar(text("SELECT desk_collect_logins()")) or 0)
    except PermissionDenied as exc:
        if _names_log_function(exc):
            raise LoginLogUnavailable(_NO_GRANT) from exc
        raise
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        if state == "55000":
            raise LoginLogUnavailable(_NO_JSONLOG) from exc
        if state == "42501" and _names_log_function(exc):
            raise LoginLogUnavailable(_NO_GRANT) from exc
        raise


def collect_quietly(db: Database, actor: Actor) -> int | None:
    """``collect_refused_logins`` for a window that lists users: a server whose log cannot be
    read is logged (the CLI command says what IT must set), never in the user's way."""
    try:
        return collect_refused_logins(db, actor)
    except LoginLogUnavailable as exc:
        log.warning("refused logins not collected: %s", exc)
        return None


def _names_log_function(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        message = str(seen)
        if "pg_read_binary_file" in message or "pg_current_logfile" in message:
            return True
        seen = seen.__cause__ or seen.__context__
    return False
