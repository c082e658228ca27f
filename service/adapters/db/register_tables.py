"""Tables of the outgoing register (sổ đăng ký văn bản đi, Điều 15-16 and Phụ lục IV).

- `so_dang_ky`: one row per register (issuing body × year × sequence) holding the last number
  given: the counter is this row, incremented with UPDATE … RETURNING inside the transaction that
  stores the entries, so a number is taken only if its entry and its document are stored.
- `van_ban_di`: one row per issued document (the 10 columns of the printed register and more).
- `van_ban_di_tep`: the .docx exactly as issued and the data it was rendered from, apart from
  the entries so lists, searches and prints stay light.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.adapters.db.base import Base


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Register(Base):
    __tablename__ = "so_dang_ky"
    __table_args__ = (UniqueConstraint("co_quan_khoa", "nam", "chuoi"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    co_quan_khoa: Mapped[str] = mapped_column(String(64))  # sha256 of the normalised body key
    co_quan: Mapped[str] = mapped_column(Text)  # the body as first written, one line
    ma_co_quan: Mapped[str | None] = mapped_column(String(100))
    nam: Mapped[int] = mapped_column(Integer)
    chuoi: Mapped[str] = mapped_column(String(40), default="")  # "" = the body's shared sequence
    so_cuoi: Mapped[int] = mapped_column(Integer, default=0)  # last number given
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RegisterEntry(Base):
    __tablename__ = "van_ban_di"
    __table_args__ = (
        UniqueConstraint("so_dang_ky_id", "so"),
        UniqueConstraint("idempotency_key"),
        Index("ix_van_ban_di_so_dang_ky_tao_luc", "so_dang_ky_id", "tao_luc"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # ids.new_id(): 32 hex, in time order
    so_dang_ky_id: Mapped[int] = mapped_column(ForeignKey("so_dang_ky.id"))
    so: Mapped[int] = mapped_column(Integer)
    ky_hieu: Mapped[str] = mapped_column(String(200))
    so_ky_hieu: Mapped[str] = mapped_column(String(220))
    ngay_ban_hanh: Mapped[dt.date] = mapped_column(Date)
    loai: Mapped[str] = mapped_column(String(100))  # template id
    ten_loai: Mapped[str] = mapped_column(String(200))
    trich_yeu: Mapped[str] = mapped_column(Text)
    nguoi_ky: Mapped[str] = mapped_column(Text)
    noi_nhan: Mapped[str] = mapped_column(Text)
    luu: Mapped[str] = mapped_column(Text)  # Đơn vị, người nhận bản lưu
    so_luong_ban: Mapped[int | None] = mapped_column(Integer)
    ghi_chu: Mapped[str] = mapped_column(Text, default="")
    trang_thai: Mapped[str] = mapped_column(String(20), default="da_ban_hanh")
    ly_do_thu_hoi: Mapped[str | None] = mapped_column(Text)
    thu_hoi_luc: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(300))
    request_hash: Mapped[str] = mapped_column(String(64))
    lo: Mapped[str | None] = mapped_column(String(32), index=True)  # batch id when issued in a batch
    ten_tep: Mapped[str] = mapped_column(String(400))
    tim_kiem: Mapped[str] = mapped_column(Text)  # casefolded text searched by the register page
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class RegisterDocument(Base):
    __tablename__ = "van_ban_di_tep"

    van_ban_id: Mapped[str] = mapped_column(ForeignKey("van_ban_di.id"), primary_key=True)
    docx: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    # the validated data the document was rendered from, as JSON text (its number: the entry's
    # `so`); here, not in the entry, so that lists, searches and prints never read it
    du_lieu: Mapped[str | None] = mapped_column(Text)
