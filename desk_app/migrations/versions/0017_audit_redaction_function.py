"""no application role updates audit rows: the retention run redacts through functions (PostgreSQL)

Revision ID: aud01
Revises: tc02
Create Date: 2026-12-07 06:00:00

Until this revision the admin group held UPDATE on three value columns of ``audit_log`` so that
the KVKK retention run could blank or redact them, with the trigger ``audit_log_guard`` refusing
anything else. Now no application role holds UPDATE (or DELETE) on ``audit_log`` at all
(desk_app.pg_roles); the only change path is two SECURITY DEFINER functions that an admin may
call and that check what they do themselves:

- ``desk_blank_audit(ids bigint[])`` sets ``old_values``, ``new_values`` and ``detail`` of those
  rows to NULL (the rows of people whose data the run destroys);
- ``desk_redact_audit(id, old_values, new_values, detail)`` writes values that must be a
  redaction of the stored ones (``desk_is_redaction`` of revision ret01: same keys, texts replaced
  by the marker, or NULL), and a detail that is kept, NULL or the marker (people who stay).

Who did what, when, on what, about whom never changes. SQLite (single-user mode) is unchanged.
"""

from __future__ import annotations

from alembic import op

revision = "aud01"
down_revision = "tc02"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"
_MARKER = "[anonimleştirildi]"  # frozen copy of retention.REDACTED at this revision

_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION desk_blank_audit(p_ids bigint[]) RETURNS integer
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE n integer;
BEGIN
  PERFORM desk_require_admin();
  UPDATE audit_log SET old_values = NULL, new_values = NULL, detail = NULL
  WHERE id = ANY(p_ids);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$""",
    f"""
CREATE OR REPLACE FUNCTION desk_redact_audit(p_id bigint, p_old json, p_new json, p_detail text)
RETURNS void
LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
DECLARE r audit_log%ROWTYPE;
BEGIN
  PERFORM desk_require_admin();
  SELECT * INTO r FROM audit_log WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no audit row %', p_id USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT desk_is_redaction(r.old_values::jsonb, p_old::jsonb)
     OR NOT desk_is_redaction(r.new_values::jsonb, p_new::jsonb)
     OR NOT (p_detail IS NULL OR p_detail IS NOT DISTINCT FROM r.detail
             OR p_detail = '{_MARKER}') THEN
    RAISE EXCEPTION 'audit rows cannot be changed: not a redaction'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE audit_log SET old_values = p_old, new_values = p_new, detail = p_detail
  WHERE id = p_id;
END $$""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS desk_redact_audit(bigint, json, json, text)")
    op.execute("DROP FUNCTION IF EXISTS desk_blank_audit(bigint[])")
