"""citizen search on PostgreSQL: covering indexes for the range searches, finer name statistics

Revision ID: srch01
Revises: apl01
Create Date: 2026-12-07 20:20:00

A search hit is the citizen's name, masked number, phone and current mahalle. On the ten-year
copy (a million citizens) the phone's last digits, a name's start and a last name's start each
read their index range in order and then one heap page per hit, of citizen and of address: some
sixty scattered pages for a page of twenty, most of them outside shared_buffers, 1.5-4.5 ms of a
search. PostgreSQL-only ``search_*`` indexes (outside the models, like revisions 0003 and
srch02) now hold what a hit shows, for live citizens only (``WHERE anonymised_at IS NULL``, as
every search asks), so the citizen rows come from an index-only scan:

* ``search_citizen_phone_cover``: the reversed phone (the last digits typed are its prefix);
  the model's ``ix_citizen_phone_reversed`` stays for the other readers;
* ``search_citizen_name_cover`` and ``search_citizen_last_then_name_cover`` replace 0003's
  ``search_citizen_name_c`` and srch02's ``search_citizen_last_then_name_c`` (same keys and
  ``COLLATE "C"``; only the search reads them);
* ``search_address_current_cover``: the current address of a citizen with its mahalle, for
  the hit's correlated look-up.

Index-only scans need the visibility map: autovacuum keeps it on a live server (the bench's
copy is vacuumed after loading).

``name_folded`` gets a statistics target of 1000 (default 100): a substring search ``LIKE
'%dın%'`` was estimated at 1 % of the citizens when 2.8 % match, so the planner read the
whole trigram posting list (28,000 entries, 6-9 ms) instead of scanning until the first hundred
matches (1 ms). With the finer histogram the estimates are right and the cheap plan is chosen.

SQLite is unchanged (its searches are in process and met the targets without this).
"""

from __future__ import annotations

from alembic import op

revision = "srch01"
down_revision = "apl01"
branch_labels = None
depends_on = None

_HIT = "id, first_name, last_name, tc_masked, phone_e164"

_UP = [
    "ALTER TABLE citizen ALTER COLUMN name_folded SET STATISTICS 1000",
    "CREATE INDEX search_citizen_phone_cover ON citizen (phone_reversed) "
    f"INCLUDE ({_HIT}, name_folded, last_name_folded) WHERE anonymised_at IS NULL",
    'CREATE INDEX search_citizen_name_cover ON citizen (name_folded COLLATE "C") '
    f"INCLUDE ({_HIT}, last_name_folded) WHERE anonymised_at IS NULL",
    "CREATE INDEX search_citizen_last_then_name_cover ON citizen "
    f'(last_name_folded COLLATE "C", name_folded COLLATE "C") INCLUDE ({_HIT}) '
    "WHERE anonymised_at IS NULL",
    "CREATE INDEX search_address_current_cover ON address (citizen_id) "
    "INCLUDE (valid_from, id, mahalle_id, mahalle_text) WHERE valid_to IS NULL",
    "DROP INDEX IF EXISTS search_citizen_name_c",
    "DROP INDEX IF EXISTS search_citizen_last_then_name_c",
    "ANALYZE citizen",
]

_DOWN = [
    'CREATE INDEX search_citizen_name_c ON citizen (name_folded COLLATE "C")',
    "CREATE INDEX search_citizen_last_then_name_c ON citizen "
    '(last_name_folded COLLATE "C", name_folded COLLATE "C")',
    "DROP INDEX IF EXISTS search_address_current_cover",
    "DROP INDEX IF EXISTS search_citizen_last_then_name_cover",
    "DROP INDEX IF EXISTS search_citizen_name_cover",
    "DROP INDEX IF EXISTS search_citizen_phone_cover",
    "ALTER TABLE citizen ALTER COLUMN name_folded SET STATISTICS -1",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _DOWN:
            op.execute(statement)
