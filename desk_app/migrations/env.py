"""Alembic environment: used by desk_app.db.Database.upgrade (connection passed in) and by
developers running ``alembic -x url=... revision --autogenerate`` from the checkout."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from desk_app.migrations.env_filters import include_object
from desk_app.migrations.marker import mark_sqlite
from desk_app.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=True,  # SQLite needs table rebuilds for ALTERs
        compare_type=True,
    )


connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
    mark_sqlite(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.sqlite3")
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
        mark_sqlite(conn)
