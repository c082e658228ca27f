"""Every table of the service, imported in one place so that Alembic sees the whole schema.

Adding a table: a module of its own in this package (models derive from `base.Base`), imported
here, and a migration in `migrations/versions/` (see /work/notes/db-howto.md or the README).
"""

from __future__ import annotations

from service.adapters.db.base import Base
from service.adapters.db.register_tables import Register, RegisterDocument, RegisterEntry
from service.adapters.db.template_tables import StoredTemplate, StoredTemplateVersion

__all__ = [
    "Base",
    "Register",
    "RegisterDocument",
    "RegisterEntry",
    "StoredTemplate",
    "StoredTemplateVersion",
]
