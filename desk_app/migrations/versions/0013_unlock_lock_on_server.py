"""the idle-lock's lock is enforced by the server too (PostgreSQL)

Revision ID: ulk01
Revises: ret01
Create Date: 2026-12-07 05:30:00

After ``auth.max_failed_logins`` wrong passwords at the idle lock, ``desk_note_unlock_failure``
(revision sec01) set ``app_user.locked_until``, which only the app reads at its next login: a
plain SQL client with the right password still connected. Now the same moment also expires the
person's login role (``desk_lock_login`` of revision alog01: ``VALID UNTIL '-infinity'``, so the
server refuses the right password with the same answer as a wrong one). ``desk-app user unlock``
and a new password lift it, and so does the first log collection after ``auth.lockout_minutes``
(alog01), as for a lock from refused logins.

SQLite (single-user mode) gets nothing here.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "ulk01"
down_revision = "ret01"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"

_NOTE_UNLOCK_FAILURE = f"""
CREATE OR REPLACE FUNCTION desk_note_unlock_failure() RETURNS integer
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  u app_user%ROWTYPE;
  max_failed integer;
  lock_minutes integer;
BEGIN
  SELECT * INTO u FROM app_user WHERE username = session_user::text FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no user %', session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  max_failed := greatest(1, coalesce(
    (SELECT (value #>> '{{}}')::integer FROM setting WHERE key = 'auth.max_failed_logins'), 5));
  lock_minutes := greatest(1, coalesce(
    (SELECT (value #>> '{{}}')::integer FROM setting WHERE key = 'auth.lockout_minutes'), 15));
  IF u.failed_logins + 1 >= max_failed THEN
    UPDATE app_user SET failed_logins = 0,
      locked_until = now() + make_interval(mins => lock_minutes) WHERE id = u.id;
    INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
    VALUES (now(), u.id, u.username, 'unlock.locked', 'user', u.id::text,
            max_failed || ' failed unlock attempts; locked ' || lock_minutes || ' min');
    PERFORM desk_lock_login(u.username);
    RETURN 0;
  END IF;
  UPDATE app_user SET failed_logins = u.failed_logins + 1 WHERE id = u.id;
  INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
  VALUES (now(), u.id, u.username, 'unlock.failed', 'user', u.id::text,
          'attempt ' || (u.failed_logins + 1) || ' of ' || max_failed);
  RETURN max_failed - u.failed_logins - 1;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_NOTE_UNLOCK_FAILURE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    sec01 = importlib.import_module("desk_app.migrations.versions.0010_security_roles")
    for statement in sec01._FUNCTIONS:
        if "FUNCTION desk_note_unlock_failure()" in statement:
            op.execute(statement)
