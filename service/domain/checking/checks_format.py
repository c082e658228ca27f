"""Formatting checks: each element's font, size, bold, italic, case and alignment (from SLOTS),
the page and its margins, page numbers, and the fonts of every other piece of text."""

from __future__ import annotations

import math
from collections.abc import Iterable

from service.domain.checking import text as tx
from service.domain.checking.engine import Ctx
from service.domain.checking.layout import Line, split_lines
from service.domain.checking.model import Document, Paragraph, Run
from service.domain.checking.rules import SLOTS

TNR = "times new roman"
MM = 56.7  # twips per millimetre
_ALIGN_VI = {"left": "canh trái", "center": "canh giữa", "right": "canh phải", "both": "canh đều",
             "distribute": "dàn đều"}  # fmt: skip


def _fonts(runs: Iterable[Run]) -> set[str]:
    out = set()
    for r in runs:
        for name in (r.font, r.font_other):
            if name and name.strip().lower() != TNR:
                out.add(name)
    return out


def _fmt_size(v: float | None) -> str:
    return f"cỡ {v:g}" if v is not None else "không rõ cỡ"


def check_slot(
    ctx: Ctx, key: str, lines: Iterable[Line | None], *, align: bool = True, mark_fonts: bool = True
) -> None:
    """Every formatting rule of the element `key` on its lines."""
    s = SLOTS[key]
    for line in lines:
        if line is None:
            continue
        runs = [r for r in line.visible_runs() if r.field != "LIST" or r.text.strip()]
        if not runs:
            continue
        if mark_fonts:
            ctx.font_done.add(line.index)
        fonts = _fonts(runs)
        if fonts:
            ctx.add(f"{key}.phong_chu", line, ", ".join(sorted(fonts)))
        if s.size:
            lo, hi = s.size
            bad = sorted(
                {r.size for r in runs if r.size is None or not lo - 0.01 <= r.size <= hi + 0.01}, key=str
            )
            if bad:
                ctx.add(f"{key}.co_chu", line, ", ".join(_fmt_size(v) for v in bad))
        if s.bold is True and not all(r.bold for r in runs):
            ctx.add(f"{key}.dam", line, "không đậm" if not any(r.bold for r in runs) else "chỉ đậm một phần")
        if s.bold is False and any(r.bold for r in runs):
            ctx.add(f"{key}.khong_dam", line, "in đậm")
        if s.italic is True and not all(r.italic for r in runs):
            ctx.add(
                f"{key}.nghieng",
                line,
                "chữ đứng" if not any(r.italic for r in runs) else "chỉ nghiêng một phần",
            )
        if s.italic is False and any(r.italic for r in runs):
            ctx.add(f"{key}.dung", line, "in nghiêng")
        shown = "".join(r.shown for r in runs)
        if s.case == "hoa" and not tx.is_caps(shown.split("(")[0] or shown):
            ctx.add(f"{key}.in_hoa", line, tx.gon(shown))
        if s.case == "thuong" and tx.is_caps(shown) and len(shown.split()) >= 2:
            ctx.add(f"{key}.in_thuong", line, tx.gon(shown))
        if align and s.align and not line.right and not line.lead and "\t" not in line.para.text:
            ok = line.para.align in (("both", "distribute") if s.align == "both" else (s.align,))
            if not ok:
                ctx.add(f"{key}.can_le", line, _ALIGN_VI.get(line.para.align, line.para.align))


# --------------------------------------------------------------------------- page


def check_page(ctx: Ctx) -> None:
    for s in ctx.doc.sections:
        where = s.first_paragraph
        w, h = sorted((s.page_width, s.page_height))
        if abs(w - 11906) > 40 or abs(h - 16838) > 40:
            ctx.add("trang.kho_giay", where, f"{s.page_width / MM:.0f} mm x {s.page_height / MM:.0f} mm")
        if s.landscape and s.index == 0:
            ctx.add("trang.huong", where, "khổ ngang")
        for attr, ma, lo, hi in (("top", "trang.le_tren", 20, 25), ("bottom", "trang.le_duoi", 20, 25),
                                 ("left", "trang.le_trai", 30, 35), ("right", "trang.le_phai", 15, 20)):  # fmt: skip
            mm = getattr(s, attr) / MM
            if not lo - 0.3 <= mm <= hi + 0.3:
                ctx.add(ma, where, f"{mm:.1f} mm".replace(".", ","))


def estimated_pages(doc: Document, first: int = 0, last: int | None = None) -> float:
    """A rough page count of paragraphs first..last: wrapped lines times their height."""
    if not doc.sections:
        return 1.0
    s = doc.sections[0]
    usable = max(s.page_height - s.top - s.bottom, 5000)
    total = 0.0
    rows_seen: set[tuple[int, int]] = set()
    for p in doc.paragraphs[first : (last + 1) if last is not None else None]:
        size = next((r.size for r in p.runs if r.text.strip() and r.size), p.mark_size or 12) or 12
        width = (p.cell_width or s.text_width) - p.ind_left - p.ind_right
        chars_per_line = max(width / (size * 20 * 0.45), 8)
        n = sum(max(1, math.ceil(len(seg) / chars_per_line)) for seg in p.text.split("\n"))
        factor = p.line / 240 if p.line_rule == "auto" else max(p.line / (size * 20 * 1.15), 0.8)
        height = n * size * 20 * 1.15 * factor + p.space_before + p.space_after
        if p.table is not None:
            key = (p.table, p.row or 0)
            if p.col and key in rows_seen:
                continue  # a row's height is its tallest cell; count the first column only
            rows_seen.add(key)
        total += height
    return total / usable


def check_page_numbers(ctx: Ctx) -> None:
    doc = ctx.doc
    if not doc.sections:
        return
    first = doc.sections[0]
    main_last = max(ctx.layout.main_end - 1, 0)
    saved = doc.pages if doc.pages and not ctx.layout.appendices else 0  # as Word last saved it
    multi = saved >= 2 or estimated_pages(doc, 0, main_last) >= 1.4
    default = first.headers.get("default")
    first_header = first.headers.get("first")
    fields = default.page_fields if default else []
    footer_fields = [p for f in first.footers.values() for p in f.page_fields]
    where = first.first_paragraph
    if not fields and footer_fields:
        ctx.add("so_trang.vi_tri", where, "số trang ở chân trang")
    elif not fields and multi:
        ctx.add("so_trang.thieu", where, "không có số trang")
    if fields and (not first.title_page or (first_header and first_header.page_fields)):
        ctx.add("so_trang.trang_dau", where, "trang 1 có số trang")
    for p in fields:
        runs = [r for r in p.runs if r.field == "PAGE"] or p.runs
        check_runs_slot(ctx, "so_trang", p, runs, where)
    for ap in ctx.layout.appendices:
        s = doc.sections[ap.section] if ap.section < len(doc.sections) else None
        if s is None or not ap.own_section or s.page_start != 1:
            ctx.add("phu_luc.so_trang_rieng", ap.first, "số trang nối tiếp văn bản chính")


def check_runs_slot(ctx: Ctx, key: str, para: Paragraph, runs: list[Run], where: int) -> None:
    """Check a header or footer paragraph (no index of its own) as the element `key`."""
    shown = [Run(r.text.strip() or "1", r.font, r.font_other, r.size, r.bold, r.italic, r.caps) for r in runs]
    if not shown:
        return
    stand_in = Paragraph(index=where, runs=shown, align=para.align)
    check_slot(ctx, key, [Line(stand_in, shown, "1")], mark_fonts=False)


# --------------------------------------------------------------------------- every other text


def check_all_text(ctx: Ctx) -> None:
    """Fonts, colour and Unicode of every paragraph no element check has looked at."""
    for p in ctx.doc.paragraphs:
        runs = [r for r in p.runs if r.text.strip()]
        if not runs:
            continue
        if p.index not in ctx.font_done:
            fonts = _fonts(runs)
            if fonts:
                ctx.add("phong_chu", p, ", ".join(sorted(fonts)))
        colours = {r.color for r in runs if r.color and not _dark(r.color)}
        if colours:
            ctx.add("mau_chu", p, "màu " + ", ".join(sorted(c for c in colours if c)))
        if tx.is_decomposed(p.text):
            ctx.add("bang_ma", p, "dấu tổ hợp")
    for s in ctx.doc.sections:
        for hf in [*s.headers.values(), *s.footers.values()]:
            for p in hf.paragraphs:
                fonts = _fonts(r for r in p.runs if r.text.strip())
                if fonts:
                    ctx.add("phong_chu", s.first_paragraph, ", ".join(sorted(fonts)) + " (đầu/chân trang)")


def _dark(colour: str) -> bool:
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return True
    return max(r, g, b) <= 0x40


def lines_of(paras: Iterable[Paragraph]) -> list[Line]:
    return [ln for p in paras for ln in split_lines(p) if ln.text]
