"""Keep secrets out of messages and logs: passwords in URLs and connection strings."""

from __future__ import annotations

import re

_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]+):(?P<pw>[^@\s]+)@", re.I)
_KV_PASSWORD = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|secret)\s*=\s*)(?P<pw>'[^']*'|\S+)", re.I
)


def redact(text: str) -> str:
    text = _URL_PASSWORD.sub(r"\g<scheme>:***@", text)
    return _KV_PASSWORD.sub(r"\g<key>***", text)
