"""SMS providers behind one interface: ``http-json`` (an in-house gateway) and Netgsm.

``http-json``: ``POST <url>`` with ``Authorization: Bearer <token>`` and the UTF-8 JSON body
``{"id": <message key>, "to": "+90…", "text": "…"}``. A 2xx answer is sent, a 5xx or a timeout
is retried later, a 4xx is failed for good (the gateway refused this message). The key lets the
gateway drop a message it has already seen.

Netgsm, REST v2 as documented by Netgsm (https://www.netgsm.com.tr/dokuman/, "SMS Gönderimi
REST v2", and followed by Netgsm's own client ``@netgsm/sms``, ``src/netgsm.ts``):

- send: ``POST {api}/sms/rest/v2/send`` with HTTP Basic auth (usercode:password) and
  ``{"msgheader": "<sender name>", "encoding": "TR", "iysfilter": "0",
  "messages": [{"msg": "<text>", "no": "5XXXXXXXXX"}]}``; the answer is
  ``{"code": "00", "jobid": "…", "description": "queued"}`` on success. ``encoding: TR`` keeps
  Turkish letters (GSM-7 Turkish shift table, see ``domain.sms``); ``iysfilter: "0"`` marks an
  informational message (bilgilendirme), which İYS does not filter. Codes 20 (text), 30 (user,
  password or IP), 40 (sender name), 50/51 (İYS account) and 70 (parameters) are refusals and are
  not retried; 80/85 (rate limits), 100/101 (Netgsm's system errors), HTTP 5xx and timeouts are.
- delivery reports: ``POST {api}/sms/rest/v2/report`` with ``{"jobids": [...]}``; the answer
  lists ``{"jobs": [{"jobid": …, "status": n, …}]}``, status 1 delivered, 0 waiting, anything
  else not delivered (2 expired, 3 invalid number, 4 not sent, 11 rejected, 12 delivery error,
  13 duplicate, 14 credit, 15 blacklisted, 16/17 İYS); code 60 means no records yet.

Secrets (token, password) go only into the Authorization header, never into a reason, a log
line or the audit trail.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from desk_app.settings import SmsSettings

Outcome = Literal["sent", "retry", "failed"]


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    provider_ref: str | None = None
    reason: str = ""


class Provider(Protocol):
    name: str

    def send(self, key: str, to: str, text: str) -> SendResult: ...

    def reports(self, refs: Sequence[str]) -> dict[str, str]:
        """``{provider_ref: "DELIVERED" | "FAILED"}`` for the messages that have a final state."""
        ...

    def is_local(self) -> bool:
        """True when messages never leave this machine (demo data may go there)."""
        ...


def _post(
    url: str, body: dict[str, Any], headers: dict[str, str], timeout: float
) -> tuple[int, bytes]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("Accept", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read() if exc.fp is not None else b""


def _snippet(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").strip().replace("\n", " ")[:200]


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "zaman aşımı"
    if isinstance(exc, urllib.error.URLError):
        return f"bağlantı kurulamadı ({exc.reason})"[:200]
    return f"bağlantı hatası ({type(exc).__name__})"


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpJsonProvider:
    name = "http-json"

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url = url
        self._token = token
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"HttpJsonProvider(url={self.url!r})"

    def send(self, key: str, to: str, text: str) -> SendResult:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            status, raw = _post(
                self.url, {"id": key, "to": to, "text": text}, headers, self.timeout
            )
        except (OSError, urllib.error.URLError) as exc:
            return SendResult("retry", reason=_network_reason(exc))
        if 200 <= status < 300:
            ref = key
            try:
                answer = json.loads(raw or b"{}")
                if isinstance(answer, dict) and answer.get("ref"):
                    ref = str(answer["ref"])[:80]
            except ValueError:
                pass
            return SendResult("sent", provider_ref=ref)
        reason = f"HTTP {status}: {_snippet(raw)}".strip().rstrip(":")
        return SendResult("failed" if 400 <= status < 500 else "retry", reason=reason)

    def reports(self, refs: Sequence[str]) -> dict[str, str]:
        return {}  # the contract has no delivery reports

    def is_local(self) -> bool:
        return _is_loopback(self.url)


_NETGSM_REFUSED = {
    "20": "mesaj metni hatalı veya çok uzun",
    "30": "kullanıcı adı, şifre veya IP izni hatalı",
    "40": "gönderici adı (msgheader) tanımlı değil",
    "50": "abonelik İYS kontrollü gönderim yapamıyor",
    "51": "aboneliğe ait İYS marka bilgisi yok",
    "70": "hatalı istek parametresi",
}
_NETGSM_RETRY = {
    "80": "gönderim hız sınırı aşıldı",
    "85": "aynı numaraya hız sınırı aşıldı",
    "100": "Netgsm sistem hatası",
    "101": "Netgsm sistem hatası",
}


def netgsm_number(e164: str) -> str:
    """Netgsm's ``no``: the ten-digit national number (``+905321234567`` -> ``5321234567``)."""
    digits = e164.lstrip("+")
    return digits[2:] if digits.startswith("90") else digits


class NetgsmProvider:
    name = "netgsm"

    def __init__(
        self, username: str, password: str, header: str, api_base: str, timeout: float = 10.0
    ) -> None:
        self.username = username
        self._password = password
        self.header = header
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"NetgsmProvider(username={self.username!r}, api_base={self.api_base!r})"

    def _auth(self) -> dict[str, str]:
        raw = f"{self.username}:{self._password}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}

    def send(self, key: str, to: str, text: str) -> SendResult:
        body = {
            "msgheader": self.header,
            "encoding": "TR",
            "iysfilter": "0",
            "messages": [{"msg": text, "no": netgsm_number(to)}],
        }
        try:
            status, raw = _post(
                f"{self.api_base}/sms/rest/v2/send", body, self._auth(), self.timeout
            )
        except (OSError, urllib.error.URLError) as exc:
            return SendResult("retry", reason=_network_reason(exc))
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        code = str(answer.get("code", "")) if isinstance(answer, dict) else ""
        if status >= 500:
            return SendResult("retry", reason=f"HTTP {status}: {_snippet(raw)}")
        if code == "00" and answer.get("jobid"):
            return SendResult("sent", provider_ref=str(answer["jobid"])[:80])
        if code in _NETGSM_RETRY:
            return SendResult("retry", reason=f"Netgsm {code}: {_NETGSM_RETRY[code]}")
        if code in _NETGSM_REFUSED:
            return SendResult("failed", reason=f"Netgsm {code}: {_NETGSM_REFUSED[code]}")
        if 400 <= status < 500:
            return SendResult("failed", reason=f"HTTP {status}: {_snippet(raw)}")
        return SendResult("retry", reason=f"Netgsm beklenmeyen cevap: {_snippet(raw)}")

    def reports(self, refs: Sequence[str]) -> dict[str, str]:
        if not refs:
            return {}
        try:
            status, raw = _post(
                f"{self.api_base}/sms/rest/v2/report",
                {"jobids": list(refs)},
                self._auth(),
                self.timeout,
            )
            answer = json.loads(raw or b"{}")
        except (OSError, urllib.error.URLError, ValueError):
            return {}
        if status != 200 or not isinstance(answer, dict):
            return {}
        found: dict[str, str] = {}
        for job in answer.get("jobs") or []:
            if not isinstance(job, dict) or "jobid" not in job:
                continue
            state = int(job.get("status", 0) or 0)
            if state == 1:
                found[str(job["jobid"])] = "DELIVERED"
            elif state not in (0, 100):
                found[str(job["jobid"])] = "FAILED"
        return found

    def is_local(self) -> bool:
        return _is_loopback(self.api_base)


class ProviderNotConfigured(Exception):
    """The ``[sms]`` section names no usable provider; the message says what is missing."""


def provider_from_settings(sms: SmsSettings) -> Provider | None:
    """The configured provider, or None for ``provider = off``."""
    if sms.provider == "off":
        return None
    if sms.provider == "http-json":
        if not sms.url:
            raise ProviderNotConfigured("[sms] provider = http-json için url gerekli.")
        return HttpJsonProvider(sms.url, sms.token, sms.timeout_seconds)
    if sms.provider == "netgsm":
        missing = [n for n in ("username", "password", "header") if not getattr(sms, n)]
        if missing:
            raise ProviderNotConfigured(
                f"[sms] provider = netgsm için eksik: {', '.join(missing)} "
                "(şifre DESK_APP_SMS_PASSWORD ortam değişkeninden de okunur)."
            )
        return NetgsmProvider(
            sms.username, sms.password, sms.header, sms.api_base, sms.timeout_seconds
        )
    raise ProviderNotConfigured(
        f"[sms] provider bilinmiyor: {sms.provider!r}; off, http-json veya netgsm yazın."
    )
