"""TC columns: desks never read a full T.C. Kimlik No (PostgreSQL column privileges)

Revision ID: tc01
Revises: perf201
Create Date: 2026-12-07 04:40:00

The full numbers (``citizen.tc_kimlik_no``, ``babyset_application.baby_tc_kimlik_no`` and
``babyset_application.baby_key``, which holds the baby's number when it is known) are not in the
desk group's column grants (desk_app.pg_roles.TC_COLUMNS). What a desk needs instead:

- ``tc_masked`` / ``baby_tc_masked``: generated columns with the masked number (``123******90``,
  the same as desk_app.domain.tckn.mask_tckn) for search rows, cards and lists;
- ``desk_citizens_by_tc(text[])``: the citizens holding any of these numbers (exact search, the
  citizen form's and the importer's duplicate checks), as (number asked, citizen id);
- ``desk_applications_by_baby_tc(text[])`` and ``desk_applications_by_baby_key(text[])``: the
  applications of these babies (the one-set rule and the application's duplicate checks).

The functions answer only for numbers the caller already holds, so a desk learns whether a number
is known (as the unique constraint tells anyone who may insert), never a number it did not type.
On SQLite (single-user mode) the same service calls run plain queries
(desk_app.services.citizens.tc_access); only the generated columns are added there.
"""

from __future__ import annotations

from alembic import op

revision = "tc01"
down_revision = "perf201"
branch_labels = None
depends_on = None

_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"


def masked_tc_sql(column: str) -> str:
    """Frozen copy of desk_app.models.base.masked_tc_sql at this revision."""
    return (
        f"CASE WHEN length({column}) = 11 "
        f"THEN substr({column}, 1, 3) || '******' || substr({column}, 10, 2) "
        f"ELSE substr('***********', 1, length({column})) END"
    )


_MASKED = (
    ("citizen", "tc_masked", "tc_kimlik_no"),
    ("babyset_application", "baby_tc_masked", "baby_tc_kimlik_no"),
)

_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION desk_citizens_by_tc(p_tcs text[])
RETURNS TABLE (tc text, citizen_id bigint)
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT c.tc_kimlik_no::text, c.id::bigint FROM citizen c
  WHERE c.tc_kimlik_no = ANY (p_tcs)
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_applications_by_baby_tc(p_tcs text[])
RETURNS TABLE (tc text, application_id bigint)
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT a.baby_tc_kimlik_no::text, a.id::bigint FROM babyset_application a
  WHERE a.baby_tc_kimlik_no = ANY (p_tcs)
$$""",
    f"""
CREATE OR REPLACE FUNCTION desk_applications_by_baby_key(p_keys text[])
RETURNS TABLE (baby_key text, application_id bigint)
LANGUAGE sql STABLE {_DEFINER} AS $$
  SELECT a.baby_key::text, a.id::bigint FROM babyset_application a
  WHERE a.baby_key = ANY (p_keys)
$$""",
]

_SIGNATURES = (
    "desk_citizens_by_tc(text[])",
    "desk_applications_by_baby_tc(text[])",
    "desk_applications_by_baby_key(text[])",
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # SQLite adds a generated column only as VIRTUAL; PostgreSQL 15 only as STORED.
    kind = "STORED" if postgres else "VIRTUAL"
    for table, column, source in _MASKED:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(11) "
            f"GENERATED ALWAYS AS ({masked_tc_sql(source)}) {kind}"
        )
    if postgres:
        for statement in _FUNCTIONS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for signature in _SIGNATURES:
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    for table, column, _source in _MASKED:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
