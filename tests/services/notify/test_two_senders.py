"""Two senders at once (separate processes) on one queue: ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, the write lock on SQLite. No message may reach the gateway twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from desk_app.db import Database
from desk_app.models import SmsMessage, utcnow
from desk_app.services.uow import read_only
from tests.services.notify.gateway import gateway

MESSAGES = 120


def test_two_senders_never_send_a_message_twice(db: Database, db_url: str, tmp_path: Path) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            insert(SmsMessage),
            [
                {
                    "key": str(uuid.uuid4()),
                    "kind": "RECEIVED",
                    "phone_e164": f"+90533{i:07d}",
                    "text": f"Başvurunuz alındı ({i}). Çorum Belediyesi",
                    "status": "QUEUED",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "demo": False,
                }
                for i in range(MESSAGES)
            ],
        )
    with gateway() as gw:
        gw.delay = 0.01
        config = tmp_path / "config.ini"
        config.write_text(
            f"[sms]\nprovider = http-json\nurl = {gw.url}/sms\nquiet_start = 00:00\n"
            "quiet_end = 00:00\nper_minute = 0\n",
            encoding="utf-8",
        )
        env = {**os.environ, "DESK_APP_CONFIG": str(config)}
        command = [sys.executable, "-m", "desk_app", "--db", db_url, "notify", "run", "--once"]
        procs = [
            subprocess.Popen(
                [*command, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        results = [p.communicate(timeout=300) for p in procs]
        received = gw.ids()
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err.decode()
    sent = [json.loads(out)["sent"] for out, _ in results]
    with read_only(db) as s:
        workers = set(s.scalars(select(SmsMessage.claimed_by)))
        states = set(s.scalars(select(SmsMessage.status)))
    print(f"\ntwo senders on {db.url.get_backend_name()}: {sent} sent, {len(received)} requests")
    assert sorted(received) == sorted(set(received))  # 0 sent twice
    assert len(received) == MESSAGES and sum(sent) == MESSAGES
    assert states == {"SENT"}
    assert len(workers) == 2 and all(n > 0 for n in sent)  # both really worked
