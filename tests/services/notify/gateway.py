"""A real HTTP server on 127.0.0.1 for the SMS tests: an ``http-json`` gateway and a Netgsm
REST v2 double that answers as Netgsm documents (``/sms/rest/v2/send`` -> ``{"code": "00",
"jobid": …}``, ``/sms/rest/v2/report`` -> ``{"jobs": [{"jobid": …, "status": 1}]}``)."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw.decode("utf-8"))


@dataclass
class Gateway:
    """What the server received, and what it answers: ``statuses`` is consumed one per
    request (then 200); ``delay`` holds each answer back."""

    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    netgsm_codes: list[str] = field(default_factory=list)
    report_status: int = 1
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0  # requests being answered (read, not yet recorded)

    def ids(self) -> list[str]:
        with self.lock:
            return [r.body["id"] for r in self.received if r.path == "/sms"]

    def settle(self, timeout: float = 10.0) -> None:
        """Until every request already sent has been recorded (a moment for the server to
        accept what is still in its socket, then until no answer is in progress)."""
        time.sleep(0.1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.in_flight == 0:
                    return
            time.sleep(0.005)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.in_flight += 1
        try:
            length = int(handler.headers.get("Content-Length", "0"))
            raw = handler.rfile.read(length)
            if len(raw) < length:
                # The sender died in the middle of its request: a gateway never takes half a
                # message, so nothing is recorded (and nobody is left to read an answer).
                return
            if self.delay:
                time.sleep(self.delay)
            with self.lock:
                self.received.append(Received(handler.path, dict(handler.headers.items()), raw))
                status = self.statuses.pop(0) if self.statuses else 200
                code = self.netgsm_codes.pop(0) if self.netgsm_codes else "00"
                n = len(self.received)
        finally:
            with self.lock:
                self.in_flight -= 1
        if handler.path == "/sms/rest/v2/send":
            body: dict[str, Any] = {"code": code, "description": "queued"}
            if code == "00":
                body["jobid"] = f"JOB{n:06d}"
        elif handler.path == "/sms/rest/v2/report":
            jobids = json.loads(raw)["jobids"]
            body = {
                "jobs": [{"jobid": j, "status": self.report_status, "number": "x"} for j in jobids]
            }
        else:
            body = {"ok": status < 300}
        data = json.dumps(body).encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the sender was killed (or timed out) before reading the answer


@contextmanager
def gateway() -> Iterator[Gateway]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            state.answer(self)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def basic_user(headers: dict[str, str]) -> str:
    value = headers.get("Authorization", "")
    assert value.startswith("Basic ")
    return base64.b64decode(value[6:]).decode()
