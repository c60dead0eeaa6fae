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
    )


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
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        cfg.write(fh)


def save_language(path: Path, language: str) -> None:
    """Write the interface language (``[desk] language``: ``tr`` or ``en``) into the config file;
    the desk reads it at the next start."""
    cfg = _read_config(path)
    if not cfg.has_section("desk"):
        cfg.add_section("desk")
    cfg.set("desk", "language", language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        cfg.write(fh)
