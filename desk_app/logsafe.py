"""Keep secrets out of messages and logs: passwords in URLs and connection strings.

Database errors carry no statement parameters at all (``hide_parameters`` on the engine, see
``desk_app.db``), so values such as the slip-signing key or a password hash never reach an
error message. ``redact`` removes passwords from any text; ``RedactingFilter`` applies it to
every log record (message and traceback) that reaches a handler it is installed on.
"""

from __future__ import annotations

import logging
import re

_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]+):(?P<pw>[^@\s]+)@", re.I)
# "user:password@host" typed without a scheme (or after a mangled one).
_USERINFO_PASSWORD = re.compile(r"(?P<user>(?:^|[\s'\"(=/:])[^:/@\s'\"]+):(?P<pw>[^:/@\s'\"]+)@")
_KV_PASSWORD = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|secret|sslpassword|pgpassword)\s*[=:]\s*)"
    r"(?P<pw>'[^']*'|\"[^\"]*\"|\S+)",
    re.I,
)


def redact(text: str) -> str:
    text = _URL_PASSWORD.sub(r"\g<scheme>:***@", text)
    text = _USERINFO_PASSWORD.sub(r"\g<user>:***@", text)
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
