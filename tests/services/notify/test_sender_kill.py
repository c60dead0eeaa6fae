"""The kill test: ``desk-app notify run`` is killed (SIGKILL) at random points 30 times while it
sends to a real HTTP gateway on 127.0.0.1; then one more run finishes the queue. No message may
be lost, and a message the gateway got twice must be one that was inside the window between the
request reaching the provider and the one UPDATE that records the answer when the sender died
(right after a kill it was still SENDING and already at the gateway)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from desk_app.db import Database
from desk_app.models import SmsMessage, utcnow
from desk_app.services.uow import read_only
from tests.services.notify.gateway import gateway

KILLS = 30
MESSAGES = 150


def _config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "config.ini"
    path.write_text(
        "[sms]\nprovider = http-json\n"
        f"url = {url}/sms\ntoken = jeton\nquiet_start = 00:00\nquiet_end = 00:00\n"
        "per_minute = 0\nlease_seconds = 0\npoll_seconds = 1\nretry_base_seconds = 0\n",
        encoding="utf-8",
    )
    return path


def _sender(db_url: str, config: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DESK_APP_CONFIG": str(config)}
    return subprocess.Popen(
        [sys.executable, "-m", "desk_app", "--db", db_url, "notify", "run", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _sending_keys(db: Database) -> set[str]:
    with read_only(db) as s:
        return set(s.scalars(select(SmsMessage.key).where(SmsMessage.status == "SENDING")))


@pytest.mark.slow
def test_killing_the_sender_30_times_loses_nothing(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            insert(SmsMessage),
            [
                {
                    "key": str(uuid.uuid4()),
                    "kind": "REMINDER",
                    "phone_e164": f"+90532{i:07d}",
                    "text": f"Hatırlatma {i}: Hoş Geldin Bebek setiniz yarın geliyor.",
                    "status": "QUEUED",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "demo": False,
                }
                for i in range(MESSAGES)
            ],
        )
    rng = random.Random(19)
    in_window: set[str] = set()
    with gateway() as gw:
        gw.delay = 0.02
        config = _config(tmp_path, gw.url)
        for _ in range(KILLS):
            before = len(gw.received)
            proc = _sender(db_url, config)
            deadline = time.monotonic() + 60
            while len(gw.received) == before and time.monotonic() < deadline:
                if proc.poll() is not None:
                    break
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.25))  # somewhere in the middle of sending
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            gw.settle()  # a request read before the kill is recorded after its delay
            # A message at the gateway but still SENDING is in the one-statement window.
            in_window |= _sending_keys(db) & set(gw.ids())
        finish = _sender(db_url, config, "--once", "--json")
        out, err = finish.communicate(timeout=300)
        assert finish.returncode == 0, err.decode()
        stats = json.loads(out)
        received = gw.ids()
    with read_only(db) as s:
        keys = set(s.scalars(select(SmsMessage.key)))
        states = set(s.scalars(select(SmsMessage.status)))
    lost = keys - set(received)
    duplicates = {key for key in received if received.count(key) > 1}
    print(
        f"\nkill test: {KILLS} kills, {len(received)} requests for {len(keys)} messages, "
        f"lost {len(lost)}, sent twice {len(duplicates)} (in the window {len(in_window)})"
    )
    assert lost == set()
    assert states == {"SENT"}
    assert stats["queued"] == 0 and stats["failed"] == 0
    assert duplicates <= in_window
    assert len(received) - len(keys) <= KILLS


def test_sigterm_stops_the_worker_cleanly(db: Database, db_url: str, tmp_path: Path) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            insert(SmsMessage),
            [
                {
                    "key": str(uuid.uuid4()),
                    "kind": "RECEIVED",
                    "phone_e164": f"+90535{i:07d}",
                    "text": "Başvurunuz alındı.",
                    "status": "QUEUED",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "demo": False,
                }
                for i in range(5)
            ],
        )
    with gateway() as gw:
        proc = _sender(db_url, _config(tmp_path, gw.url), "--json")
        deadline = time.monotonic() + 60
        while len(gw.received) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
    assert json.loads(out) == {"sent": 5, "failed": 0, "retried": 0, "queued": 0}
