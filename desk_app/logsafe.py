"""Keep secrets out of messages and logs: passwords in URLs and connection strings.

Database errors carry no statement parameters at all (``hide_parameters`` on the engine, see
``desk_app.db``), so values such as the slip-signing key or a password hash never reach an
error message. ``redact`` removes passwords from any text; ``RedactingFilter`` applies it to
every log record (message and traceback) that reaches a handler it is installed on.

Passwords may hold ``@``, ``:``, ``/``, ``%`` and any letter, so a URL's password is never
found with a pattern: the URLs the app builds are parsed by SQLAlchemy and shown with
``render_as_string(hide_password=True)`` (``desk_app.db``), every password the app parses is
remembered (``remember_secret``) and removed wherever it shows up, in plain or URL-encoded
form, and in free text everything between a URL's scheme and its *last* ``@`` is hidden.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote, quote_plus

_KV_PASSWORD = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|secret|sslpassword|pgpassword)\s*[=:]\s*)"
    r"(?P<pw>'[^']*'|\"[^\"]*\"|\S+)",
    re.I,
)


_MASK = "***"
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def remember_secret(value: str | None) -> None:
    """A password the app has parsed: removed from every text ``redact`` sees from now on,
    as typed and in its URL-encoded forms."""
    if not value or len(value) < 3:
        return  # too short to tell apart from ordinary text; the URL rules still hide it
    with _secrets_lock:
        _secrets.update({value, quote(value, safe=""), quote_plus(value), quote(value)})


def hide_userinfo(token: str) -> str:
    """``scheme://user:anything@host/...`` -> ``scheme://user:***@host/...``: everything from
    the user name's colon to the *last* ``@`` goes (a password may hold ``@`` and ``:``).
    Without ``://`` (a mangled ``scheme:user:password@host``) everything from the first colon
    to the last ``@`` goes."""
    at = token.rfind("@")
    if at < 0:
        return token
    scheme_end = token.find("://", 0, at)
    start = scheme_end + 3 if scheme_end >= 0 else 0
    colon = token.find(":", start, at)
    if colon < 0:
        return token
    return token[: colon + 1] + _MASK + token[at:]


def redact(text: str) -> str:
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, _MASK)
    text = "".join(
        hide_userinfo(part) if "@" in part else part for part in re.split(r"(\s+)", text)
    )
    return _KV_PASSWORD.sub(r"\g<key>***", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback text through ``redact`` before any handler
    formats it. Install on handlers (``install_redaction``): a handler filter sees every record
    that reaches the handler, whichever logger it came from."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw text
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Put one RedactingFilter on every handler of ``logger`` (the root logger by default)
    and on ``logging.lastResort``; the entry points call this once at start."""
    target = logger or logging.getLogger()
    found = next(
        (f for h in target.handlers for f in h.filters if isinstance(f, RedactingFilter)), None
    )
    redactor = found or RedactingFilter()
    handlers = list(target.handlers)
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        if redactor not in handler.filters:
            handler.addFilter(redactor)
    return redactor
