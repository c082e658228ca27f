"""Body checks: paragraphs (justification, size, indent, spacing), the outline markers and their
order, Điều numbering, the end mark, capitalisation slips (Phụ lục II) and appendices."""

from __future__ import annotations

import re

from service.domain.checking import text as tx
from service.domain.checking.checks_format import check_slot
from service.domain.checking.engine import Ctx
from service.domain.checking.layout import Line
from service.domain.checking.model import Paragraph

INDENT_OK = (540, 750)  # 1 cm = 567 twips, 1.27 cm = 720 twips
MIN_GAP = 120  # 6 pt
_ROMAN = re.compile(r"^([IVX]+)\s*([.)/:])\s*(?=\S)")


_MARKER_START = frozenset("PCMTĐIVX0123456789abcdefghijklmnopqrstuvwxyzđ-–—+•")


def _kind(line: Line) -> str:
    t = line.text
    if not t or t[0] not in _MARKER_START:
        return "para"
    if tx.PHAN_RE.match(t) or tx.CHUONG_RE.match(t) or tx.MUC_LABEL_RE.match(t):
        return "phan"
    if tx.DIEU_RE.match(t):
        return "dieu"
    m = _ROMAN.match(t)
    if m and tx.roman_value(m.group(1)):
        return "muc"
    if tx.DECIMAL_RE.match(t):
        return "decimal"
    if tx.KHOAN_RE.match(t):
        return "khoan"
    if tx.DIEM_RE.match(t):
        return "diem"
    if tx.DASH_RE.match(t):
        return "dash"
    return "para"


def check_body(ctx: Ctx) -> None:
    lines = ctx.layout.body
    kinds = [_kind(ln) for ln in lines]
    prev_para: Paragraph | None = None
    after_label = False
    for ln, kind in zip(lines, kinds, strict=True):
        first_line = prev_para is None or ln.para.index != prev_para.index
        if not first_line:
            continue
        centred = ln.para.align == "center"
        if kind == "phan" or (after_label and centred and tx.is_caps(ln.text)):
            check_slot(ctx, "phan_chuong", [ln])
            after_label = kind == "phan"
            prev_para = ln.para
            continue
        after_label = False
        if kind == "muc":
            check_slot(ctx, "muc", [ln], align=False)
        elif not (centred and (tx.is_caps(ln.text) or _lead_in(ln))):
            check_slot(ctx, "noi_dung", [ln])
            _indent(ctx, ln)
            _italic(ctx, ln)
        if prev_para is not None:
            _gap(ctx, prev_para, ln.para)
        _line_spacing(ctx, ln.para)
        prev_para = ln.para
    _outline(ctx, lines, kinds)
    _end_mark(ctx, lines)
    _capitals(ctx)
    _appendices(ctx)


def _lead_in(ln: Line) -> bool:
    """A short centred line that introduces what follows ("Sở Nội vụ trân trọng giới thiệu:",
    Mẫu 1.8) or titles it: set as the samples set it, not as a paragraph of text."""
    return len(ln.para.text) <= 90 and "\n" not in ln.para.text and not ln.text.endswith((".", ";"))


def _indent(ctx: Ctx, ln: Line) -> None:
    p = ln.para
    pos = p.ind_left + p.ind_first
    tabs = ln.lead.count("\t")
    spaces = len(ln.lead.replace("\t", ""))
    for _ in range(tabs):
        step = ctx.doc.default_tab or 720
        pos = (pos // step + 1) * step
    if spaces >= 2 and not tabs:
        ctx.add("noi_dung.lui_bang_dau_cach", ln, f"{spaces} dấu cách")
        pos += spaces * 70
    if not INDENT_OK[0] <= pos <= INDENT_OK[1]:
        ctx.add("noi_dung.lui_dau_dong", ln, f"{pos / 567:.2f} cm".replace(".", ","))


def _italic(ctx: Ctx, ln: Line) -> None:
    runs = ln.visible_runs()
    if runs and all(r.italic for r in runs) and len(ln.text) > 40 and not tx.CAN_CU_RE.match(ln.text):
        ctx.add("noi_dung.chu_dung", ln, "cả đoạn in nghiêng")


def _gap(ctx: Ctx, prev: Paragraph, cur: Paragraph) -> None:
    if prev.table is not None or cur.table is not None:
        return
    if prev.contextual and cur.contextual and prev.style == cur.style:
        gap = 0
    else:
        gap = (280 if prev.auto_after else prev.space_after) + (280 if cur.auto_before else cur.space_before)
    if gap < MIN_GAP - 2:
        ctx.add("noi_dung.khoang_cach_doan", cur, f"{gap / 20:g} pt".replace(".", ","))


def _line_spacing(ctx: Ctx, p: Paragraph) -> None:
    if p.line_rule == "auto":
        if not 236 <= p.line <= 364:
            ctx.add("noi_dung.gian_dong", p, f"{p.line / 240:.2f} dòng".replace(".", ","))
        return
    size = next((r.size for r in p.runs if r.text.strip() and r.size), 14) or 14
    lines = p.line / (size * 20 * 1.15)
    if p.line_rule == "exact" and not 0.85 <= lines <= 1.6:
        ctx.add("noi_dung.gian_dong", p, f"chính xác {p.line / 20:g} pt".replace(".", ","))
    if p.line_rule == "atLeast" and lines > 1.6:
        ctx.add("noi_dung.gian_dong", p, f"tối thiểu {p.line / 20:g} pt".replace(".", ","))


def _roman(n: int) -> str:
    out = []
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _outline(ctx: Ctx, lines: list[Line], kinds: list[str]) -> None:
    muc: int | None = 1
    khoan = 1
    diem = 0
    dieu = 1
    for ln, kind in zip(lines, kinds, strict=True):
        t = ln.text
        if kind == "phan":
            muc, khoan, diem = None, 1, 0
        elif kind == "muc":
            m = _ROMAN.match(t)
            value = tx.roman_value(m.group(1)) or 0
            if muc is not None and value != muc:
                ctx.add("muc.thu_tu", ln, f"{m.group(1)}.", f"{_roman(muc)}.")
            if m.group(2) != ".":
                ctx.add("muc.dau", ln, f"{m.group(1)}{m.group(2)}", f"{m.group(1)}.")
            muc, khoan, diem = value + 1, 1, 0
        elif kind == "dieu":
            m = tx.DIEU_RE.match(t)
            n = int(m.group(1))
            if n != dieu:
                ctx.add("dieu.thu_tu", ln, f"Điều {n}", f"Điều {dieu}")
            if m.group(2) != ".":
                ctx.add("dieu.dau_cham", ln, m.group(0).strip(), f"Điều {n}.")
            label_runs = _runs_covering(ln, len(m.group(0).rstrip()))
            if label_runs and not all(r.bold for r in label_runs):
                ctx.add("dieu.dam", ln, "chữ “Điều …” không đậm")
            dieu, khoan, diem = n + 1, 1, 0
        elif kind == "khoan":
            m = tx.KHOAN_RE.match(t)
            n = int(m.group(1))
            if n != khoan:
                ctx.add("khoan.thu_tu", ln, f"{n}.", f"{khoan}.")
            if m.group(2) != ".":
                ctx.add("khoan.dau", ln, f"{n}{m.group(2)}", f"{n}.")
            rest = t[m.end() :].strip()
            title = len(rest) <= 90 and not rest.endswith((".", ":", ";", ",")) and ln.para.runs
            if title and ln is _first_line_of(lines, ln) and not all(r.bold for r in ln.visible_runs()):
                ctx.add("khoan.tieu_de_dam", ln, "không đậm")
            khoan, diem = n + 1, 0
        elif kind == "decimal":
            diem = 0
        elif kind == "diem":
            m = tx.DIEM_RE.match(t)
            letter = m.group(1)
            want = tx.DIEM_LETTERS[diem] if diem < len(tx.DIEM_LETTERS) else None
            if letter not in tx.DIEM_LETTERS:
                ctx.add("diem.chu_cai", ln, f"{letter})", f"{want})" if want else "")
                diem += 1
            else:
                pos = tx.DIEM_LETTERS.index(letter)
                if pos != diem and want:
                    ctx.add("diem.thu_tu", ln, f"{letter})", f"{want})")
                diem = pos + 1
            if m.group(2) != ")":
                ctx.add("diem.dau", ln, f"{letter}{m.group(2)}", f"{letter})")


def _first_line_of(lines: list[Line], ln: Line) -> Line:
    return next(x for x in lines if x.para.index == ln.para.index)


def _runs_covering(ln: Line, n: int) -> list:
    out, seen = [], 0
    lead = len(ln.lead)
    for r in ln.runs:
        if seen >= n + lead:
            break
        if r.text.strip():
            out.append(r)
        seen += len(r.text)
    return out


def _end_mark(ctx: Ctx, lines: list[Line]) -> None:
    if not lines or not ctx.profile.get("dau_ket_thuc", True):
        return
    last = lines[-1]
    if not last.text.rstrip().endswith("./."):
        ctx.add("noi_dung.dau_ket_thuc", last, "…" + last.text.rstrip()[-12:], "… ./.")


# --------------------------------------------------------------------------- Phụ lục II

_UNIT = re.compile(
    r"\b(Ủy ban nhân dân|Hội đồng nhân dân|UBND|HĐND|Chủ tịch|của|tại|trên địa bàn) "
    r"(Tỉnh|Huyện|Thị xã|Thị trấn) (?!\d)([A-ZĐÀ-Ỹ])"
)
_TITLE_CASE = re.compile(
    r"\b(Ủy Ban Nhân Dân|Uỷ Ban Nhân Dân|Hội Đồng Nhân Dân|Sở (Tài Chính|Nội Vụ|Tư Pháp|Y Tế|Giáo Dục|Xây Dựng|"
    r"Công Thương|Kế Hoạch|Tài Nguyên|Lao Động|Văn Hóa|Văn Hoá|Khoa Học|Thông Tin|Nông Nghiệp|Ngoại Vụ|"
    r"Giao Thông)|Bộ (Nội Vụ|Tài Chính|Tư Pháp|Y Tế|Xây Dựng|Công Thương|Ngoại Giao|Quốc Phòng|Công An))\b"
)
_CITE = re.compile(
    r"\b(khoản|điểm) [0-9a-zđ]+ (điều) \d+|\b[a-zà-ỹđ]+ (Khoản|Điểm) \d+[a-zđ]? (Điều|khoản)\b"
)


def _capitals(ctx: Ctx) -> None:
    lay = ctx.layout
    for ln in [*lay.trich_yeu, *lay.can_cu, *lay.body, *lay.noi_nhan, *lay.kinh_gui]:
        t = ln.text
        m = _UNIT.search(t)
        if m:
            ctx.add("viet_hoa.don_vi_hanh_chinh", ln, m.group(0)[:-1].strip(),
                    f"{m.group(1)} {m.group(2).lower()} {m.group(3)}")  # fmt: skip
        m = _TITLE_CASE.search(t)
        if m:
            words = m.group(0).split()
            ctx.add("viet_hoa.co_quan", ln, m.group(0), " ".join([words[0], *(w.lower() for w in words[1:])])
                    if words[0] in ("Ủy", "Uỷ", "Hội") else f"{words[0]} {words[1]} {words[2].lower()}")  # fmt: skip
        m = _CITE.search(t)
        if m:
            ctx.add("viet_hoa.dieu_khoan", ln, m.group(0))


def _appendices(ctx: Ctx) -> None:
    aps = ctx.layout.appendices
    labelled = [a for a in aps if a.label is not None]
    for ap in aps:
        if ap.label is not None:
            check_slot(ctx, "phu_luc_nhan", [ap.label])
            check_slot(ctx, "phu_luc_ten", ap.title)
            m = tx.PHU_LUC_RE.match(ap.label.text)
            numeral = (m.group(2) or "") if m else ""
            if len(labelled) >= 2 and not tx.roman_value(numeral):
                ctx.add("phu_luc.so_la_ma", ap.label, ap.label.text, "Phụ lục I, Phụ lục II, …")
        else:
            check_slot(ctx, "phu_luc_ten", ap.title[:1])
        if ap.kem_theo is not None:
            check_slot(ctx, "phu_luc_kem_theo", [ap.kem_theo])
