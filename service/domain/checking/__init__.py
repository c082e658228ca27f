"""Kiểm tra thể thức: checking any Word document against Nghị định 30/2020/NĐ-CP, Phụ lục I.

Pure Python over the reading model (model.py); the adapter service/adapters/docx_reader.py
builds the model from a .docx. `check(document)` returns a Report of findings, each with a
stable rule id, the decree's place, a Vietnamese message, what was found and what is right.
"""

from __future__ import annotations

from service.domain.checking import checks_body, checks_format, checks_text
from service.domain.checking.engine import Ctx, Finding, Report
from service.domain.checking.locate import locate
from service.domain.checking.model import Document
from service.domain.checking.profiles import detect_kind, profile_for, ten_loai_vi

__all__ = ["Finding", "Report", "check"]


def check(doc: Document) -> Report:
    """Every finding of the decree's rules on `doc`, in the order of the document."""
    layout = locate(doc)
    kind_id, kind = detect_kind(layout.loai, [ln.text for ln in layout.trich_yeu])
    ctx = Ctx(doc, layout, profile_for(layout.loai, kind))
    checks_format.check_page(ctx)
    checks_text.check_header(ctx)
    checks_text.check_title(ctx)
    checks_body.check_body(ctx)
    checks_text.check_closing(ctx)
    checks_format.check_page_numbers(ctx)
    checks_format.check_all_text(ctx)
    findings = sorted(ctx.findings, key=lambda f: f.doan if f.doan is not None else -1)
    return Report(kind_id, ten_loai_vi(layout.loai), findings, ctx.omitted, doc.truncated)
