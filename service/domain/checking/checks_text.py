"""Text checks of the fixed elements: Quốc hiệu, Tiêu ngữ, the rules under them, issuing body,
Số line, date line, type name and trích yếu, căn cứ, Kính gửi, signature block, Nơi nhận."""

from __future__ import annotations

import re

from service.domain.checking import text as tx
from service.domain.checking.checks_format import check_slot
from service.domain.checking.engine import Ctx
from service.domain.checking.layout import CELL_MARGINS, Line, RuleMark, text_width

_SYMBOL_SPACES = re.compile(r"\S\s+-|-\s+\S")


def _width(lines: list[Line]) -> int:
    return max((text_width(ln) for ln in lines), default=0)


def _rule_length(ctx: Ctx, ma: str, rule: RuleMark, lines: list[Line], lo: float, hi: float) -> None:
    if rule.width is None or rule.kind == "underline":
        return
    text = _width(lines)
    if text <= 0:
        return
    ratio = rule.width / text
    if not lo <= ratio <= hi:
        ctx.add(ma, rule.para, f"đường kẻ bằng {ratio:.2f} dòng chữ".replace(".", ","))


def _too_narrow(line: Line) -> bool:
    """The line is wider than its table cell (Word and LibreOffice wrap it)."""
    p = line.para
    if not p.cell_width or line.right or "\t" in p.text:
        return False
    room = p.cell_width - CELL_MARGINS - p.ind_left - p.ind_right
    return text_width(line) > room + 20


def check_header(ctx: Ctx) -> None:
    lay = ctx.layout
    if lay.quoc_hieu is None:
        first = ctx.doc.sections[0] if ctx.doc.sections else None
        parts = [*first.headers.values()] if first is not None else []
        if any(tx.QUOC_HIEU in tx.tieu_chuan(hf.text) for hf in parts):
            ctx.add("quoc_hieu.dau_trang", 0, "trong đầu trang (header)")
        else:
            ctx.add("quoc_hieu.thieu", 0, "không có")
    else:
        key = tx.tieu_chuan(lay.quoc_hieu.text)
        if (
            key != tx.QUOC_HIEU
            and tx.tieu_chuan(lay.quoc_hieu.para.text).replace("\n", " ").strip() != tx.QUOC_HIEU
        ):
            ctx.add("quoc_hieu.chu", lay.quoc_hieu, lay.quoc_hieu.text)
        elif key != tx.QUOC_HIEU or _too_narrow(lay.quoc_hieu):
            ctx.add("quoc_hieu.xuong_dong", lay.quoc_hieu, "hai dòng")
        check_slot(ctx, "quoc_hieu", [lay.quoc_hieu])
    if lay.quoc_hieu is not None and lay.tieu_ngu is None:
        ctx.add("tieu_ngu.thieu", lay.quoc_hieu, "không có")
    if lay.tieu_ngu is not None:
        text = tx.gon(lay.tieu_ngu.text).replace("–", "-")
        if tx.nfc(text) != tx.TIEU_NGU and tx.gon(lay.tieu_ngu.text) != tx.TIEU_NGU:
            ctx.add("tieu_ngu.chu", lay.tieu_ngu, lay.tieu_ngu.text)
        check_slot(ctx, "tieu_ngu", [lay.tieu_ngu])
        if lay.tieu_ngu_rule is None:
            ctx.add("tieu_ngu.duong_ke", lay.tieu_ngu, "không có đường kẻ")
        else:
            _rule_length(ctx, "tieu_ngu.do_dai_ke", lay.tieu_ngu_rule, [lay.tieu_ngu], 0.75, 1.3)
    if not lay.co_quan and lay.quoc_hieu is not None:
        ctx.add("co_quan.thieu", lay.quoc_hieu, "không có")
    check_slot(ctx, "co_quan_chu_quan", lay.chu_quan)
    check_slot(ctx, "co_quan_ban_hanh", lay.co_quan)
    if lay.co_quan:
        if lay.co_quan_rule is None:
            ctx.add("co_quan.duong_ke", lay.co_quan[-1], "không có đường kẻ")
        else:
            _rule_length(ctx, "co_quan.do_dai_ke", lay.co_quan_rule, lay.co_quan, 0.25, 0.6)
    _so(ctx)
    _ngay(ctx)


def _so(ctx: Ctx) -> None:
    lay = ctx.layout
    line = lay.so
    if line is None:
        if lay.quoc_hieu is not None and ctx.profile.get("so", True):
            ctx.add("so_ky_hieu.thieu", lay.co_quan[-1] if lay.co_quan else lay.quoc_hieu, "không có")
        return
    check_slot(ctx, "so_ky_hieu", [line])
    m = tx.SO_RE.match(line.text)
    if not m:
        return
    if not m.group(1):
        ctx.add("so_ky_hieu.dau_hai_cham", line, line.text)
    rest = m.group(2)
    if "/" not in rest:
        ctx.add("so_ky_hieu.gach_cheo", line, line.text)
        return
    number, _, symbol = rest.partition("/")
    number = number.strip()
    if number.isdigit() and int(number) < 10 and len(number) < 2:
        ctx.add("so_ky_hieu.so_0", line, f"Số: {number}", f"Số: {int(number):02d}")
    if _SYMBOL_SPACES.search(symbol.strip()) or " " in symbol.strip():
        ctx.add("so_ky_hieu.cach_chu", line, symbol.strip(), re.sub(r"\s+", "", symbol))
    abbr = ctx.profile.get("viet_tat")
    if (
        abbr
        and not symbol.strip().upper().startswith(abbr.upper() + "-")
        and symbol.strip().upper() != abbr.upper()
    ):
        ctx.add("so_ky_hieu.chu_viet_tat", line, symbol.strip(), f"{abbr}-…")


def _ngay(ctx: Ctx) -> None:
    lay = ctx.layout
    line = lay.ngay
    if line is None:
        if lay.quoc_hieu is not None and ctx.profile.get("ngay", True):
            ctx.add("ngay_thang.thieu", lay.tieu_ngu or lay.quoc_hieu, "không có")
        return
    check_slot(ctx, "ngay_thang", [line])
    text = line.text
    m = tx.NGAY_RE.search(text)
    if not m:
        ctx.add("ngay_thang.day_du", line, text, "ngày … tháng … năm …")
        return
    place = text[: m.start()].strip()
    if place and not place.endswith(","):
        ctx.add("ngay_thang.dau_phay", line, place, place + ",")
    words = [wd for wd in place.rstrip(",").split() if wd[:1].isalpha()]
    if words and any(wd[0].islower() for wd in words):
        fixed = " ".join(wd[:1].upper() + wd[1:] for wd in place.rstrip(",").split())
        ctx.add("ngay_thang.viet_hoa_dia_danh", line, place.rstrip(","), fixed)
    day, month = m.group(1).strip(), m.group(2).strip()
    problems = []
    want_day = day
    if day.isdigit():
        want_day = f"{int(day):02d}" if int(day) < 10 else str(int(day))
    want_month = month
    if month.isdigit():
        want_month = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
    if day.isdigit() and day != want_day:
        problems.append(f"ngày {day}")
    if month.isdigit() and month != want_month:
        problems.append(f"tháng {month}")
    if problems:
        ctx.add("ngay_thang.so_0", line, ", ".join(problems), f"ngày {want_day} tháng {want_month}")


def check_title(ctx: Ctx) -> None:
    lay = ctx.layout
    if (
        lay.ten_loai is None
        and not lay.vv
        and ctx.profile.get("ten_loai", True)
        and lay.quoc_hieu is not None
    ):
        where = lay.body[0] if lay.body else lay.quoc_hieu
        ctx.add("ten_loai.thieu", where, "không thấy")
    if lay.ten_loai is not None:
        check_slot(ctx, "ten_loai", [lay.ten_loai])
        if not lay.trich_yeu and ctx.profile.get("trich_yeu", True):
            ctx.add("trich_yeu.thieu", lay.ten_loai, "không có")
        check_slot(ctx, "trich_yeu", lay.trich_yeu)
        if lay.trich_yeu and lay.trich_yeu_rule is None:
            ctx.add("trich_yeu.duong_ke", lay.trich_yeu[-1], "không có đường kẻ")
        elif lay.trich_yeu_rule is not None:
            _rule_length(ctx, "trich_yeu.do_dai_ke", lay.trich_yeu_rule, lay.trich_yeu, 0.25, 0.6)
    if lay.vv:
        check_slot(ctx, "trich_yeu_cong_van", lay.vv)
    elif ctx.profile.get("vv") and lay.so is not None:
        ctx.add("trich_yeu.vv", lay.so, "không có dòng V/v")
    check_slot(ctx, "tham_quyen", lay.tham_quyen)
    if ctx.profile.get("tham_quyen") and not lay.tham_quyen and lay.trich_yeu:
        ctx.add("tham_quyen.thieu", lay.trich_yeu[-1], "không có")
    _can_cu(ctx)
    label = ctx.profile.get("nhan_quyet_dinh")
    if lay.quyet_dinh is not None:
        check_slot(ctx, "quyet_dinh", [lay.quyet_dinh])
    elif label and lay.body and any(tx.DIEU_RE.match(ln.text) for ln in lay.body):
        ctx.add("quyet_dinh.thieu", lay.body[0], "không có", label)
    _kinh_gui(ctx)


def _can_cu(ctx: Ctx) -> None:
    lines = ctx.layout.can_cu
    check_slot(ctx, "can_cu", lines)
    strict = ctx.profile.get("can_cu_chat", False) or ctx.layout.quyet_dinh is not None
    for i, ln in enumerate(lines):
        last = i == len(lines) - 1
        end = ln.text.rstrip()[-1:]
        if not last and end != ";":
            ctx.add("can_cu.dau_cau", ln, f"kết thúc bằng “{end}”", "kết thúc bằng “;”")
        elif last and strict and end != ".":
            ctx.add("can_cu.dau_cau", ln, f"kết thúc bằng “{end}”", "căn cứ cuối kết thúc bằng “.”")


def _kinh_gui(ctx: Ctx) -> None:
    lines = ctx.layout.kinh_gui
    if not lines:
        if ctx.profile.get("kinh_gui") == "bat_buoc" and ctx.layout.quoc_hieu is not None:
            where = ctx.layout.body[0] if ctx.layout.body else ctx.layout.quoc_hieu
            ctx.add("kinh_gui.thieu", where, "không có")
        return
    check_slot(ctx, "kinh_gui", lines, align=False)
    first = lines[0]
    m = tx.KINH_GUI_RE.match(first.text)
    if m and not m.group(1):
        ctx.add("kinh_gui.dau_hai_cham", first, first.text, "Kính gửi:")
    items = lines[1:]
    for i, ln in enumerate(items):
        want = "." if i == len(items) - 1 else ";"
        if not tx.DASH_RE.match(ln.text) or not ln.text.endswith(want):
            ctx.add("kinh_gui.dau_cau", ln, ln.text, f"- …{want}")


def check_closing(ctx: Ctx) -> None:
    lay = ctx.layout
    if lay.quoc_hieu is None and lay.noi_nhan_label is None and not lay.signatures:
        return
    where_end = lay.body[-1] if lay.body else lay.quoc_hieu
    if lay.noi_nhan_label is None:
        ctx.add("noi_nhan.thieu", where_end, "không có")
    else:
        label = lay.noi_nhan_label
        check_slot(ctx, "noi_nhan_nhan", [label], align=False)
        m = tx.NOI_NHAN_RE.match(label.text)
        if m and not m.group(1):
            ctx.add("noi_nhan.dau_hai_cham", label, label.text)
        _noi_nhan_items(ctx)
    if not lay.signatures or not any(s.quyen_han for s in lay.signatures):
        ctx.add("chu_ky.thieu", lay.noi_nhan_label or where_end, "không thấy")
    for sig in lay.signatures:
        check_slot(ctx, "quyen_han", sig.quyen_han)
        for ln in sig.quyen_han:
            m = tx.SIGN_RE.match(ln.text)
            if m and (not m.group(2) or "/" in m.group(1)):
                fixed = m.group(1).replace("/", "").upper() + "."
                ctx.add("chu_ky.viet_tat", ln, ln.text.split()[0], fixed)
        if sig.ho_ten is None:
            if sig.quyen_han:
                ctx.add("ho_ten.thieu", sig.quyen_han[-1], "không thấy")
            continue
        check_slot(ctx, "ho_ten", [sig.ho_ten])
        if tx.ACADEMIC_RE.match(sig.ho_ten.text):
            ctx.add("ho_ten.hoc_vi", sig.ho_ten, sig.ho_ten.text)


def _noi_nhan_items(ctx: Ctx) -> None:
    lay = ctx.layout
    items = lay.noi_nhan
    check_slot(ctx, "noi_nhan", items, align=False)
    luu_at = None
    for i, ln in enumerate(items):
        if tx.LUU_RE.match(ln.text):
            luu_at = i
    for i, ln in enumerate(items):
        if i == luu_at:
            continue
        if not tx.DASH_RE.match(ln.text) and not re.match(r"^[A-ZĐ]{1,6}\.?\s*\(\d+\)", ln.text):
            ctx.add("noi_nhan.gach_dau_dong", ln, ln.text, "- " + ln.text)
        elif luu_at is None or i < luu_at:
            if not ln.text.endswith(";"):
                ctx.add("noi_nhan.dau_cham_phay", ln, ln.text, ln.text.rstrip(".,:") + ";")
    if luu_at is None:
        ctx.add("noi_nhan.thieu_luu", items[-1] if items else lay.noi_nhan_label, "không có dòng Lưu")
    else:
        ln = items[luu_at]
        m = tx.LUU_RE.match(ln.text)
        rest = m.group(2).strip() if m else ""
        ok = (
            m is not None
            and tx.DASH_RE.match(ln.text)
            and m.group(1) == ":"
            and re.match(r"^VT\b", rest) is not None
            and ln.text.endswith(".")
        )
        if not ok:
            ctx.add("noi_nhan.luu", ln, ln.text)
    if lay.kinh_gui and items and not re.match(r"^-\s*Như trên", items[0].text, re.IGNORECASE):
        ctx.add("noi_nhan.nhu_tren", items[0], items[0].text, "- Như trên;")
