"""Tables of the templates uploaded by offices (issue 11, "Own templates").

- `mau_tai_len`: one row per uploaded template id (its name, description, latest version, and
  `chu_so_huu`, the caller who created it: ``key:<digest>`` as jobs record it, NULL when created
  on an open service or before owners existed, migration 0003).
- `mau_tai_len_phien_ban`: every version kept: the .docx bytes exactly as uploaded with their
  SHA-256, the JSON Schema (given or inferred), the variables found, the example data, and the
  checker's findings on the trial render. Deleting a template deletes its versions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.adapters.db.base import Base


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoredTemplate(Base):
    __tablename__ = "mau_tai_len"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    ten: Mapped[str] = mapped_column(String(300))
    mo_ta: Mapped[str] = mapped_column(Text, default="")
    phien_ban: Mapped[int] = mapped_column(Integer)  # latest version
    chu_so_huu: Mapped[str | None] = mapped_column(String(200), nullable=True)  # owner (see above)
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    cap_nhat_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class StoredTemplateVersion(Base):
    __tablename__ = "mau_tai_len_phien_ban"

    mau_id: Mapped[str] = mapped_column(ForeignKey("mau_tai_len.id", ondelete="CASCADE"), primary_key=True)
    phien_ban: Mapped[int] = mapped_column(Integer, primary_key=True)
    tep: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    kich_thuoc: Mapped[int] = mapped_column(Integer)
    schema: Mapped[dict[str, Any]] = mapped_column(JSON)
    schema_suy_ra: Mapped[bool] = mapped_column(Boolean)  # inferred from the tags (not given)
    bien: Mapped[list[str]] = mapped_column(JSON)  # variables found in the tags
    vi_du: Mapped[dict[str, Any]] = mapped_column(JSON)
    kiem_tra: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    ten: Mapped[str] = mapped_column(String(300))
    mo_ta: Mapped[str] = mapped_column(Text, default="")
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
