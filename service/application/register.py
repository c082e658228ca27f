"""The outgoing register use case (Điều 15-16): numbers given by the service, never twice,
and the register read back (entries, filters, the printed Phụ lục IV form, the stored files).

Giving numbers is `Issuing` (register_issue.py) and, for batches, `BatchIssuing`
(register_batch.py); this module adds the reading half. The API
(service/http/register.py) and the clerks' pages (service/http/web_register.py) both call
this service.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from service.adapters.db import Database
from service.adapters.db.register_tables import Register, RegisterDocument, RegisterEntry
from service.adapters.db.register_writes import RegisterWrites
from service.adapters.documents import DocumentService
from service.application.group_commit import GroupCommit
from service.application.register_batch import BatchIssuing
from service.application.register_issue import MSG_SO, REGISTER_FIELDS, Prepared, _clean_text
from service.domain import so_dang_ky as sdk
from service.domain.text import compact
from service.errors import Conflict, NotFound, ValidationFailed

__all__ = ["MSG_SO", "REGISTER_FIELDS", "Prepared", "RegisterService", "search_text"]

log = logging.getLogger("service.register")

MAX_PER_PAGE = 200


class RegisterService(BatchIssuing):
    def __init__(
        self,
        db: Database,
        documents: DocumentService,
        config: Mapping[str, Any],
        *,
        today: Callable[[], dt.date] | None = None,
    ):
        self.db, self.documents, self.config = db, documents, config
        self.writes = RegisterWrites(db.engine.dialect)
        zone = ZoneInfo(config.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
        self.today = today or (lambda: dt.datetime.now(zone).date())
        self.separate = list(config.get("REGISTER_SEPARATE") or [])
        self._group: GroupCommit[tuple[Prepared, str | None]] = GroupCommit(self._issue_items)

    # ------------------------------------------------------------------ reading
    def public(self, e: Any, register: Register | None = None) -> dict[str, Any]:
        """The JSON of an entry (a stored row, an ORM object or a new row's namespace)."""
        out = {
            "id": e.id,
            "so": e.so,
            "ky_hieu": e.ky_hieu,
            "so_ky_hieu": e.so_ky_hieu,
            "ngay_ban_hanh": e.ngay_ban_hanh.isoformat(),
            "so_dang_ky": e.so_dang_ky_id,
            "trang_thai": e.trang_thai,
            "tai_lieu": f"/api/v1/van-ban-di/{e.id}/tai-lieu",
            "loai": e.loai,
            "ten_loai": e.ten_loai,
            "trich_yeu": e.trich_yeu,
            "nguoi_ky": e.nguoi_ky,
            "noi_nhan": e.noi_nhan,
            "luu": e.luu,
            "so_luong_ban": e.so_luong_ban,
            "ghi_chu": e.ghi_chu,
            "ten_tep": e.ten_tep,
            "tao_luc": _iso(e.tao_luc),
        }
        if getattr(e, "lo", None):
            out["lo"] = e.lo  # the batch (or numbered job) that gave the number
        if e.trang_thai == "thu_hoi":
            out["ly_do_thu_hoi"] = e.ly_do_thu_hoi
            out["thu_hoi_luc"] = _iso(e.thu_hoi_luc)
        if register is not None:
            out["co_quan"] = register.co_quan
            out["nam"] = register.nam
            out["chuoi"] = register.chuoi
        return out

    def get(self, entry_id: str) -> dict[str, Any]:
        with self.db.session() as s:
            row = s.execute(
                select(RegisterEntry, Register)
                .join(Register, Register.id == RegisterEntry.so_dang_ky_id)
                .where(RegisterEntry.id == _entry_id(entry_id))
            ).first()
            if row is None:
                raise NotFound("Không có văn bản đi này trong sổ đăng ký.")
            return self.public(row[0], row[1])

    def document(self, entry_id: str) -> tuple[bytes, str]:
        """The stored .docx exactly as issued, and its file name (without extension)."""
        with self.db.session() as s:
            row = s.execute(
                select(RegisterDocument.docx, RegisterEntry.ten_tep)
                .join(RegisterEntry, RegisterEntry.id == RegisterDocument.van_ban_id)
                .where(RegisterDocument.van_ban_id == _entry_id(entry_id))
            ).first()
        if row is None:
            raise NotFound("Không có văn bản đi này trong sổ đăng ký.")
        return bytes(row[0]), row[1]

    def withdraw(self, entry_id: str, ly_do: Any) -> dict[str, Any]:
        """Mark an entry withdrawn (thu hồi): its number stays taken, never given again."""
        bad = _clean_text(ly_do)[1] if isinstance(ly_do, str) else ""
        if bad:
            raise ValidationFailed(
                bad, errors=[{"path": "/ly_do", "message": bad, "code": "control_character"}]
            )
        if not isinstance(ly_do, str) or not compact(ly_do) or len(ly_do) > 2000:
            raise ValidationFailed(
                "Cần ghi lý do thu hồi.",
                errors=[
                    {
                        "path": "/ly_do",
                        "message": "Cần ghi lý do thu hồi (tối đa 2000 ký tự).",
                        "code": "required",
                    }
                ],
            )
        with self.db.write() as s:
            entry = s.get(RegisterEntry, _entry_id(entry_id), with_for_update=True)  # two clerks at once
            if entry is None:
                raise NotFound("Không có văn bản đi này trong sổ đăng ký.")
            if entry.trang_thai == "thu_hoi":
                raise Conflict("Văn bản này đã được thu hồi.")
            entry.trang_thai = "thu_hoi"
            entry.ly_do_thu_hoi = compact(ly_do)
            entry.thu_hoi_luc = dt.datetime.now(dt.UTC)
            s.flush()
            register = s.get(Register, entry.so_dang_ky_id)
            return self.public(entry, register)

    def _filtered(
        self, query: Select, *, co_quan: str | None, nam: int | None, so_dang_ky: int | None
    ) -> Select:
        if so_dang_ky is not None:
            query = query.where(Register.id == so_dang_ky)
        if nam is not None:
            query = query.where(Register.nam == nam)
        co_quan = search_text(co_quan)
        if co_quan:
            keys = [
                sdk.bam_khoa(sdk.khoa_co_quan(co_quan)),
                sdk.bam_khoa(sdk.khoa_co_quan(None, ma_co_quan=co_quan)),
            ]
            query = query.where(Register.co_quan_khoa.in_(keys))
        return query

    def list(
        self,
        *,
        co_quan: str | None = None,
        nam: int | None = None,
        so_dang_ky: int | None = None,
        q: str | None = None,
        trang_thai: str | None = None,
        loai: str | None = None,
        lo: str | None = None,
        trang: int = 1,
        so_muc: int = 50,
    ) -> dict[str, Any]:
        """The register's entries, newest first, paged (`trang` from 1, `so_muc` per page);
        `lo`: those numbered by one batch (its id, a job's id for a numbered job)."""
        so_muc = max(1, min(so_muc, MAX_PER_PAGE))
        trang = max(1, trang)
        query = select(RegisterEntry, Register).join(Register, Register.id == RegisterEntry.so_dang_ky_id)
        query = self._filtered(query, co_quan=co_quan, nam=nam, so_dang_ky=so_dang_ky)
        if trang_thai:
            query = query.where(RegisterEntry.trang_thai == trang_thai)
        if lo:
            query = query.where(RegisterEntry.lo == lo)
        loai = search_text(loai)
        if loai:
            query = query.where(RegisterEntry.loai == loai[:100])
        for word in sdk.tim_kiem(search_text(q)).split()[:10]:
            query = query.where(RegisterEntry.tim_kiem.like(f"%{_like(word)}%", escape="\\"))
        with self.db.session() as s:
            total = s.scalar(select(func.count()).select_from(query.subquery()))
            rows = s.execute(
                query.order_by(RegisterEntry.tao_luc.desc(), RegisterEntry.so.desc())
                .limit(so_muc)
                .offset((trang - 1) * so_muc)
            ).all()
        return {
            "tong_so": total,
            "trang": trang,
            "so_muc": so_muc,
            "muc": [self.public(e, r) for e, r in rows],
        }

    def registers(
        self, *, co_quan: str | None = None, nam: int | None = None, so_dang_ky: int | None = None
    ) -> list[dict[str, Any]]:
        query = self._filtered(select(Register), co_quan=co_quan, nam=nam, so_dang_ky=so_dang_ky)
        with self.db.session() as s:
            regs = s.scalars(query.order_by(Register.nam.desc(), Register.co_quan, Register.chuoi)).all()
        return [
            {
                "id": r.id,
                "co_quan": r.co_quan,
                "ma_co_quan": r.ma_co_quan,
                "nam": r.nam,
                "chuoi": r.chuoi,
                "so_cuoi": r.so_cuoi,
            }
            for r in regs
        ]

    def printable(
        self, *, co_quan: str | None = None, nam: int | None = None, so_dang_ky: int | None = None
    ) -> list[tuple[dict[str, Any], list[sdk.DongSo]]]:
        """Each matching register with its rows in number order (for the printed Phụ lục IV form)."""
        if nam is None and so_dang_ky is None:
            nam = self.today().year
        regs = self.registers(co_quan=co_quan, nam=nam, so_dang_ky=so_dang_ky)
        if not regs:
            raise NotFound("Không có sổ đăng ký văn bản đi nào khớp điều kiện (cơ quan, năm).")
        out = []
        with self.db.session() as s:
            for reg in regs:
                entries = s.scalars(
                    select(RegisterEntry)
                    .where(RegisterEntry.so_dang_ky_id == reg["id"])
                    .order_by(RegisterEntry.so)
                ).all()
                out.append(
                    (
                        reg,
                        [
                            sdk.dong_so_dang_ky(self.public(e) | {"ngay_ban_hanh": e.ngay_ban_hanh})
                            for e in entries
                        ],
                    )
                )
        return out

    def numbers(self, register_id: int) -> list[int]:
        """Every number taken in a register (for checks: 1..n, each once)."""
        with self.db.session() as s:
            return list(
                s.scalars(
                    select(RegisterEntry.so)
                    .where(RegisterEntry.so_dang_ky_id == register_id)
                    .order_by(RegisterEntry.so)
                )
            )


def search_text(text: str | None) -> str | None:
    r"""A search or filter string as the database can take it (no NUL or control characters).

    >>> search_text("a\x00b\x07c "), search_text("  ")
    ('a b c', None)
    """
    if not text:
        return None
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return compact(cleaned) or None


def _entry_id(entry_id: str) -> str:
    if len(entry_id) != 32 or any(c not in "0123456789abcdef" for c in entry_id):
        raise NotFound("Không có văn bản đi này trong sổ đăng ký.")
    return entry_id


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite gives naive values back: they were stored in UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
