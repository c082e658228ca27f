"""Owners of uploaded templates

Revision ID: 0003_template_owners
Revises: 0002_templates
Created: 2026-11-29 18:15:00

Existing rows keep ``chu_so_huu`` NULL: only a caller of an open service (no API keys) may
change them (service/application/templates.py, `may_change`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_template_owners"
down_revision = "0002_templates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mau_tai_len") as batch_op:
        batch_op.add_column(sa.Column("chu_so_huu", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mau_tai_len") as batch_op:
        batch_op.drop_column("chu_so_huu")
