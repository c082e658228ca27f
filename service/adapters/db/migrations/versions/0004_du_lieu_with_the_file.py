"""The data a document was rendered from moves beside its file

Revision ID: 0004_du_lieu_with_the_file
Revises: 0003_template_owners
Created: 2026-11-29 22:30:00

``van_ban_di.du_lieu`` (JSON, often larger than the rest of the entry) made every list, search
and print of the register read it: SQLite keeps a large value in overflow pages that a scan of
the later columns (``tim_kiem``, ``tao_luc``) walks through. It moves to
``van_ban_di_tep.du_lieu`` as JSON text, beside the .docx it was rendered into; existing rows
are copied before the old column goes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_du_lieu_with_the_file"
down_revision = "0003_template_owners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("van_ban_di_tep") as batch_op:
        batch_op.add_column(sa.Column("du_lieu", sa.Text(), nullable=True))
    op.execute(
        "UPDATE van_ban_di_tep SET du_lieu = (SELECT CAST(e.du_lieu AS TEXT) FROM van_ban_di e"
        " WHERE e.id = van_ban_di_tep.van_ban_id)"
    )
    # not a batch: on SQLite a batch copies the table and drops the old one, which the files'
    # foreign key forbids; DROP COLUMN itself (SQLite 3.35+) needs no copy
    op.drop_column("van_ban_di", "du_lieu")


def downgrade() -> None:
    # the column comes back NOT NULL with a default of {} (SQLite adds no such column without one)
    op.add_column("van_ban_di", sa.Column("du_lieu", sa.JSON(), nullable=False, server_default="{}"))
    op.execute(
        "UPDATE van_ban_di SET du_lieu = COALESCE((SELECT f.du_lieu FROM van_ban_di_tep f"
        " WHERE f.van_ban_id = van_ban_di.id), '{}')"
        if op.get_bind().dialect.name != "postgresql"
        else "UPDATE van_ban_di SET du_lieu = COALESCE((SELECT CAST(f.du_lieu AS JSON) FROM van_ban_di_tep f"
        " WHERE f.van_ban_id = van_ban_di.id), '{}'::json)"
    )
    with op.batch_alter_table("van_ban_di_tep") as batch_op:
        batch_op.drop_column("du_lieu")
