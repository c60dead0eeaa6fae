"""security: the database enforces the role model (PostgreSQL only)

Revision ID: sec01
Revises: sms01
Create Date: 2026-12-07 01:30:00

On PostgreSQL every person logs in with an own login role, member of one of this database's
group roles (desk_app.pg_roles: names, the privilege table, the grant set-up that
``db upgrade`` runs after every migration). This revision adds what the grants cannot say:

- ``audit_log``: a BEFORE INSERT trigger writes the actor from ``session_user`` (and the server's
  time), so a client cannot write a row in another person's name; a BEFORE UPDATE trigger lets an
  application role only blank the personal values (the KVKK retention run) and refuses any other
  change; DELETE is granted to nobody.
- The slip key (``installation_secret``) stays in the server: ``desk_slip_mac`` signs the current
  or next print of an existing delivery and ``desk_slip_verify`` checks a MAC, both with pgcrypto's
  ``hmac`` in SECURITY DEFINER functions. The MAC is the same as desk_app.domain.slip_token
  computes in Python (HMAC-SHA256 over ``HGB1|<id>|<serial>``, base32, 13 characters), so slips
  printed before this revision still scan.
- ``desk_user_*``: the only way to create and change login roles, callable by the admin group;
  each checks the caller, refuses roles that belong to another database or hold more than LOGIN,
  keeps ``app_user`` in step and writes the audit row.
- ``desk_note_login``/``desk_note_unlock_failure``: a person's own login time and failed idle-lock
  unlocks (counted, locked after ``auth.max_failed_logins``, audited).

SQLite (single-user mode) gets nothing here: it has no roles; the Windows account protects it.
"""

from __future__ import annotations

from alembic import op

revision = "sec01"
down_revision = "sms01"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"

# Frozen copy of desk_app.services.admin.settings.BOUNDS at this revision (a later change of
# the bounds replaces desk_setting_guard in its own revision).
_BOUNDS_JSON = (
    '{"auth.max_failed_logins": [1, 10], "auth.lockout_minutes": [5, 1440], '
    '"auth.min_password_length": [8, 128], "desk.idle_lock_minutes": [1, 60], '
    '"kvkk.retention_years": [2, 30]}'
)

_FUNCTIONS = [
    # --- who is calling -----------------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_group(p_group text) RETURNS text
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT current_database() || '_' || p_group
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_session_is_owner() RETURNS boolean
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT r.rolsuper OR pg_has_role(session_user, d.datdba, 'MEMBER')
  FROM pg_roles r, pg_database d
  WHERE r.rolname = session_user AND d.datname = current_database()
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_session_in(p_group text) RETURNS boolean
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT desk_session_is_owner() OR (to_regrole(desk_group(p_group)) IS NOT NULL
         AND pg_has_role(session_user, desk_group(p_group), 'MEMBER'))
$$""",
    # --- the audit trail -----------------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_audit_actor() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  IF NOT desk_session_is_owner() THEN
    NEW.username := left(session_user::text, 50);
    NEW.user_id := (SELECT id FROM app_user WHERE username = session_user::text);
    NEW.at := now();
  END IF;
  RETURN NEW;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_audit_guard() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  IF desk_session_is_owner() THEN
    RETURN NEW;
  END IF;
  IF (NEW.old_values IS NULL AND NEW.new_values IS NULL AND NEW.detail IS NULL)
     AND (NEW.id, NEW.at, NEW.user_id, NEW.username, NEW.action, NEW.entity, NEW.entity_id,
          NEW.subject_citizen_id)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.user_id, OLD.username, OLD.action, OLD.entity, OLD.entity_id,
          OLD.subject_citizen_id) THEN
    RETURN NEW;  -- the retention run blanks personal values, nothing else
  END IF;
  RAISE EXCEPTION 'audit rows cannot be changed' USING ERRCODE = 'insufficient_privilege';
END $$""",
    # --- the slip key --------------------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_ensure_slip_key() RETURNS void
LANGUAGE sql VOLATILE {_DEFINER} AS $$
  INSERT INTO installation_secret (name, value, created_at)
  VALUES ('slip_token_key', encode(gen_random_bytes(32), 'hex'), now())
  ON CONFLICT (name) DO NOTHING
$$""",
    """
CREATE OR REPLACE FUNCTION desk_base32(p_bytes bytea, p_chars integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
  alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  result text := '';
  k integer;
  v integer;
  bit integer;
BEGIN
  FOR i IN 0 .. p_chars - 1 LOOP
    v := 0;
    FOR j IN 0 .. 4 LOOP
      k := i * 5 + j;  -- k-th bit, most significant first
      bit := get_bit(p_bytes, (k / 8) * 8 + 7 - (k % 8));
      v := v * 2 + bit;
    END LOOP;
    result := result || substr(alphabet, v + 1, 1);
  END LOOP;
  RETURN result;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_slip_mac_raw(p_delivery bigint, p_serial integer) RETURNS text
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT desk_base32(
    hmac(convert_to('HGB1|' || p_delivery || '|' || p_serial, 'UTF8'),
         decode(s.value, 'hex'), 'sha256'), 13)
  FROM installation_secret s WHERE s.name = 'slip_token_key'
$$""",
    # Signs only the current or the next print of an existing delivery: a desk may print any
    # booked delivery's slip anyway; the key itself never leaves the server.
    f"""
CREATE OR REPLACE FUNCTION desk_slip_mac(p_delivery bigint, p_serial integer) RETURNS text
LANGUAGE plpgsql STABLE {_DEFINER} AS $$
DECLARE current_serial integer;
BEGIN
  IF NOT desk_session_in('desk') THEN
    RAISE EXCEPTION 'permission denied for function desk_slip_mac'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT print_serial INTO current_serial FROM delivery WHERE id = p_delivery;
  IF current_serial IS NULL OR p_serial NOT IN (current_serial, current_serial + 1) THEN
    RAISE EXCEPTION 'no slip of delivery % with print serial %', p_delivery, p_serial
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN desk_slip_mac_raw(p_delivery, p_serial);
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_slip_verify(p_delivery bigint, p_serial integer, p_mac text)
RETURNS boolean LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT length(p_mac) IN (6, 13)  -- the short code or the whole MAC, nothing between
     AND left(desk_slip_mac_raw(p_delivery, p_serial), length(p_mac)) = p_mac
$$""",
    # --- a person's own login bookkeeping -------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_note_login() RETURNS text
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user%ROWTYPE;
BEGIN
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
    f"""
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
    RETURN 0;
  END IF;
  UPDATE app_user SET failed_logins = u.failed_logins + 1 WHERE id = u.id;
  INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, detail)
  VALUES (now(), u.id, u.username, 'unlock.failed', 'user', u.id::text,
          'attempt ' || (u.failed_logins + 1) || ' of ' || max_failed);
  RETURN max_failed - u.failed_logins - 1;
END $$""",
    # --- settings: the same bounds as desk_app.services.admin.settings.BOUNDS --------------
    f"""
CREATE OR REPLACE FUNCTION desk_setting_guard() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
DECLARE
  bounds constant jsonb := '{_BOUNDS_JSON}';
  v numeric;
BEGIN
  IF bounds ? NEW.key THEN
    IF jsonb_typeof(NEW.value::jsonb) <> 'number' THEN
      RAISE EXCEPTION 'setting % must be a number', NEW.key USING ERRCODE = 'check_violation';
    END IF;
    v := (NEW.value::jsonb #>> '{{}}')::numeric;
    IF v < (bounds -> NEW.key ->> 0)::numeric OR v > (bounds -> NEW.key ->> 1)::numeric THEN
      RAISE EXCEPTION 'setting % out of bounds %', NEW.key, bounds -> NEW.key
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$""",
    # --- user lifecycle (admins) ------------------------------------------------------------
    f"""
CREATE OR REPLACE FUNCTION desk_require_admin() RETURNS void
LANGUAGE plpgsql STABLE {_DEFINER} AS $$
BEGIN
  IF NOT desk_session_in('admin') THEN
    RAISE EXCEPTION 'permission denied: only members of % manage users', desk_group('admin')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$""",
    # A login role this database may manage: a new name, or a role already in one of this
    # database's groups and in no other group, with no attribute beyond LOGIN, owning no
    # database and not a reserved or group name. An admin can never take over a role of
    # another database or service on the same server.
    f"""
CREATE OR REPLACE FUNCTION desk_check_manageable(p_name text) RETURNS void
LANGUAGE plpgsql STABLE {_DEFINER} AS $$
DECLARE
  r pg_roles%ROWTYPE;
  ours text[] := ARRAY[desk_group('desk'), desk_group('supervisor'), desk_group('admin')];
BEGIN
  IF p_name LIKE 'pg\\_%' OR p_name = ANY(ours) THEN
    RAISE EXCEPTION 'role name % is reserved', p_name USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO r FROM pg_roles WHERE rolname = p_name;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
     OR EXISTS (SELECT 1 FROM pg_database WHERE datdba = r.oid) THEN
    RAISE EXCEPTION 'role % is privileged; IT manages it on the server', p_name
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 WHERE m.member = r.oid AND g.rolname = ANY(ours)) THEN
    RAISE EXCEPTION 'role % exists on this server outside this database; IT manages it', p_name
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid AND g.rolname <> ALL(ours)) THEN
    RAISE EXCEPTION 'role % belongs to another database or group; IT manages it', p_name
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_set_group(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE g text;
BEGIN
  IF p_role NOT IN ('desk', 'supervisor', 'admin') THEN
    RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOREACH g IN ARRAY ARRAY['desk', 'supervisor', 'admin'] LOOP
    IF g <> p_role AND EXISTS (
         SELECT 1 FROM pg_auth_members m
         WHERE m.member = to_regrole(quote_ident(p_name))
           AND m.roleid = to_regrole(quote_ident(desk_group(g)))) THEN
      EXECUTE format('REVOKE %I FROM %I', desk_group(g), p_name);
    END IF;
  END LOOP;
  EXECUTE format('GRANT %I TO %I', desk_group(p_role), p_name);
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_check_verifier(p_verifier text) RETURNS void
LANGUAGE plpgsql IMMUTABLE {_DEFINER} AS $$
BEGIN
  IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a password is accepted only as a SCRAM-SHA-256 verifier'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_add(p_name text, p_full_name text, p_role text,
                                         p_verifier text) RETURNS bigint
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE
  new_id bigint;
  earlier app_user%ROWTYPE;
BEGIN
  PERFORM desk_require_admin();
  IF p_name !~ '^[a-z0-9._çğıöşü-]{{2,50}}$' THEN
    RAISE EXCEPTION 'invalid user name %', p_name USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_verifier IS NOT NULL THEN
    PERFORM desk_check_verifier(p_verifier);
  END IF;
  SELECT * INTO earlier FROM app_user WHERE username = p_name FOR UPDATE;
  IF FOUND AND (earlier.password_hash = '!postgresql'
                OR to_regrole(quote_ident(p_name)) IS NOT NULL) THEN
    RAISE EXCEPTION 'user % exists', p_name USING ERRCODE = 'unique_violation';
  END IF;
  PERFORM desk_check_manageable(p_name);
  IF to_regrole(quote_ident(p_name)) IS NULL THEN
    -- NULL verifier: a domain account (SSPI/GSSAPI/LDAP) that has no password here
    EXECUTE format('CREATE ROLE %I LOGIN INHERIT', p_name);
  ELSE
    EXECUTE format('ALTER ROLE %I LOGIN', p_name);
  END IF;
  IF p_verifier IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
  END IF;
  PERFORM desk_set_group(p_name, p_role);
  IF earlier.id IS NOT NULL THEN
    -- A user from before this revision (or the demo's) gets its own login; its history stays.
    UPDATE app_user SET role = p_role, password_hash = '!postgresql', active = true,
      failed_logins = 0, locked_until = NULL, updated_at = now(), version = version + 1
    WHERE id = earlier.id;
    INSERT INTO audit_log (at, username, action, entity, entity_id, old_values, new_values,
                           detail)
    VALUES (now(), left(session_user::text, 50), 'user.create', 'user', earlier.id::text,
            json_build_object('role', earlier.role, 'active', earlier.active),
            json_build_object('username', p_name, 'role', p_role), 'login for an earlier user');
    RETURN earlier.id;
  END IF;
  INSERT INTO app_user (username, full_name, role, password_hash, active, failed_logins,
                        created_at, updated_at, version)
  VALUES (p_name, p_full_name, p_role, '!postgresql', true, 0, now(), now(), 1)
  RETURNING id INTO new_id;
  INSERT INTO audit_log (at, username, action, entity, entity_id, new_values)
  VALUES (now(), left(session_user::text, 50), 'user.create', 'user', new_id::text,
          json_build_object('username', p_name, 'full_name', p_full_name, 'role', p_role));
  RETURN new_id;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_row(p_name text) RETURNS app_user
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user%ROWTYPE;
BEGIN
  PERFORM desk_require_admin();
  SELECT * INTO u FROM app_user WHERE username = p_name FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no user %', p_name USING ERRCODE = 'no_data_found';
  END IF;
  PERFORM desk_check_manageable(p_name);
  RETURN u;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_set_active(p_name text, p_active boolean) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user;
BEGIN
  u := desk_user_row(p_name);
  IF p_name = session_user::text AND NOT p_active THEN
    RAISE EXCEPTION 'an admin cannot deactivate their own login'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF to_regrole(quote_ident(p_name)) IS NOT NULL THEN
    IF p_active THEN
      EXECUTE format('ALTER ROLE %I LOGIN', p_name);
      PERFORM desk_set_group(p_name, u.role);
    ELSE
      EXECUTE format('ALTER ROLE %I NOLOGIN', p_name);
    END IF;
  END IF;
  UPDATE app_user SET active = p_active, updated_at = now(), version = version + 1
  WHERE id = u.id;
  INSERT INTO audit_log (at, username, action, entity, entity_id, old_values, new_values)
  VALUES (now(), left(session_user::text, 50), CASE WHEN p_active THEN 'user.reactivate' ELSE 'user.deactivate' END,
          'user', u.id::text, json_build_object('active', u.active),
          json_build_object('active', p_active));
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_set_role(p_name text, p_role text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user;
BEGIN
  u := desk_user_row(p_name);
  IF p_name = session_user::text AND p_role <> 'admin' THEN
    RAISE EXCEPTION 'an admin cannot take away their own admin role'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF to_regrole(quote_ident(p_name)) IS NOT NULL THEN
    PERFORM desk_set_group(p_name, p_role);
  END IF;
  UPDATE app_user SET role = p_role, updated_at = now(), version = version + 1
  WHERE id = u.id;
  INSERT INTO audit_log (at, username, action, entity, entity_id, old_values, new_values)
  VALUES (now(), left(session_user::text, 50), 'user.set_role', 'user', u.id::text, json_build_object('role', u.role),
          json_build_object('role', p_role));
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_user_set_password(p_name text, p_verifier text) RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE u app_user;
BEGIN
  u := desk_user_row(p_name);
  PERFORM desk_check_verifier(p_verifier);
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_name, p_verifier);
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
  UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = now(),
    version = version + 1 WHERE id = u.id;
  INSERT INTO audit_log (at, username, action, entity, entity_id, old_values)
  VALUES (now(), left(session_user::text, 50), 'user.unlock', 'user', u.id::text,
          json_build_object('locked_until', u.locked_until));
END $$""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
    for statement in _FUNCTIONS:
        op.execute(statement)
    op.execute(
        "CREATE TRIGGER audit_log_actor BEFORE INSERT ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION desk_audit_actor()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_guard BEFORE UPDATE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION desk_audit_guard()"
    )
    op.execute(
        "CREATE TRIGGER setting_guard BEFORE INSERT OR UPDATE ON setting "
        "FOR EACH ROW EXECUTE FUNCTION desk_setting_guard()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS setting_guard ON setting")
    op.execute("DROP TRIGGER IF EXISTS audit_log_guard ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_actor ON audit_log")
    for name in (
        "desk_user_unlock(text)",
        "desk_user_set_password(text, text)",
        "desk_user_set_role(text, text)",
        "desk_user_set_active(text, boolean)",
        "desk_user_row(text)",
        "desk_user_add(text, text, text, text)",
        "desk_check_verifier(text)",
        "desk_set_group(text, text)",
        "desk_check_manageable(text)",
        "desk_require_admin()",
        "desk_note_unlock_failure()",
        "desk_note_login()",
        "desk_slip_verify(bigint, integer, text)",
        "desk_slip_mac(bigint, integer)",
        "desk_slip_mac_raw(bigint, integer)",
        "desk_base32(bytea, integer)",
        "desk_ensure_slip_key()",
        "desk_setting_guard()",
        "desk_audit_guard()",
        "desk_audit_actor()",
        "desk_session_in(text)",
        "desk_session_is_owner()",
        "desk_group(text)",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
