"""logins the server refuses: from the server's own log into the audit trail and the lockout

Revision ID: alog01
Revises: sec01
Create Date: 2026-12-07 04:30:00

A wrong password at login is refused by PostgreSQL before the app has a connection, so the app
cannot audit it. The server records it in its own log; this revision reads that record back
(PostgreSQL only; README "Logins the server refuses"):

- The server writes a ``jsonlog`` (``logging_collector = on``, ``log_destination`` with
  ``jsonlog``). Every refused password is a FATAL record with ``state_code`` 28P01 and the
  login name and database the client gave (the same record for an unknown name: PostgreSQL
  checks a made-up verifier for it).
- ``desk_collect_server_log()`` (SECURITY DEFINER, owned by the database owner, granted to no
  application role) reads the lines written since ``auth_log_cursor`` (file, byte offset) with
  ``pg_current_logfile``/``pg_read_binary_file`` (IT grants EXECUTE on these two to the owner)
  and turns each refused login *for this database* into an audit row ``login.refused``
  (entity ``login``, entity_id the name, actor ``server:postgresql``, time from the log). It takes
  no argument: nothing a client sends is parsed, only the server's own file.
- A known person's refusals after the last successful login are counted in
  ``app_user.failed_logins``; at ``auth.max_failed_logins`` the person is locked: ``locked_until``
  and ``ALTER ROLE ... VALID UNTIL '-infinity'`` (the password counts as expired: the server
  refuses even the right one, with the same answer as a wrong one, so a guesser learns nothing),
  audited ``login.locked``. ``desk_user_unlock``/``desk_user_set_password`` lift it; a collection
  after ``auth.lockout_minutes`` lifts it too.
- It runs without anyone remembering: ``desk_note_login`` (every login) collects first; the
  admin's Users window and ``desk-app audit collect-logins`` (a scheduled task) call
  ``desk_collect_logins()`` (admins and the owner).
- The audit trigger keeps the server's actor and time only inside a collection (the
  collecting transaction's id is stored in ``auth_log_cursor``, which no application role can
  read or write); a client's own ``login.refused``/``login.locked`` server rows are refused.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "alog01"
down_revision = "sec01"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"

# The actor of rows taken from the server's log: not a possible user name (no colon allowed).
SERVER_ACTOR = "server:postgresql"

_TABLE = """
CREATE TABLE auth_log_cursor (
  id integer PRIMARY KEY CHECK (id = 1),
  log_file text,
  log_offset bigint NOT NULL DEFAULT 0,
  collecting bigint,  -- the collecting transaction's id (xid8 as a number)
  collected_at timestamptz
)"""

_FUNCTIONS = [
    # --- the audit trigger: the server's actor only inside a collection -------------------
    f"""
CREATE OR REPLACE FUNCTION desk_in_log_collection() RETURNS boolean
LANGUAGE sql VOLATILE {_DEFINER} AS $$
  SELECT EXISTS (SELECT 1 FROM auth_log_cursor
                 WHERE collecting = pg_current_xact_id_if_assigned()::text::bigint)
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_audit_actor() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  IF desk_session_is_owner() OR desk_in_log_collection() THEN
    RETURN NEW;
  END IF;
  IF NEW.action = 'login.locked' OR (NEW.action = 'login.refused' AND NEW.entity = 'login') THEN
    RAISE EXCEPTION 'only the server log writes % rows', NEW.action
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.username := left(session_user::text, 50);
  NEW.user_id := (SELECT id FROM app_user WHERE username = session_user::text);
  NEW.at := now();
  RETURN NEW;
END $$""",
    # --- locking a login on the server ----------------------------------------------------
    # VALID UNTIL '-infinity': the password has expired, so the server refuses it, right or
    # wrong, with the same answer. (NOLOGIN would answer a right password differently.)
    f"""
CREATE OR REPLACE FUNCTION desk_lock_login(p_name text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
BEGIN
  IF to_regrole(quote_ident(p_name)) IS NULL THEN
    RETURN;
  END IF;
  BEGIN
    PERFORM desk_check_manageable(p_name);
  EXCEPTION WHEN insufficient_privilege THEN
    RETURN;  -- a role IT manages (the owner, another database's): counted, not altered
  END;
  EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_name, '-infinity');
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_unlock_login(p_name text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles
                 WHERE rolname = p_name AND rolvaliduntil = '-infinity') THEN
    RETURN;
  END IF;
  BEGIN
    PERFORM desk_check_manageable(p_name);
  EXCEPTION WHEN insufficient_privilege THEN
    RETURN;
  END;
  EXECUTE format('ALTER ROLE %I VALID UNTIL %L', p_name, 'infinity');
END $$""",
    # --- one refused login from the server's log ------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_note_refused_login(p_name text, p_at timestamptz,
                                                   p_detail text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  u app_user%ROWTYPE;
  max_failed integer;
  lock_minutes integer;
BEGIN
  INSERT INTO audit_log (at, username, action, entity, entity_id, detail)
  VALUES (p_at, '{SERVER_ACTOR}', 'login.refused', 'login', left(p_name, 100), p_detail);
  SELECT * INTO u FROM app_user WHERE username = p_name FOR UPDATE;
  IF NOT FOUND OR NOT u.active OR p_at <= coalesce(u.last_login_at, '-infinity')
     OR (u.locked_until IS NOT NULL AND u.locked_until > now()) THEN
    RETURN;  -- an unknown name, a closed account, an old failure or one already locked
  END IF;
  max_failed := greatest(1, coalesce(
    (SELECT (value #>> '{{}}')::integer FROM setting WHERE key = 'auth.max_failed_logins'), 5));
  lock_minutes := greatest(1, coalesce(
    (SELECT (value #>> '{{}}')::integer FROM setting WHERE key = 'auth.lockout_minutes'), 15));
  IF u.failed_logins + 1 < max_failed THEN
    UPDATE app_user SET failed_logins = u.failed_logins + 1 WHERE id = u.id;
    RETURN;
  END IF;
  UPDATE app_user SET failed_logins = 0,
    locked_until = now() + make_interval(mins => lock_minutes) WHERE id = u.id;
  PERFORM desk_lock_login(p_name);
  INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
  VALUES (now(), NULL, '{SERVER_ACTOR}', 'login.locked', 'user', u.id::text,
          max_failed || ' refused logins of ' || p_name || '; locked ' || lock_minutes || ' min');
END $$""",
    # --- one line of the jsonlog ----------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_take_log_line(p_line text) RETURNS integer
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  rec jsonb;
  detail text;
BEGIN
  IF position('"28P01"' IN p_line) = 0 THEN
    RETURN 0;  -- cheap: most lines are not refused logins
  END IF;
  BEGIN
    rec := p_line::jsonb;
  EXCEPTION WHEN others THEN
    RETURN 0;  -- not a whole record (never from a client: the server escapes its strings)
  END;
  IF jsonb_typeof(rec) <> 'object' OR rec ->> 'state_code' IS DISTINCT FROM '28P01'
     OR rec ->> 'error_severity' IS DISTINCT FROM 'FATAL'
     OR rec ->> 'dbname' IS DISTINCT FROM current_database()
     OR coalesce(rec ->> 'user', '') = '' THEN
    RETURN 0;
  END IF;
  detail := concat_ws('; ',
    'from ' || coalesce(rec ->> 'remote_host', '?'),
    nullif(split_part(coalesce(rec ->> 'detail', ''), E'\\n', 1), ''));
  PERFORM desk_note_refused_login(rec ->> 'user', (rec ->> 'timestamp')::timestamptz,
                                  left(detail, 500));
  RETURN 1;
END $$""",
    # --- read a log file from a byte offset; returns the offset after the last whole line --
    f"""
CREATE OR REPLACE FUNCTION desk_read_log(p_file text, p_offset bigint, OUT new_offset bigint,
                                         OUT taken integer)
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  chunk_size constant integer := 1048576;
  marker constant bytea := convert_to('"28P01"', 'UTF8');
  chunk bytea;
  size integer;
  cut integer;
  skipping boolean := false;
  lines text;
  line text;
BEGIN
  new_offset := p_offset;
  taken := 0;
  LOOP
    chunk := pg_read_binary_file(p_file, new_offset, chunk_size, true);
    size := coalesce(length(chunk), 0);
    EXIT WHEN size = 0;
    IF skipping THEN  -- the rest of a line longer than a chunk (never a refused login)
      cut := position('\\x0a'::bytea IN chunk);
      IF cut = 0 THEN
        new_offset := new_offset + size;
        CONTINUE;
      END IF;
      new_offset := new_offset + cut;
      skipping := false;
      CONTINUE;
    END IF;
    cut := size;  -- the last newline: a line the logger is still writing waits for next time
    WHILE cut > 0 AND get_byte(chunk, cut - 1) <> 10 LOOP
      cut := cut - 1;
    END LOOP;
    IF cut = 0 THEN
      EXIT WHEN size < chunk_size;
      new_offset := new_offset + size;
      skipping := true;
      CONTINUE;
    END IF;
    chunk := substring(chunk FROM 1 FOR cut);
    -- Most chunks hold no refused login at all: a byte search skips them unconverted.
    IF position(marker IN chunk) > 0 THEN
      BEGIN
        lines := convert_from(chunk, 'UTF8');
      EXCEPTION WHEN others THEN
        lines := convert_from(chunk, 'LATIN1');  -- not UTF-8: the names may be garbled
      END;
      FOR line IN SELECT l FROM regexp_split_to_table(lines, E'\\n') AS l
                  WHERE position('"28P01"' IN l) > 0 LOOP
        taken := taken + desk_take_log_line(line);
      END LOOP;
    END IF;
    new_offset := new_offset + cut;
    EXIT WHEN size < chunk_size;
  END LOOP;
END $$""",
    # --- the collection ---------------------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_collect_server_log() RETURNS integer
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  cur auth_log_cursor%ROWTYPE;
  current_file text;
  r record;
  taken integer := 0;
  u record;
BEGIN
  SELECT * INTO cur FROM auth_log_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN 0;  -- another session is collecting right now
  END IF;
  current_file := pg_current_logfile('jsonlog');
  IF current_file IS NULL THEN
    RAISE EXCEPTION 'the server writes no jsonlog'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'logging_collector = on, log_destination = ''stderr,jsonlog''';
  END IF;
  UPDATE auth_log_cursor SET collecting = pg_current_xact_id()::text::bigint WHERE id = 1;
  IF cur.log_file IS NOT NULL AND cur.log_file <> current_file THEN
    SELECT * INTO r FROM desk_read_log(cur.log_file, cur.log_offset);  -- the rotated file's rest
    taken := taken + r.taken;
    cur.log_offset := 0;
  ELSIF cur.log_file IS NULL THEN
    cur.log_offset := 0;
  END IF;
  SELECT * INTO r FROM desk_read_log(current_file, cur.log_offset);
  taken := taken + r.taken;
  -- Locks whose time is over are lifted (the person cannot connect to lift them).
  FOR u IN SELECT id, username FROM app_user
           WHERE locked_until IS NOT NULL AND locked_until <= now() FOR UPDATE LOOP
    UPDATE app_user SET locked_until = NULL WHERE id = u.id;
    PERFORM desk_unlock_login(u.username);
  END LOOP;
  UPDATE auth_log_cursor SET log_file = current_file, log_offset = r.new_offset,
    collecting = NULL, collected_at = now() WHERE id = 1;
  RETURN taken;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_collect_logins() RETURNS integer
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
BEGIN
  PERFORM desk_require_admin();
  RETURN desk_collect_server_log();
END $$""",
    # --- every login collects first ---------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_note_login() RETURNS text
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user%ROWTYPE;
BEGIN
  BEGIN
    PERFORM desk_collect_server_log();
  EXCEPTION WHEN others THEN
    -- A server without the jsonlog or the owner's grants: the login goes on; the admin's
    -- `desk-app audit collect-logins` says what is missing.
    RAISE WARNING 'refused logins not collected: %', SQLERRM;
  END;
  SELECT * INTO u FROM app_user WHERE username = session_user::text FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'unknown';
  END IF;
  IF NOT u.active THEN
    INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
    VALUES (now(), u.id, u.username, 'login.refused', 'user', u.id::text, 'inactive');
    RETURN 'inactive';
  END IF;
  IF u.locked_until IS NOT NULL AND u.locked_until > now() THEN
    INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
    VALUES (now(), u.id, u.username, 'login.refused', 'user', u.id::text, 'locked');
    RETURN 'locked:' || ceil(extract(epoch FROM u.locked_until - now()) / 60)::integer;
  END IF;
  UPDATE app_user SET last_login_at = now(), failed_logins = 0, locked_until = NULL
  WHERE id = u.id;
  INSERT INTO audit_log (at, user_id, username, action, entity, entity_id)
  VALUES (now(), u.id, u.username, 'login.ok', 'user', u.id::text);
  RETURN 'ok';
END $$""",
    # --- unlock and a new password lift the server's lock too -------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_user_set_password(p_name text, p_verifier text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user;
BEGIN
  u := desk_user_row(p_name);
  PERFORM desk_check_verifier(p_verifier);
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
  PERFORM desk_unlock_login(p_name);
  UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = now(),
    version = version + 1 WHERE id = u.id;
  INSERT INTO audit_log (at, username, action, entity, entity_id)
  VALUES (now(), left(session_user::text, 50), 'user.reset_password', 'user', u.id::text);
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_unlock(p_name text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user;
BEGIN
  u := desk_user_row(p_name);
  PERFORM desk_unlock_login(p_name);
  UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = now(),
    version = version + 1 WHERE id = u.id;
  INSERT INTO audit_log (at, username, action, entity, entity_id, old_values)
  VALUES (now(), left(session_user::text, 50), 'user.unlock', 'user', u.id::text,
          json_build_object('locked_until', u.locked_until));
END $$""",
]

_NEW = [
    "desk_collect_logins()",
    "desk_collect_server_log()",
    "desk_read_log(text, bigint)",
    "desk_take_log_line(text)",
    "desk_note_refused_login(text, timestamp with time zone, text)",
    "desk_unlock_login(text)",
    "desk_lock_login(text)",
    "desk_in_log_collection()",
]

# Functions of sec01 this revision replaces; the downgrade puts sec01's text back.
_REPLACED = (
    "desk_audit_actor",
    "desk_note_login",
    "desk_user_set_password",
    "desk_user_unlock",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_TABLE)
    op.execute("INSERT INTO auth_log_cursor (id) VALUES (1)")
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    sec01 = importlib.import_module("desk_app.migrations.versions.0010_security_roles")
    for statement in sec01._FUNCTIONS:
        head = statement.split("(", 1)[0]
        if any(head.endswith(f"FUNCTION {name}") for name in _REPLACED):
            op.execute(statement)
    for name in _NEW:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS auth_log_cursor")
