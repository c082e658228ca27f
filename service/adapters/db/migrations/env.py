"""Alembic environment: run by `migrate.upgrade` (a connection is passed in) or by the
developer command `python -m service.adapters.db …` (the service's own configuration)."""

from __future__ import annotations

from alembic import context

from service.adapters.db.models import Base


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # ALTER on SQLite through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    from service import config as service_config
    from service.adapters.db.database import Database, database_url

    _db = Database(database_url(service_config.load()))
    with _db.engine.execution_options(vb_write=True).begin() as _conn:
        _run(_conn)
    _db.dispose()
