"""A desk's config file names the server without a password (the installer's keys), and the
command line warns when a --db URL carries one."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app import cli
from desk_app.settings import load_settings


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.ini"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_installers_keys_name_the_server_without_user_or_password(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        "[database]\nhost = db.corum.bel.tr\nport = 5433\ndbname = desk_app\n"
        "sslmode = verify-full\nsslrootcert = C:\\desk_app\\kok.crt\nauth = sspi\n",
    )
    settings = load_settings(env={}, config_path=path)
    assert settings.db_url == "postgresql://db.corum.bel.tr:5433/desk_app"
    assert (settings.sslmode, settings.sslrootcert) == ("verify-full", "C:\\desk_app\\kok.crt")
    assert settings.db_auth == "sspi" and settings.db_url_source == "config"


def test_password_auth_is_the_default_and_url_still_works(tmp_path: Path) -> None:
    path = _config(tmp_path, "[database]\nurl = postgresql://sunucu/desk_app\n")
    settings = load_settings(env={}, config_path=path)
    assert (settings.db_url, settings.db_auth) == ("postgresql://sunucu/desk_app", "password")


def test_a_password_in_the_db_url_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_APP_DB", raising=False)
    # Nothing listens on port 9: the warning comes before any connection is tried.
    code = cli.main(["--db", "postgresql://ayse:Gizli-9@127.0.0.1:9/desk_app", "user", "list"])
    err = capsys.readouterr().err
    assert code != 0
    assert "parola işlem listesinde görünür" in err
    assert "Gizli-9" not in err
