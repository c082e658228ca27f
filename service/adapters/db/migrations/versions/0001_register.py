"""Outgoing register: registers, entries, issued documents

Revision ID: 0001_register
Revises:
Created: 2026-11-29 16:22:06.177552
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_register"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "so_dang_ky",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("co_quan_khoa", sa.String(length=64), nullable=False),
        sa.Column("co_quan", sa.Text(), nullable=False),
        sa.Column("ma_co_quan", sa.String(length=100), nullable=True),
        sa.Column("nam", sa.Integer(), nullable=False),
        sa.Column("chuoi", sa.String(length=40), nullable=False),
        sa.Column("so_cuoi", sa.Integer(), nullable=False),
        sa.Column("tao_luc", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_so_dang_ky")),
        sa.UniqueConstraint(
            "co_quan_khoa", "nam", "chuoi", name=op.f("uq_so_dang_ky_co_quan_khoa_nam_chuoi")
        ),
    )
    op.create_table(
        "van_ban_di",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("so_dang_ky_id", sa.Integer(), nullable=False),
        sa.Column("so", sa.Integer(), nullable=False),
        sa.Column("ky_hieu", sa.String(length=200), nullable=False),
        sa.Column("so_ky_hieu", sa.String(length=220), nullable=False),
        sa.Column("ngay_ban_hanh", sa.Date(), nullable=False),
        sa.Column("loai", sa.String(length=100), nullable=False),
        sa.Column("ten_loai", sa.String(length=200), nullable=False),
        sa.Column("trich_yeu", sa.Text(), nullable=False),
        sa.Column("nguoi_ky", sa.Text(), nullable=False),
        sa.Column("noi_nhan", sa.Text(), nullable=False),
        sa.Column("luu", sa.Text(), nullable=False),
        sa.Column("so_luong_ban", sa.Integer(), nullable=True),
        sa.Column("ghi_chu", sa.Text(), nullable=False),
        sa.Column("trang_thai", sa.String(length=20), nullable=False),
        sa.Column("ly_do_thu_hoi", sa.Text(), nullable=True),
        sa.Column("thu_hoi_luc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=300), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("lo", sa.String(length=32), nullable=True),
        sa.Column("du_lieu", sa.JSON(), nullable=False),
        sa.Column("ten_tep", sa.String(length=400), nullable=False),
        sa.Column("tim_kiem", sa.Text(), nullable=False),
        sa.Column("tao_luc", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["so_dang_ky_id"], ["so_dang_ky.id"], name=op.f("fk_van_ban_di_so_dang_ky_id_so_dang_ky")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_van_ban_di")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_van_ban_di_idempotency_key")),
        sa.UniqueConstraint("so_dang_ky_id", "so", name=op.f("uq_van_ban_di_so_dang_ky_id_so")),
    )
    with op.batch_alter_table("van_ban_di", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_van_ban_di_lo"), ["lo"], unique=False)
        batch_op.create_index("ix_van_ban_di_so_dang_ky_tao_luc", ["so_dang_ky_id", "tao_luc"], unique=False)

    op.create_table(
        "van_ban_di_tep",
        sa.Column("van_ban_id", sa.String(length=32), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["van_ban_id"], ["van_ban_di.id"], name=op.f("fk_van_ban_di_tep_van_ban_id_van_ban_di")
        ),
        sa.PrimaryKeyConstraint("van_ban_id", name=op.f("pk_van_ban_di_tep")),
    )


def downgrade() -> None:
    op.drop_table("van_ban_di_tep")
    with op.batch_alter_table("van_ban_di", schema=None) as batch_op:
        batch_op.drop_index("ix_van_ban_di_so_dang_ky_tao_luc")
        batch_op.drop_index(batch_op.f("ix_van_ban_di_lo"))

    op.drop_table("van_ban_di")
    op.drop_table("so_dang_ky")
