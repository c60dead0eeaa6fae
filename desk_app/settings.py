"""Typed settings of one desk installation: defaults, config file, environment.

The database URL comes from ``--db``, else ``DESK_APP_DB``, else the config file, else the
embedded SQLite file in the user's data folder. Nothing here runs at import time.

The config file's ``[database]`` section (the Windows installer writes it) names the server and
never holds a password: ``host``, ``port``, ``dbname``, ``sslmode``, ``sslrootcert`` and
``auth = password|sspi`` (``password``: the person types it at the login window; ``sspi``: Windows
domain single sign-on through SSPI/GSSAPI, nothing typed). ``url`` (without a password) is still
read when ``host`` is absent. The user name is never in the config: each person logs in as
themselves.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "desk_app"
APP_AUTHOR = "CorumBelediyesi"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("DESK_APP_CONFIG"):
        return Path(env["DESK_APP_CONFIG"])
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "config.ini"


def default_sqlite_url(data_dir: Path | None = None) -> str:
    folder = data_dir or default_data_dir()
    return f"sqlite:///{(folder / 'desk_app.sqlite3').as_posix()}"


SMS_PROVIDERS = ("off", "http-json", "netgsm")


@dataclass(frozen=True)
class SmsSettings:
    """The ``[sms]`` section: which provider sends the outbox and how (``desk-app notify run``).

    ``token`` (http-json) and ``password`` (netgsm) are secrets: ``DESK_APP_SMS_TOKEN`` and
    ``DESK_APP_SMS_PASSWORD`` override the file, and neither is ever logged or audited.
    """

    provider: str = "off"  # off | http-json | netgsm
    url: str = ""  # http-json: the gateway's URL
    token: str = field(default="", repr=False)  # http-json: bearer token
    username: str = ""  # netgsm: usercode (abone no)
    password: str = field(default="", repr=False)  # netgsm: API sub-user's password
    header: str = ""  # netgsm: msgheader (approved sender name)
    api_base: str = "https://api.netgsm.com.tr"  # netgsm REST v2 base URL
    quiet_start: str = "21:00"  # local time; nothing is sent from quiet_start to quiet_end
    quiet_end: str = "09:00"
    per_minute: int = 60  # rate limit
    max_attempts: int = 5  # timeouts and 5xx are retried with back-off up to this many tries
    timeout_seconds: float = 10.0
    retry_base_seconds: int = 60  # back-off: base, 2 x base, 4 x base, ... (at most 1 hour)
    lease_seconds: int = 300  # a message claimed this long ago by a sender that died is retried
    poll_seconds: int = 15  # the worker's pause when there is nothing to send
    report_poll_minutes: int = 10  # delivery reports (netgsm) are asked for this often


def _sms_settings(cfg: configparser.ConfigParser, env: Mapping[str, str]) -> SmsSettings:
    if not cfg.has_section("sms"):
        return SmsSettings()
    get = cfg["sms"]
    defaults = SmsSettings()
    return SmsSettings(
        provider=get.get("provider", "off").strip().lower() or "off",
        url=get.get("url", "").strip(),
        token=env.get("DESK_APP_SMS_TOKEN") or get.get("token", "").strip(),
        username=get.get("username", "").strip(),
        password=env.get("DESK_APP_SMS_PASSWORD") or get.get("password", "").strip(),
        header=get.get("header", "").strip(),
        api_base=get.get("api_base", defaults.api_base).strip().rstrip("/"),
        quiet_start=get.get("quiet_start", defaults.quiet_start).strip(),
        quiet_end=get.get("quiet_end", defaults.quiet_end).strip(),
        per_minute=get.getint("per_minute", defaults.per_minute),
        max_attempts=get.getint("max_attempts", defaults.max_attempts),
        timeout_seconds=get.getfloat("timeout_seconds", defaults.timeout_seconds),
        retry_base_seconds=get.getint("retry_base_seconds", defaults.retry_base_seconds),
        lease_seconds=get.getint("lease_seconds", defaults.lease_seconds),
        poll_seconds=get.getint("poll_seconds", defaults.poll_seconds),
        report_poll_minutes=get.getint("report_poll_minutes", defaults.report_poll_minutes),
    )


@dataclass(frozen=True)
class Settings:
    db_url: str
    db_url_source: str  # "--db" | "DESK_APP_DB" | "config" | "default"
    config_path: Path
    sslmode: str | None = None  # PostgreSQL TLS: disable|require|verify-ca|verify-full
    sslrootcert: str | None = None
    db_auth: str = "password"  # password | sspi (PostgreSQL)
    idle_lock_minutes: int = 10
    language: str = "tr"
    extra: Mapping[str, str] = field(default_factory=dict)
    sms: SmsSettings = field(default_factory=SmsSettings)


def _read_config(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    if path.is_file():
        parser.read(path, encoding="utf-8")
    return parser


def load_settings(
    cli_db: str | None = None,
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    env = os.environ if env is None else env
    path = config_path or default_config_path(env)
    cfg = _read_config(path)
    db_url: str
    if cli_db:
        db_url, source = cli_db, "--db"
    elif env.get("DESK_APP_DB"):
        db_url, source = env["DESK_APP_DB"], "DESK_APP_DB"
    elif cfg.get("database", "host", fallback=""):
        db_url, source = _url_from_keys(cfg), "config"
    elif cfg.get("database", "url", fallback=""):
        db_url, source = cfg.get("database", "url"), "config"
    else:
        db_url, source = default_sqlite_url(), "default"
    return Settings(
        db_url=db_url,
        db_url_source=source,
        config_path=path,
        sslmode=cfg.get("database", "sslmode", fallback=None) or None,
        sslrootcert=cfg.get("database", "sslrootcert", fallback=None) or None,
        db_auth=_auth_mode(cfg.get("database", "auth", fallback="password")),
        idle_lock_minutes=cfg.getint("desk", "idle_lock_minutes", fallback=10),
        language=cfg.get("desk", "language", fallback="tr"),
        sms=_sms_settings(cfg, env),
    )


def _write_private(path: Path, cfg: configparser.ConfigParser) -> None:
    """The config file may hold a database URL (and a password in it): user-only (0600)."""
    from desk_app.paths import private_dir, private_file

    private_dir(path.parent)
    private_file(path)
    with path.open("w", encoding="utf-8") as fh:
        cfg.write(fh)


def _url_from_keys(cfg: configparser.ConfigParser) -> str:
    from urllib.parse import quote

    host = cfg.get("database", "host").strip()
    port = cfg.get("database", "port", fallback="").strip()
    dbname = cfg.get("database", "dbname", fallback="desk_app").strip() or "desk_app"
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    return f"postgresql://{netloc}/{quote(dbname, safe='')}"


def _auth_mode(value: str) -> str:
    mode = value.strip().lower()
    return "sspi" if mode in ("sspi", "gssapi", "gss", "sso") else "password"


def save_database_url(path: Path, url: str) -> None:
    """Write the database URL into the config file (the installer and the admin use this)."""
    cfg = _read_config(path)
    if not cfg.has_section("database"):
        cfg.add_section("database")
    cfg.set("database", "url", url)
    _write_private(path, cfg)


def save_language(path: Path, language: str) -> None:
    """Write the interface language (``[desk] language``: ``tr`` or ``en``) into the config file;
    the desk reads it at the next start."""
    cfg = _read_config(path)
    if not cfg.has_section("desk"):
        cfg.add_section("desk")
    cfg.set("desk", "language", language)
    _write_private(path, cfg)
