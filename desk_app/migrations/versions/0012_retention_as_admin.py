"""retention as an admin login: the audit guard accepts a redaction, not only a blank (PostgreSQL)

Revision ID: ret01
Revises: alog01
Create Date: 2026-12-07 05:00:00

Run as an admin's own login role (not the owner), the KVKK retention run was refused by the
server: for people who stay it replaces the destroyed address and contact values inside audit
rows with the marker ``[anonimleştirildi]`` (desk_app.services.admin.retention._scrubbed), and
revision sec01's guard let an application role only blank all three value columns at once.

``desk_is_redaction(old, new)`` says whether ``new`` is ``old`` with some texts replaced by the
marker (same keys, same array lengths, every other value equal) or NULL; the guard now accepts
such a change of ``old_values``/``new_values`` and a ``detail`` that is kept, blanked or replaced
by the marker, and still refuses any other change (actor, time, action, entity, subject) and any
rewriting of what was recorded.

SQLite (single-user mode) gets nothing here.
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "ret01"
down_revision = "alog01"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
_MARKER = "[anonimleştirildi]"  # frozen copy of retention.REDACTED at this revision

_IS_REDACTION = f"""
CREATE OR REPLACE FUNCTION desk_is_redaction(o jsonb, n jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  k text;
  i integer;
BEGIN
  IF n IS NULL OR n IS NOT DISTINCT FROM o THEN
    RETURN true;
  END IF;
  IF o IS NULL THEN
    RETURN false;
  END IF;
  IF jsonb_typeof(o) = 'string' THEN
    RETURN n = to_jsonb('{_MARKER}'::text);
  END IF;
  IF jsonb_typeof(o) = 'object' AND jsonb_typeof(n) = 'object' THEN
    IF ARRAY(SELECT jsonb_object_keys(o) ORDER BY 1)
       IS DISTINCT FROM ARRAY(SELECT jsonb_object_keys(n) ORDER BY 1) THEN
      RETURN false;
    END IF;
    FOR k IN SELECT jsonb_object_keys(o) LOOP
      IF NOT desk_is_redaction(o -> k, n -> k) THEN
        RETURN false;
      END IF;
    END LOOP;
    RETURN true;
  END IF;
  IF jsonb_typeof(o) = 'array' AND jsonb_typeof(n) = 'array'
     AND jsonb_array_length(o) = jsonb_array_length(n) THEN
    FOR i IN 0 .. jsonb_array_length(o) - 1 LOOP
      IF NOT desk_is_redaction(o -> i, n -> i) THEN
        RETURN false;
      END IF;
    END LOOP;
    RETURN true;
  END IF;
  RETURN false;
END $$"""

_GUARD = f"""
CREATE OR REPLACE FUNCTION desk_audit_guard() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
  IF desk_session_is_owner() THEN
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.at, NEW.user_id, NEW.username, NEW.action, NEW.entity, NEW.entity_id,
      NEW.subject_citizen_id)
     IS NOT DISTINCT FROM
     (OLD.id, OLD.at, OLD.user_id, OLD.username, OLD.action, OLD.entity, OLD.entity_id,
      OLD.subject_citizen_id)
     AND desk_is_redaction(OLD.old_values::jsonb, NEW.old_values::jsonb)
     AND desk_is_redaction(OLD.new_values::jsonb, NEW.new_values::jsonb)
     AND (NEW.detail IS NULL OR NEW.detail IS NOT DISTINCT FROM OLD.detail
          OR NEW.detail = '{_MARKER}') THEN
    RETURN NEW;  -- the retention run blanks or redacts personal values, nothing else
  END IF;
  RAISE EXCEPTION 'audit rows cannot be changed' USING ERRCODE = 'insufficient_privilege';
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_IS_REDACTION)
    op.execute(_GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    sec01 = importlib.import_module("desk_app.migrations.versions.0010_security_roles")
    for statement in sec01._FUNCTIONS:
        if "FUNCTION desk_audit_guard()" in statement:
            op.execute(statement)
    op.execute("DROP FUNCTION IF EXISTS desk_is_redaction(jsonb, jsonb)")
