"""The uploaded templates in the service's database (tables in db/template_tables.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from service.adapters.db.template_tables import StoredTemplate, StoredTemplateVersion


class StoreRefused(Exception):
    """A write the store refused, checked inside its transaction. `reason`: "exists" (the id is
    taken), "missing" (no such template), "owner" (the caller does not own it), "templates" (the
    limit on templates reached) or "versions" (the limit on versions of this template reached)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def may_change(owner: str | None, caller: str | None) -> bool:
    """Whether `caller` may add a version to, or delete, a template owned by `owner`.

    Only its owner; a template without owner (made on an open service, or before owners
    existed) only by a caller of an open service (None): with API keys it is read-only.

    >>> may_change("key:a", "key:a"), may_change("key:a", "key:b"), may_change("key:a", None)
    (True, False, False)
    >>> may_change(None, None), may_change(None, "key:a")
    (True, False)
    """
    return owner == caller


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

    def head(self, template_id: str) -> tuple[int, str | None] | None:
        """(latest version, owner) of a template, or None."""
        with self.db.session() as s:
            row = s.execute(
                select(StoredTemplate.phien_ban, StoredTemplate.chu_so_huu).where(
                    StoredTemplate.id == template_id
                )
            ).first()
            return (row[0], row[1]) if row is not None else None

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

    def add(
        self,
        v: TemplateVersion,
        *,
        new: bool,
        owner: str | None = None,
        max_templates: int = 0,
        max_versions: int = 0,
    ) -> int:
        """Store `v` as the next version (`new`: the first, owned by `owner`; else a new version,
        which only the template's owner may add, see `may_change`). Limits (0: none): at most
        `max_templates` templates and `max_versions` versions kept per template. The version
        number given; `StoreRefused` otherwise."""
        try:
            return self._add(v, new=new, owner=owner, max_templates=max_templates, max_versions=max_versions)
        except IntegrityError:  # the same id created at the same moment by another request
            raise StoreRefused("exists") from None

    def _add(
        self, v: TemplateVersion, *, new: bool, owner: str | None, max_templates: int, max_versions: int
    ) -> int:
        now = dt.datetime.now(dt.UTC)
        with self.db.write() as s:
            head = s.get(StoredTemplate, v.id, with_for_update=True)
            if new and head is not None:
                raise StoreRefused("exists")
            if not new and head is None:
                raise StoreRefused("missing")
            if head is None:
                if (
                    max_templates > 0
                    and (s.scalar(select(func.count()).select_from(StoredTemplate)) or 0) >= max_templates
                ):
                    raise StoreRefused("templates")
                head = StoredTemplate(
                    id=v.id,
                    ten=v.ten,
                    mo_ta=v.mo_ta,
                    phien_ban=1,
                    chu_so_huu=owner,
                    tao_luc=now,
                    cap_nhat_luc=now,
                )
                s.add(head)
                number = 1
            else:
                if not may_change(head.chu_so_huu, owner):
                    raise StoreRefused("owner")
                if (
                    max_versions > 0
                    and (
                        s.scalar(
                            select(func.count())
                            .select_from(StoredTemplateVersion)
                            .where(StoredTemplateVersion.mau_id == v.id)
                        )
                        or 0
                    )
                    >= max_versions
                ):
                    raise StoreRefused("versions")
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

    def delete(self, template_id: str, *, owner: str | None = None) -> bool:
        """Delete a template and its versions (False: no such template); `StoreRefused("owner")`
        when `owner` (the caller) may not (`may_change`)."""
        with self.db.write() as s:
            head = s.get(StoredTemplate, template_id, with_for_update=True)
            if head is None:
                return False
            if not may_change(head.chu_so_huu, owner):
                raise StoreRefused("owner")
            s.execute(delete(StoredTemplateVersion).where(StoredTemplateVersion.mau_id == template_id))
            return s.execute(delete(StoredTemplate).where(StoredTemplate.id == template_id)).rowcount > 0
