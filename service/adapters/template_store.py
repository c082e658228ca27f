"""The uploaded templates in the service's database (tables in db/template_tables.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from service.adapters.db.template_tables import StoredTemplate, StoredTemplateVersion


@dataclass(frozen=True)
class TemplateVersion:
    """One stored version of an uploaded template, as the rest of the service reads it."""

    id: str
    phien_ban: int
    ten: str
    mo_ta: str
    sha256: str
    kich_thuoc: int
    schema: dict[str, Any] = field(repr=False)
    schema_suy_ra: bool = True
    bien: list[str] = field(default_factory=list, repr=False)
    vi_du: dict[str, Any] = field(default_factory=dict, repr=False)
    kiem_tra: dict[str, Any] | None = field(default=None, repr=False)
    tao_luc: str = ""
    tep: bytes = field(default=b"", repr=False)

    def summary(self) -> dict[str, Any]:
        return {
            "phien_ban": self.phien_ban,
            "sha256": self.sha256,
            "kich_thuoc": self.kich_thuoc,
            "ten": self.ten,
            "tao_luc": self.tao_luc,
        }


def _version(row: StoredTemplateVersion, *, with_bytes: bool) -> TemplateVersion:
    created = row.tao_luc
    return TemplateVersion(
        id=row.mau_id,
        phien_ban=row.phien_ban,
        ten=row.ten,
        mo_ta=row.mo_ta,
        sha256=row.sha256,
        kich_thuoc=row.kich_thuoc,
        schema=row.schema,
        schema_suy_ra=row.schema_suy_ra,
        bien=list(row.bien or []),
        vi_du=row.vi_du,
        kiem_tra=row.kiem_tra,
        tao_luc=created.isoformat() if created else "",
        tep=row.tep if with_bytes else b"",
    )


class TemplateStore:
    """Reads and writes of uploaded templates (one transaction per call)."""

    def __init__(self, db: Any):
        self.db = db

    def latest(self, template_id: str) -> int | None:
        with self.db.session() as s:
            return s.scalar(select(StoredTemplate.phien_ban).where(StoredTemplate.id == template_id))

    def get(
        self, template_id: str, version: int | None = None, *, with_bytes: bool = True
    ) -> TemplateVersion | None:
        """A version (the latest when `version` is None), or None."""
        with self.db.session() as s:
            if version is None:
                version = s.scalar(select(StoredTemplate.phien_ban).where(StoredTemplate.id == template_id))
                if version is None:
                    return None
            row = s.get(StoredTemplateVersion, (template_id, version))
            return _version(row, with_bytes=with_bytes) if row is not None else None

    def all_latest(self) -> list[TemplateVersion]:
        """The latest version of every template (without the bytes), by id."""
        with self.db.session() as s:
            rows = s.execute(
                select(StoredTemplateVersion)
                .join(
                    StoredTemplate,
                    (StoredTemplate.id == StoredTemplateVersion.mau_id)
                    & (StoredTemplate.phien_ban == StoredTemplateVersion.phien_ban),
                )
                .order_by(StoredTemplate.id)
            ).scalars()
            return [_version(r, with_bytes=False) for r in rows]

    def versions(self, template_id: str) -> list[TemplateVersion]:
        with self.db.session() as s:
            rows = s.scalars(
                select(StoredTemplateVersion)
                .where(StoredTemplateVersion.mau_id == template_id)
                .order_by(StoredTemplateVersion.phien_ban)
            )
            return [_version(r, with_bytes=False) for r in rows]

    def add(self, v: TemplateVersion, *, new: bool) -> int | None:
        """Store `v` as the next version (`new`: the first, None if the id is taken; else None if
        there is no such template). The version number given."""
        try:
            return self._add(v, new=new)
        except IntegrityError:  # the same id created at the same moment by another request
            return None

    def _add(self, v: TemplateVersion, *, new: bool) -> int | None:
        now = dt.datetime.now(dt.UTC)
        with self.db.write() as s:
            head = s.get(StoredTemplate, v.id, with_for_update=True)
            if new == (head is not None):  # created twice, or a new version of nothing
                return None
            if head is None:
                head = StoredTemplate(
                    id=v.id, ten=v.ten, mo_ta=v.mo_ta, phien_ban=1, tao_luc=now, cap_nhat_luc=now
                )
                s.add(head)
                number = 1
            else:
                number = head.phien_ban + 1
                head.phien_ban, head.ten, head.mo_ta, head.cap_nhat_luc = number, v.ten, v.mo_ta, now
            s.add(
                StoredTemplateVersion(
                    mau_id=v.id,
                    phien_ban=number,
                    tep=v.tep,
                    sha256=v.sha256,
                    kich_thuoc=len(v.tep),
                    schema=v.schema,
                    schema_suy_ra=v.schema_suy_ra,
                    bien=v.bien,
                    vi_du=v.vi_du,
                    kiem_tra=v.kiem_tra,
                    ten=v.ten,
                    mo_ta=v.mo_ta,
                    tao_luc=now,
                )
            )
            return number

    def delete(self, template_id: str) -> bool:
        with self.db.write() as s:
            s.execute(delete(StoredTemplateVersion).where(StoredTemplateVersion.mau_id == template_id))
            return s.execute(delete(StoredTemplate).where(StoredTemplate.id == template_id)).rowcount > 0
