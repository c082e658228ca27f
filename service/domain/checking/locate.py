"""Assigning each line of a document to the element of the page it is (see layout.py)."""

from __future__ import annotations

import re

from service.domain.checking import text as tx
from service.domain.checking.layout import (
    Appendix,
    Layout,
    Line,
    Signature,
    is_rule_paragraph,
    rule_under,
    split_lines,
)
from service.domain.checking.model import Document, Paragraph
from service.domain.checking.profiles import has_trich_yeu

_MARKS = {"MẬT", "TỐI MẬT", "TUYỆT MẬT", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "LƯU HÀNH NỘI BỘ",
          "XEM XONG TRẢ LẠI", "DỰ THẢO"}  # fmt: skip
_UNIT_WORDS = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b")
_PARENT = re.compile(r"^(UBND|HĐND|BỘ|ỦY BAN NHÂN DÂN (TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|XÃ|PHƯỜNG|THỊ XÃ))\b")
_PLACEHOLDER = re.compile(r"^\(.*\)$")


def _is_mark(line: Line) -> bool:
    return tx.tieu_chuan(line.text).strip("() ") in _MARKS


def locate(doc: Document) -> Layout:
    lay = Layout(lines=[])
    header_end = _header(doc, lay)
    body_start = _title(doc, lay, header_end)
    closing_start = _closing(doc, lay, body_start)
    _body(doc, lay, body_start, closing_start)
    _appendices(doc, lay)
    return lay


# --------------------------------------------------------------------------- header


def _header(doc: Document, lay: Layout) -> int:
    paras = doc.paragraphs[: _scan_limit(doc)]
    lines = [ln for p in paras for ln in split_lines(p, tabs=True)]
    for i, ln in enumerate(lines):
        key = tx.tieu_chuan(ln.text)
        if tx.loai_van_ban(ln.text) and ln.para.table is None and lay.quoc_hieu is not None:
            break  # the type name ends the header
        qh_table = lay.quoc_hieu.para.table if lay.quoc_hieu is not None else None
        if (
            qh_table is not None
            and ln.para.table != qh_table
            and i > 0
            and lines[i - 1].para.table == qh_table
        ):
            break  # a header table ends the header
        if lay.quoc_hieu is None and (tx.QUOC_HIEU in key or key.startswith("CỘNG HÒA")):
            lay.quoc_hieu = ln
            for nxt in lines[i + 1 : i + 4]:
                k2 = tx.tieu_chuan(nxt.text)
                if "ĐỘC LẬP" in k2 or "HẠNH PHÚC" in k2:
                    lay.tieu_ngu = nxt
                    lay.tieu_ngu_rule = rule_under(doc, nxt)
                    break
        elif lay.so is None and tx.SO_RE.match(ln.text) and ("/" in ln.text or ":" in ln.text[:5]):
            lay.so = ln
        elif lay.ngay is None and (tx.NGAY_RE.search(ln.text) or tx.NUMERIC_DATE_RE.search(ln.text)):
            if lay.quoc_hieu is not None or "," in ln.text:
                lay.ngay = ln
        elif lay.so is not None and not lay.vv and tx.VV_RE.match(ln.text):
            lay.vv.append(ln)
    anchors = [x for x in (lay.quoc_hieu, lay.tieu_ngu, lay.so, lay.ngay, *lay.vv) if x is not None]
    if not anchors:
        return 0
    end = max(a.index for a in anchors)
    table = lay.quoc_hieu.para.table if lay.quoc_hieu else None
    if table is not None and doc.tables[table].paragraphs:
        end = max(end, doc.tables[table].paragraphs[-1])
    if lay.tieu_ngu_rule:
        end = max(end, lay.tieu_ngu_rule.para)
    # V/v continues under its first line in the same cell
    if lay.vv:
        first = lay.vv[0]
        for ln in lines:
            if ln.index > first.index and ln.index <= end and ln.para.table == first.para.table:
                if ln.para.col == first.para.col and not ln.right and ln not in anchors and not _is_mark(ln):
                    lay.vv.append(ln)
    _co_quan(doc, lay, lines, end)
    return end + 1


def _scan_limit(doc: Document) -> int:
    limit = min(len(doc.paragraphs), _HEADER_SCAN)
    for p in doc.paragraphs[:limit]:
        if p.table is not None:
            limit = max(limit, min(len(doc.paragraphs), doc.tables[p.table].paragraphs[-1] + 1))
            break
    return limit


_HEADER_SCAN = 40


def _co_quan(doc: Document, lay: Layout, lines: list[Line], end: int) -> None:
    stop = lay.so.index if lay.so else end + 1
    qh = lay.quoc_hieu
    fixed = {id(x) for x in (lay.quoc_hieu, lay.tieu_ngu, lay.so, lay.ngay) if x is not None}
    found: list[Line] = []
    for ln in lines:
        if ln.index > stop or (ln.index == stop and lay.so is not None):
            break
        if id(ln) in fixed or ln.right or _is_mark(ln) or is_rule_paragraph(ln.para):
            continue
        if qh is not None and ln.para.table is not None and ln.para.table == qh.para.table:
            if ln.para.col == qh.para.col:
                continue
        if lay.so is not None and lay.so.para.table is not None and ln.para.table == lay.so.para.table:
            if ln.para.col != lay.so.para.col:
                continue
        if tx.RULE_TEXT_RE.match(ln.text.replace(" ", "")):
            continue
        found.append(ln)
    if not found:
        return
    bold = [all(r.bold for r in ln.visible_runs()) for ln in found]
    split = 0
    if not bold[0] and any(bold):
        split = bold.index(True)
    elif len(found) >= 2:
        first, second = tx.tieu_chuan(found[0].text), tx.tieu_chuan(found[1].text)
        if _PARENT.match(first) and not _UNIT_WORDS.match(second):
            split = 1
    lay.chu_quan, lay.co_quan = found[:split], found[split:]
    lay.co_quan_rule = rule_under(doc, found[-1])


# --------------------------------------------------------------------------- title block


def _lines_from(doc: Document, start: int, stop: int | None = None) -> list[Line]:
    out = []
    for p in doc.paragraphs[start:stop]:
        if p.table is not None and doc.tables[p.table].borders:
            continue
        out.extend(ln for ln in split_lines(p) if ln.text)
    return out


def _title(doc: Document, lay: Layout, start: int) -> int:
    lines = [ln for ln in _lines_from(doc, start, start + 60) if not is_rule_paragraph(ln.para)]
    i = 0
    while i < len(lines) and _is_mark(lines[i]):
        i += 1
    if i < len(lines) and tx.loai_van_ban(lines[i].text):
        lay.ten_loai = lines[i]
        lay.loai = tx.loai_van_ban(lines[i].text)
        i += 1
        while i < len(lines) and len(lay.trich_yeu) < 4:
            ln = lines[i]
            if (ln.para.align != "center" or tx.CAN_CU_RE.match(ln.text) or tx.KINH_GUI_RE.match(ln.text)
                    or (tx.is_caps(ln.text) and lay.trich_yeu) or ln.text.endswith(":")
                    or not has_trich_yeu(lay.loai)):  # fmt: skip
                break
            lay.trich_yeu.append(ln)
            i += 1
            rule = rule_under(doc, ln)
            if rule:
                lay.trich_yeu_rule = rule
                break
        while i < len(lines) and tx.is_caps(lines[i].text) and lines[i].para.align == "center":
            if tx.tieu_chuan(lines[i].text).rstrip(":") in ("QUYẾT ĐỊNH", "QUYẾT NGHỊ"):
                break
            lay.tham_quyen.append(lines[i])
            i += 1
    elif lay.vv:
        lay.loai = "CÔNG VĂN"
    if i < len(lines) and tx.KINH_GUI_RE.match(lines[i].text):
        i = _kinh_gui(lay, lines, i)
    j = i
    while j < len(lines) and tx.CAN_CU_RE.match(lines[j].text):
        j += 1
    block = lines[i:j]
    decision = lay.loai in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT")
    if block and (decision or all(_italic(ln) for ln in block)):
        # The bases of issue (Mục II, 6a) head a decision; in other kinds upright "Căn cứ …" lines
        # are sentences of the body (a tờ trình argues from them), checked as body text.
        lay.can_cu = block
        i = j
    if i < len(lines) and tx.tieu_chuan(lines[i].text).rstrip(": ") in ("QUYẾT ĐỊNH", "QUYẾT NGHỊ"):
        lay.quyet_dinh = lines[i]
        i += 1
    if i < len(lines) and not lay.kinh_gui and tx.KINH_GUI_RE.match(lines[i].text):
        i = _kinh_gui(lay, lines, i)
    if i < len(lines):
        return lines[i].index
    return lines[-1].index + 1 if lines else start


def _italic(line: Line) -> bool:
    runs = line.visible_runs()
    return bool(runs) and all(r.italic for r in runs)


def _kinh_gui(lay: Layout, lines: list[Line], i: int) -> int:
    lay.kinh_gui.append(lines[i])
    m = tx.KINH_GUI_RE.match(lines[i].text)
    i += 1
    if m and not m.group(2).strip():
        while i < len(lines) and tx.DASH_RE.match(lines[i].text):
            lay.kinh_gui.append(lines[i])
            i += 1
    return i


# --------------------------------------------------------------------------- closing block


def _appendix_starts(doc: Document, after: int) -> list[int]:
    starts = []
    for s in doc.sections[1:]:
        first = next(
            (p for p in doc.paragraphs[s.first_paragraph : s.last_paragraph + 1] if p.text.strip()), None
        )
        if first is None or first.index < after:
            continue
        key = tx.tieu_chuan(first.text)
        if tx.PHU_LUC_RE.match(tx.gon(first.text)) or key == "DANH SÁCH" or tx.QUOC_HIEU in key:
            starts.append(first.index)
        elif first.table is not None and doc.tables[first.table].paragraphs[0] == first.index:
            cells = " ".join(doc.paragraphs[i].text for i in doc.tables[first.table].paragraphs[:12])
            if tx.QUOC_HIEU in tx.tieu_chuan(cells):
                starts.append(first.index)
    for p in doc.paragraphs[after:]:
        if p.table is None and p.align == "center" and tx.PHU_LUC_RE.match(tx.gon(p.text)):
            starts.append(p.index)
    return sorted(set(starts))


def _closing(doc: Document, lay: Layout, body_start: int) -> int:
    starts = _appendix_starts(doc, body_start)
    end = len(doc.paragraphs)
    label = None
    for p in doc.paragraphs[body_start:]:
        if starts and p.index >= starts[0] and label is None:
            break
        for ln in split_lines(p, tabs=True):
            if not ln.right and tx.NOI_NHAN_RE.match(ln.text) and len(ln.text) < 40:
                label = ln
                break
        if label:
            break
    later = [s for s in starts if label is None or s > label.index]
    end = later[0] if later else end
    lay.main_end = end
    lay.appendices = [Appendix(first=s, section=doc.paragraphs[s].section) for s in later]
    if label is not None and label.para.table is not None:
        return _closing_table(doc, lay, label)
    region = [ln for p in doc.paragraphs[body_start:end] for ln in split_lines(p, tabs=True) if ln.text]
    sig: list[Line] = []
    if label is not None:
        lay.noi_nhan_label = label
        k = next(
            i
            for i, ln in enumerate(region)
            if ln is label or (ln.index == label.index and ln.text == label.text)
        )
        luu_seen = False
        for ln in region[k + 1 :]:
            listed = tx.DASH_RE.match(ln.text) or tx.LUU_RE.match(ln.text)
            typed = not luu_seen and not tx.is_caps(ln.text) and ln.text.endswith((";", "."))
            if not ln.right and (listed or typed):
                lay.noi_nhan.append(ln)
                luu_seen = luu_seen or bool(tx.LUU_RE.match(ln.text))
            elif ln.para.table is None or not doc.tables[ln.para.table].borders:
                sig.append(ln)
        before = _trailing_signature(region[:k])
        sig = before + sig
        start = min([label.index] + [ln.index for ln in sig])
    else:
        sig = _trailing_signature(region)
        start = sig[0].index if sig else end
    if sig:
        lay.signatures = [_signature(sig)]
    return start


def _closing_table(doc: Document, lay: Layout, label: Line) -> int:
    table = doc.tables[label.para.table]
    lay.noi_nhan_label = label
    columns: dict[int, list[Line]] = {}
    seen_label = False
    for i in table.paragraphs:
        p = doc.paragraphs[i]
        for ln in split_lines(p):
            if not ln.text:
                continue
            if p.col == label.para.col and p.row == label.para.row:
                if seen_label:
                    lay.noi_nhan.append(ln)
                elif i == label.index and tx.NOI_NHAN_RE.match(ln.text):
                    seen_label = True
            elif p.row == label.para.row or not seen_label:
                columns.setdefault(p.col or 0, []).append(ln)
    lay.signatures = [_signature(lines) for _, lines in sorted(columns.items()) if lines]
    return table.paragraphs[0]


def _trailing_signature(region: list[Line]) -> list[Line]:
    out: list[Line] = []
    for ln in reversed(region[-12:]):
        text = ln.text
        short = (len(text) <= 70 and not text.endswith((".", ";", ":", ","))) or tx.SIGN_RE.match(text)
        if not short or (ln.para.table is not None and not out and False):
            break
        out.append(ln)
    out.reverse()
    if not any(tx.is_caps(ln.text) for ln in out):
        return []
    first_caps = next(i for i, ln in enumerate(out) if tx.is_caps(ln.text))
    return out[first_caps:]


def _signature(lines: list[Line]) -> Signature:
    sig = Signature()
    lines = [ln for ln in lines if not _PLACEHOLDER.match(ln.text)]
    if not lines:
        return sig
    last = lines[-1]
    authority = lines
    if len(lines) > 1 and (not tx.is_caps(last.text) or _gap_before(last, lines[-2])):
        sig.ho_ten = last
        authority = lines[:-1]
    elif len(lines) == 1 and not tx.is_caps(last.text):
        sig.ho_ten = last
        authority = []
    sig.quyen_han = [ln for ln in authority if tx.is_caps(ln.text) or tx.SIGN_RE.match(ln.text)]
    return sig


def _gap_before(line: Line, prev: Line) -> bool:
    return line.index - prev.index >= 2 or (line.index == prev.index and "\n\n" in line.para.text)


# --------------------------------------------------------------------------- body and appendices


def _body(doc: Document, lay: Layout, start: int, stop: int) -> None:
    lay.body = [ln for ln in _lines_from(doc, start, stop) if not is_rule_paragraph(ln.para)]


def _appendices(doc: Document, lay: Layout) -> None:
    for n, ap in enumerate(lay.appendices):
        stop = lay.appendices[n + 1].first if n + 1 < len(lay.appendices) else len(doc.paragraphs)
        start = ap.first
        table = doc.paragraphs[start].table
        if table is not None:  # an attached document's own header (Mẫu 1.3): its title follows it
            start = max(doc.tables[table].paragraphs) + 1
        lines = [
            ln for ln in _lines_from(doc, start, min(stop, start + 12)) if not is_rule_paragraph(ln.para)
        ]
        sect = doc.sections[ap.section] if ap.section < len(doc.sections) else None
        ap.own_section = bool(
            sect and sect.first_paragraph <= ap.first and _first_text(doc, sect) == ap.first
        )
        if not lines:
            continue
        i = 0
        if tx.PHU_LUC_RE.match(lines[0].text):
            ap.label = lines[0]
            i = 1
        while i < len(lines) and not tx.KEM_THEO_RE.match(lines[i].text) and len(ap.title) < 3:
            if ap.label is None and not tx.is_caps(lines[i].text) and not ap.title:
                break
            ap.title.append(lines[i])
            i += 1
        if i < len(lines) and tx.KEM_THEO_RE.match(lines[i].text):
            ap.kem_theo = lines[i]


def _first_text(doc: Document, sect: object) -> int | None:
    first = getattr(sect, "first_paragraph", 0)
    last = getattr(sect, "last_paragraph", 0)
    return next((p.index for p in doc.paragraphs[first : last + 1] if p.text.strip()), None)


def paragraph_lines(doc: Document, para: Paragraph) -> list[Line]:
    return [ln for ln in split_lines(para) if ln.text]
