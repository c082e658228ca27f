"""Findings and the context every check writes into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.domain.checking.layout import Layout, Line
from service.domain.checking.model import Document, Paragraph
from service.domain.checking.rules import LOI, RULES

MAX_PER_RULE = 25  # findings kept per rule; the rest are counted
MAX_FINDINGS = 400


@dataclass(slots=True)
class Finding:
    ma: str
    muc_do: str
    thanh_phan: str
    doan: int | None
    mo_ta: str
    can_cu: str
    hien_tai: str
    dung: str
    trang: int | None = None

    def as_dict(self) -> dict[str, Any]:
        vi_tri: dict[str, Any] = {"doan": self.doan}
        if self.trang is not None:
            vi_tri["trang"] = self.trang
        return {
            "ma": self.ma,
            "muc_do": self.muc_do,
            "thanh_phan": self.thanh_phan,
            "vi_tri": vi_tri,
            "mo_ta": self.mo_ta,
            "can_cu": self.can_cu,
            "hien_tai": self.hien_tai,
            "dung": self.dung,
        }


@dataclass
class Report:
    loai_van_ban: str | None
    ten_loai: str | None
    findings: list[Finding]
    omitted: dict[str, int] = field(default_factory=dict)
    truncated: bool = False

    @property
    def dat(self) -> bool:
        return not any(f.muc_do == LOI for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "loai_van_ban": self.loai_van_ban,
            "ten_loai": self.ten_loai,
            "dat": self.dat,
            "so_loi": sum(f.muc_do == LOI for f in self.findings),
            "so_canh_bao": sum(f.muc_do != LOI for f in self.findings),
            "loi": [f.as_dict() for f in self.findings],
        }
        if self.omitted:
            out["bo_qua"] = [{"ma": k, "so_cho": v} for k, v in self.omitted.items()]
        if self.truncated:
            out["chi_kiem_tra_mot_phan"] = True
        return out


@dataclass
class Ctx:
    doc: Document
    layout: Layout
    profile: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    omitted: dict[str, int] = field(default_factory=dict)
    seen: set[tuple[str, int | None]] = field(default_factory=set)
    font_done: set[int] = field(default_factory=set)  # paragraphs whose fonts an element check saw

    def add(self, ma: str, where: Line | Paragraph | int | None, hien_tai: str = "", dung: str | None = None,
            mo_ta: str | None = None) -> None:  # fmt: skip
        rule = RULES[ma]
        doan = where.index if isinstance(where, (Line, Paragraph)) else where
        if doan is not None and doan < 0:
            doan = None
        key = (ma, doan)
        if key in self.seen:
            return
        self.seen.add(key)
        n = self.counts.get(ma, 0)
        if n >= MAX_PER_RULE or len(self.findings) >= MAX_FINDINGS:
            self.omitted[ma] = self.omitted.get(ma, 0) + 1
            return
        self.counts[ma] = n + 1
        self.findings.append(
            Finding(
                ma,
                rule.muc_do,
                rule.thanh_phan,
                doan,
                mo_ta or rule.mo_ta,
                rule.can_cu,
                hien_tai[:200],
                rule.dung if dung is None else dung,
            )
        )
