"""Baby TC columns: look-ups of "the same baby as this application" for desks

Revision ID: tc02
Revises: tc01
Create Date: 2026-12-07 05:45:00

``babyset_application.baby_tc_kimlik_no`` and ``baby_key`` join desk_app.pg_roles.TC_COLUMNS:
desks may no longer read them. The look-ups by a number the desk already holds are tc01's
functions. What is left is asking about an application the desk did not type the number of (its
detail view's duplicate check, a decision's one-set rule): these two functions answer with the
ids of the applications sharing its baby's number or its baby key, never the number itself.
On SQLite (single-user mode) desk_app.services.citizens.tc_access runs plain queries instead.
"""

from __future__ import annotations

from alembic import op

revision = "tc02"
down_revision = "tc01"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"

_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION desk_applications_same_baby_tc(p_id bigint)
RETURNS TABLE (application_id bigint)
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT b.id::bigint FROM babyset_application a
  JOIN babyset_application b ON b.baby_tc_kimlik_no = a.baby_tc_kimlik_no
  WHERE a.id = p_id
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_applications_same_baby_key(p_id bigint)
RETURNS TABLE (application_id bigint)
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT b.id::bigint FROM babyset_application a
  JOIN babyset_application b ON b.baby_key = a.baby_key
  WHERE a.id = p_id
$$""",
]

_SIGNATURES = (
    "desk_applications_same_baby_tc(bigint)",
    "desk_applications_same_baby_key(bigint)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _FUNCTIONS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in _SIGNATURES:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
