"""Secrets: the slip-signing key of the installation and database passwords never appear in
the command line's error output, the logs, ``describe_url``, the messages shown to users or the
audit trail; the PostgreSQL TLS settings (sslmode, root certificate) reach psycopg's connect."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from desk_app import cli
from desk_app.db import Database, DatabaseSetupError, describe_url, normalize_url, open_database
from desk_app.domain.errors import DomainError
from desk_app.domain.slip_token import parse_any
from desk_app.domain.states import Role
from desk_app.logsafe import RedactingFilter, install_redaction, redact
from desk_app.models import AuditLog, InstallationSecret
from desk_app.services.admin import auth
from desk_app.services.context import Actor
from desk_app.services.delivery.slips import lookup_slip, slip_secret
from desk_app.services.uow import read_only, unit_of_work
from desk_app.settings import load_settings
from tests.people import as_person

PASSWORD = "S3cr3t-P4ss"
URL = f"postgresql+psycopg://u:{PASSWORD}@127.0.0.1:1/x"  # nothing listens on port 1

log = logging.getLogger("desk_app.test_secrets")


class _Captured(Exception):
    pass


def test_describe_and_repr_hide_the_password() -> None:
    url = normalize_url(URL)
    for shown in (describe_url(url), repr(url), str(url), Database(url).describe()):
        assert PASSWORD not in shown
    assert "u@127.0.0.1:1/x" in describe_url(url)


@pytest.mark.parametrize(
    "typed",
    [
        f"postgres://u:{PASSWORD}@127.0.0.1:1/x",
        f"postgresql:u:{PASSWORD}@127.0.0.1/x",  # a mangled URL echoed back to the admin
        f"mysql://u:{PASSWORD}@127.0.0.1/x",
    ],
)
def test_bad_url_messages_hide_the_password(typed: str) -> None:
    try:
        normalize_url(typed)
    except DatabaseSetupError as exc:
        assert PASSWORD not in str(exc)


def test_unreachable_server_message_and_log_hide_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    db = Database(URL)
    with pytest.raises(DatabaseSetupError) as caught:
        db.schema_state()
    assert PASSWORD not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)  # still says where it tried
    cause = caught.value.__cause__
    assert cause is not None and PASSWORD not in str(cause)
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO):
        log.exception("cannot open the database %s", URL, exc_info=caught.value)
    assert PASSWORD not in caplog.text
    assert "u:***@127.0.0.1" in caplog.text
    db.dispose()


@pytest.mark.parametrize("as_json", [False, True])
def test_cli_error_output_for_an_unreachable_server(
    capsys: pytest.CaptureFixture[str], as_json: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_APP_DB", raising=False)
    monkeypatch.setenv("DESK_APP_CONFIG", "/nonexistent/desk_app.ini")
    argv = ["db", "status", "--db", URL] + (["--json"] if as_json else [])
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code != 0
    assert PASSWORD not in out + err
    assert (out if as_json else err).strip()
    if as_json:
        assert json.loads(out)["ok"] is False


def test_redacting_filter_covers_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.handler.addFilter(RedactingFilter())
    try:
        raise RuntimeError(f"connect failed: host=db password={PASSWORD} dbname=x via {URL}")
    except RuntimeError:
        log.exception("opening %s failed", URL)
    log.warning("conninfo: host=h password='%s' user=u", PASSWORD)
    assert PASSWORD not in caplog.text
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
    assert redact(f"PGPASSWORD={PASSWORD}") == "PGPASSWORD=***"


def test_install_redaction_is_idempotent() -> None:
    root = logging.getLogger("desk_app.test_secrets.install")
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        first = install_redaction(root)
        second = install_redaction(root)
        assert first is second
        assert handler.filters.count(first) == 1
    finally:
        root.removeHandler(handler)
        if logging.lastResort is not None and first in logging.lastResort.filters:
            logging.lastResort.removeFilter(first)


def test_installation_secret_stays_out_of_errors_messages_and_audit(
    db: Database, admin: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    with unit_of_work(db) as session:
        secret = slip_secret(session)
        if not isinstance(secret, bytes):  # PostgreSQL keeps it in the server; the owner looks
            stored = session.execute(text("SELECT value FROM installation_secret")).scalar_one()
            secret = bytes.fromhex(stored)
    secret_hex = secret.hex()
    auth.add_user(as_person(db, admin), admin, "sefa", "Sefa Kaya", Role.DESK, "masa-parolasi-9")
    # A database error about the very row that holds the key: the statement's values are not
    # part of the message (hide_parameters), so neither the key nor the text shows it.
    with pytest.raises(DBAPIError) as caught, unit_of_work(db) as session:
        session.execute(
            InstallationSecret.__table__.insert().values(
                name=session.scalar(select(InstallationSecret.name)),
                value=secret_hex,
                created_at=session.scalar(select(InstallationSecret.created_at)),
            )
        )
    assert secret_hex not in str(caught.value)
    with caplog.at_level(logging.INFO):
        log.exception("save failed", exc_info=caught.value)
    assert secret_hex not in caplog.text
    # What the scan box tells the clerk about a forged or unknown code.
    for typed in ("HGB1|1|1|AAAAAAAAAAAAAAAA", "ABCD-EFGH", secret_hex):
        result = lookup_slip(as_person(db, admin), admin, typed)
        assert secret_hex not in result.message
        with pytest.raises(DomainError) as refused:
            parse_any(typed, secret)
        assert secret_hex not in str(refused.value)
    # The audit trail: no key, no password, no password hash.
    with read_only(db) as s:
        rows = s.scalars(select(AuditLog)).all()
        dumped = json.dumps(
            [[r.action, r.entity, r.old_values, r.new_values, r.detail] for r in rows],
            default=str,
            ensure_ascii=False,
        )
        hashes = list(s.execute(text("SELECT password_hash FROM app_user")).scalars())
    assert rows
    for forbidden in (secret_hex, "masa-parolasi-9", "yonetici-parola", *hashes):
        assert forbidden not in dumped


def _captured_connect_args(db: Database) -> dict[str, object]:
    captured: dict[str, object] = {}

    @event.listens_for(db.engine, "do_connect")
    def capture(_dialect, _record, _cargs, cparams):  # type: ignore[no-untyped-def]
        captured.update(cparams)
        raise _Captured

    with pytest.raises(_Captured):
        db.engine.connect()
    return captured


def test_tls_settings_reach_psycopg() -> None:
    db = Database(
        "postgresql://desk@db.belediye.local/desk_app",
        sslmode="verify-full",
        sslrootcert="/etc/desk_app/kok-sertifika.crt",
    )
    args = _captured_connect_args(db)
    assert args["sslmode"] == "verify-full"
    assert args["sslrootcert"] == "/etc/desk_app/kok-sertifika.crt"
    db.dispose()
    # The same settings written in the URL reach psycopg too.
    db = Database(
        "postgresql://desk@db.belediye.local/desk_app?sslmode=require&sslrootcert=/tmp/ca.crt"
    )
    args = _captured_connect_args(db)
    assert (args["sslmode"], args["sslrootcert"]) == ("require", "/tmp/ca.crt")
    db.dispose()


def test_tls_settings_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.ini"
    config.write_text(
        "[database]\nurl = postgresql://desk@db.belediye.local/desk_app\n"
        "sslmode = verify-ca\nsslrootcert = C:/desk_app/kok.crt\n",
        encoding="utf-8",
    )
    settings = load_settings(env={}, config_path=config)
    assert (settings.sslmode, settings.sslrootcert) == ("verify-ca", "C:/desk_app/kok.crt")
    db = open_database(
        settings.db_url, sslmode=settings.sslmode, sslrootcert=settings.sslrootcert, migrate=False
    )
    args = _captured_connect_args(db)
    assert (args["sslmode"], args["sslrootcert"]) == ("verify-ca", "C:/desk_app/kok.crt")
    db.dispose()


# --- passwords with @ : / % and non-ASCII (issue 15.7) ----------------------------------------

ODD_PASSWORDS = ["Parola42@Gizli", "Kapı:Şifre99", "Yol/Gizli77", "Yüzde%Gizli", "Ğüşİö@:/%Çç"]


def _pieces(password: str) -> list[str]:
    """Every run of the password between the special characters, 3 characters or longer:
    none may show, not even a part of the password after an '@'."""
    parts = [password]
    for sep in "@:/%":
        parts = [p for part in parts for p in part.split(sep)]
    return [password, *(p for p in parts if len(p) >= 3)]


def _typed_forms(password: str) -> list[str]:
    from urllib.parse import quote

    return [
        f"postgresql://desk_app:{password}@127.0.0.1:1/desk_app",  # as an admin types it
        f"postgresql://desk_app:{quote(password, safe='')}@127.0.0.1:1/desk_app",  # encoded
        f"postgres://desk_app:{password}@127.0.0.1:1/desk_app?sslmode=disable",
    ]


def _assert_hidden(password: str, *texts: str) -> None:
    from urllib.parse import quote

    shown = "\n".join(texts)
    for piece in (*_pieces(password), quote(password, safe="")):
        assert piece not in shown, (piece, shown)


@pytest.mark.parametrize("password", ODD_PASSWORDS)
def test_odd_passwords_never_show(
    password: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DESK_APP_DB", raising=False)
    monkeypatch.setenv("DESK_APP_CONFIG", "/nonexistent/desk_app.ini")
    caplog.handler.addFilter(RedactingFilter())
    for typed in _typed_forms(password):
        url = normalize_url(typed)
        assert url.password == password or "%" in typed.split("@")[0]
        assert url.host == "127.0.0.1" and url.database == "desk_app"
        db = Database(typed)
        texts = [describe_url(url), repr(url), str(url), db.describe(), redact(typed)]
        with pytest.raises(DatabaseSetupError) as caught:
            db.schema_state()
        texts += [str(caught.value), str(caught.value.__cause__)]
        db.dispose()
        with caplog.at_level(logging.INFO):
            log.error("cannot open %s", typed, exc_info=caught.value)
            log.warning(f"opening {typed} failed")
        texts.append(caplog.text)
        for argv in (["db", "status", "--db", typed], ["--json", "db", "status", "--db", typed]):
            assert cli.main(argv) == 2
            out, err = capsys.readouterr()
            texts += [out, err]
        mangled = typed.replace("://", ":", 1)  # a URL typed without the slashes
        with pytest.raises(DatabaseSetupError) as bad:
            normalize_url(mangled)
        texts.append(str(bad.value))
        _assert_hidden(password, *texts)
    assert "desk_app@127.0.0.1:1/desk_app" in describe_url(normalize_url(_typed_forms(password)[0]))
