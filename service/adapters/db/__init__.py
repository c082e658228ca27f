"""The database layer (SQLAlchemy 2 + Alembic): see database.py, models.py, migrations/."""

from __future__ import annotations

from service.adapters.db.database import Database, database_url

__all__ = ["Database", "database_url"]
