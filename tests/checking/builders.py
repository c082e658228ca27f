"""Correct documents laid out without the service: python-docx directly, as a clerk would type
them in Word — a header table or tabs, line breaks inside paragraphs, named styles instead of
direct formatting, rules drawn as borders or typed underscores.

`build(spec)` returns the .docx bytes and the paragraph index of each element (`roles`), so a
test can seed one fault and assert that the finding lands on the right paragraph.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from service.adapters.docx_reader import iter_paragraphs
from service.domain.do_rong import do_rong_twips

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}  # fmt: skip

# The formatting of each element in a correct document.
FORMAT: dict[str, dict[str, Any]] = {
    "chu_quan": {"size": 13, "align": "center"},
    "co_quan": {"size": 13, "bold": True, "align": "center"},
    "quoc_hieu": {"size": 13, "bold": True, "align": "center"},
    "tieu_ngu": {"size": 14, "bold": True, "align": "center"},
    "so": {"size": 13, "align": "center"},
    "vv": {"size": 12, "align": "center"},
    "ngay": {"size": 14, "italic": True, "align": "center"},
    "ten_loai": {"size": 14, "bold": True, "align": "center", "before": 24},
    "trich_yeu": {"size": 14, "bold": True, "align": "center"},
    "tham_quyen": {"size": 14, "bold": True, "align": "center", "before": 12},
    "can_cu": {"size": 14, "italic": True, "align": "both", "indent": 567, "before": 6},
    "quyet_dinh": {"size": 14, "bold": True, "align": "center", "before": 12},
    "kinh_gui": {"size": 14, "align": "left", "indent": 1985, "before": 6},
    "body": {"size": 14, "align": "both", "indent": 567, "before": 6, "line": 1.15},
    "muc": {"size": 14, "bold": True, "align": "both", "indent": 567, "before": 6},
    "khoan_title": {"size": 14, "bold": True, "align": "both", "indent": 567, "before": 6},
    "noi_nhan_label": {"size": 12, "bold": True, "italic": True, "align": "left", "before": 12},
    "noi_nhan": {"size": 11, "align": "left"},
    "quyen_han": {"size": 14, "bold": True, "align": "center", "before": 12},
    "ho_ten": {"size": 14, "bold": True, "align": "center"},
    "phu_luc": {"size": 14, "bold": True, "align": "center"},
    "phu_luc_ten": {"size": 14, "bold": True, "align": "center"},
    "kem_theo": {"size": 14, "italic": True, "align": "center"},
}


@dataclass
class Spec:
    loai: str = "KẾ HOẠCH"
    layout: str = "table"  # table | tabs | breaks | styles
    chu_quan: list[str] = field(default_factory=list)
    co_quan: list[str] = field(default_factory=lambda: ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"])
    quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    so: str = "Số: 05/KH-UBND"
    ngay: str = "Thái Nguyên, ngày 05 tháng 02 năm 2026"
    vv: str = ""
    trich_yeu: str = "Triển khai công tác cải cách hành chính năm 2026"
    tham_quyen: str = ""
    can_cu: list[str] = field(default_factory=list)
    kinh_gui: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=lambda: ["- Thường trực Tỉnh ủy;", "- Các sở, ban, ngành tỉnh;",
                                                         "- Lưu: VT, NC."])  # fmt: skip
    quyen_han: list[str] = field(
        default_factory=lambda: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    )
    ho_ten: str = "Nguyễn Văn A"
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    page_mm: tuple[float, float] = (210, 297)
    title_page: bool = True
    page_field: str = "header"  # header | footer | none
    page_align: str = "center"
    appendix: bool = False
    appendix_section: bool = True
    tieu_ngu_rule: bool = True
    ten_loai_text: str = ""  # the type name as typed (default: `loai`)
    fmt: dict[str, dict[str, Any]] = field(default_factory=dict)  # role -> overrides (a seeded fault)
    fmt_at: dict[str, dict[str, Any]] = field(default_factory=dict)  # "body:3" -> overrides


def plan(loai: str, layout: str = "table") -> Spec:
    """A correct document of the type `loai` laid out as `layout`."""
    s = Spec(loai=loai, layout=layout)
    if loai == "KẾ HOẠCH":
        s.body = [
            "Thực hiện Chương trình cải cách hành chính của tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
            "a) Nâng cao chất lượng giải quyết thủ tục hành chính cho người dân, doanh nghiệp.",
            "b) Đẩy mạnh dịch vụ công trực tuyến toàn trình trên địa bàn tỉnh Thái Nguyên.",
            "c) Bảo đảm công khai, minh bạch.", "d) Rút ngắn thời gian giải quyết hồ sơ.",
            "đ) Giảm chi phí tuân thủ.", "e) Nâng cao sự hài lòng của người dân.",
            "2. Yêu cầu", "Các cơ quan, đơn vị triển khai nghiêm túc, đúng tiến độ.",
            "II. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ",
            "- Hướng dẫn, theo dõi, kiểm tra, đôn đốc việc thực hiện Kế hoạch.",
            "- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2026.",
            "2. Các sở, ban, ngành tổ chức thực hiện Kế hoạch này./.",
        ]  # fmt: skip
    elif loai == "QUYẾT ĐỊNH":
        s.so = "Số: 09/QĐ-UBND"
        s.trich_yeu = "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
        s.tham_quyen = "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
        s.can_cu = [
            "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 20 tháng 01 năm 2026.",
        ]
        s.body = ["Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 03 tập thể.",
                  "Điều 2. Tiền thưởng thực hiện theo quy định hiện hành.",
                  "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ chịu trách nhiệm thi hành "
                  "Quyết định này./."]  # fmt: skip
        s.noi_nhan = ["- Như Điều 3;", "- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, NC."]
        s.quyen_han = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    elif loai == "CÔNG VĂN":
        s.so = "Số: 12/UBND-VX"
        s.vv = "V/v triển khai tiêm chủng mở rộng năm 2026"
        s.trich_yeu = ""
        s.kinh_gui = ["Kính gửi:", "- Sở Y tế;", "- Ủy ban nhân dân các xã, phường."]
        s.body = ["Thực hiện chỉ đạo của Bộ Y tế, Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị tổ chức triển khai "
                  "tiêm chủng mở rộng năm 2026 bảo đảm an toàn, hiệu quả.",
                  "Quá trình thực hiện, nếu có vướng mắc, báo cáo về Sở Y tế để tổng hợp./."]  # fmt: skip
        s.noi_nhan = ["- Như trên;", "- Lưu: VT, VX."]
        s.quyen_han = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    elif loai == "TỜ TRÌNH":
        s.chu_quan = ["UBND TỈNH THÁI NGUYÊN"]
        s.co_quan = ["SỞ NỘI VỤ"]
        s.so = "Số: 125/TTr-SNV"
        s.trich_yeu = "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
        s.kinh_gui = ["Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên."]
        s.body = ["Căn cứ đề nghị của các cơ quan, đơn vị, Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, "
                  "tặng Bằng khen cho 03 tập thể có thành tích xuất sắc.",
                  "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./."]  # fmt: skip
        s.noi_nhan = ["- Như trên;", "- Lưu: VT, TĐKT."]
        s.quyen_han = ["GIÁM ĐỐC"]
        s.ho_ten = "Trần Thị B"
    return s


# --------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.doc = docx.Document()
        self.roles: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(14)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        for name in ("Header", "Footer"):
            self.doc.styles[name].font.name = "Times New Roman"
        self.doc.paragraphs[0]._p.getparent().remove(
            self.doc.paragraphs[0]._p
        ) if self.doc.paragraphs else None

    def fmt(self, role: str) -> dict[str, Any]:
        base = dict(FORMAT.get(role, FORMAT["body"]))
        base.update(self.spec.fmt.get(role, {}))
        n = self.counts.get(role, 0)
        base.update(self.spec.fmt_at.get(f"{role}:{n}", {}))
        return base

    def style_for(self, role: str, f: dict[str, Any]) -> str:
        """Named style carrying the formatting (the `styles` layout), based on a shared base style."""
        name = "VB " + role + ("" if not self.spec.fmt.get(role) else " x") + f" {self.counts.get(role, 0)}"
        styles = self.doc.styles
        if "VB Cơ sở" not in [s.name for s in styles]:
            base = styles.add_style("VB Cơ sở", 1)
            base.base_style = styles["Normal"]
            base.font.name = f.get("font", "Times New Roman")
        if name not in [s.name for s in styles]:
            st = styles.add_style(name, 1)
            st.base_style = styles["VB Cơ sở"]
            _apply_run(st.font, f)
            _apply_para(st.paragraph_format, f)
        return name

    def para(self, container: Any, role: str, pieces: list[tuple[str, str]] | str) -> Any:
        """A paragraph of `pieces` [(role, text)]; "\\n" is a line break, "\\t" a tab."""
        if isinstance(pieces, str):
            pieces = [(role, pieces)]
        f = self.fmt(role)
        p = container.add_paragraph()
        if self.spec.layout == "styles" and len({r for r, _ in pieces}) == 1:
            p.style = self.style_for(role, f)
            for _, text in pieces:
                _add_text(p, text, {} if "font" not in f else {"font": f["font"]})
        else:
            _apply_para(p.paragraph_format, f)
            for r, text in pieces:
                rf = self.fmt(r)
                _add_text(p, text, rf)
                self.roles.setdefault(r, p._p)
        self.roles.setdefault(role, p._p)
        key = f"{role}:{self.counts.get(role, 0)}"
        self.roles.setdefault(key, p._p)
        self.counts[role] = self.counts.get(role, 0) + 1
        return p


def _add_text(p: Any, text: str, f: dict[str, Any]) -> None:
    parts = text.split("\n")
    for i, part in enumerate(parts):
        segs = part.split("\t")
        for j, seg in enumerate(segs):
            if seg:
                run = p.add_run(seg)
                _apply_run(run.font, f)
            if j < len(segs) - 1:
                p.add_run().add_tab()
        if i < len(parts) - 1:
            p.add_run().add_break()


def _apply_run(font: Any, f: dict[str, Any]) -> None:
    if "font" in f:
        font.name = f["font"]
    if "size" in f:
        font.size = Pt(f["size"])
    if "bold" in f:
        font.bold = f["bold"]
    if "italic" in f:
        font.italic = f["italic"]
    if "color" in f:
        from docx.shared import RGBColor

        font.color.rgb = RGBColor.from_string(f["color"])


def _apply_para(pf: Any, f: dict[str, Any]) -> None:
    if "align" in f:
        pf.alignment = ALIGN[f["align"]]
    if "indent" in f:
        pf.first_line_indent = Twips(f["indent"])
    pf.space_before = Pt(f.get("before", 0))
    pf.space_after = Pt(f.get("after", 0))
    pf.line_spacing = f.get("line", 1.0)


def _border(p: Any, side: str, left: int = 0, right: int = 0) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        el.set(qn(k), v)
    bdr.append(el)
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")
    p.paragraph_format.left_indent = Twips(left)
    p.paragraph_format.right_indent = Twips(right)


def _vml_line(p: Any, width: int) -> None:
    from docx.oxml import parse_xml

    run = p.add_run()
    run._r.append(
        parse_xml(
            '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"><v:line from="0,0" '
            f'to="{width / 20:.1f}pt,0" strokeweight="1pt"/></w:pict>'
        )
    )


def _rule_paragraph(w: _Writer, cell: Any, width: int, text_width: int) -> None:
    p = cell.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    side = max((width - text_width) // 2, 0)
    _border(p, "top", side, side)
    w.roles.setdefault("rule", p._p)


def _underscores(text_width: int, size: float = 13) -> str:
    return "_" * max(round(text_width / (size * 10)), 3)


def _width(lines: list[str], size: float, bold: bool) -> int:
    return max((do_rong_twips(x, size, dam=bold) for x in lines), default=0)


FORMAT["dieu_label"] = {"size": 14, "bold": True}
FORMAT["rule"] = {"size": 13, "align": "left"}


def _table(doc: Any, widths: list[int]) -> Any:
    t = doc.add_table(rows=1, cols=len(widths))
    t.autofit = False
    for cell, column, wd in zip(t.rows[0].cells, t.columns, widths, strict=True):
        cell.width = Twips(wd)
        column.width = Twips(wd)
    return t


def _drop_first(cell: Any) -> None:
    first = cell.paragraphs[0]._p
    first.getparent().remove(first)


def _header(w: _Writer) -> None:
    s = w.spec
    doc = w.doc
    co_width = _width(s.co_quan, 13, True)
    tn_width = _width([s.tieu_ngu], 14, True)
    if s.layout == "tabs":
        left = [*s.chu_quan, *s.co_quan]
        right = [s.quoc_hieu, s.tieu_ngu]
        roles_l = ["chu_quan"] * len(s.chu_quan) + ["co_quan"] * len(s.co_quan)
        for i in range(max(len(left), 2)):
            pieces = []
            if i < len(left):
                pieces.append((roles_l[i], left[i]))
            if i < 2:
                pieces.append(
                    (
                        "quoc_hieu" if i == 0 else "tieu_ngu",
                        ("\t\t" if i < len(left) else "\t\t\t") + right[i],
                    )
                )
            w.para(doc, pieces[0][0], pieces)
        rule_r = ("\t\t" + _underscores(tn_width)) if s.tieu_ngu_rule else ""
        w.para(doc, "rule", [("rule", _underscores(co_width * 0.4)), ("rule", rule_r)])
        w.para(doc, "so", [("so", s.so), ("ngay", "\t\t" + s.ngay)] if s.ngay else [("so", s.so)])
        if s.vv:
            w.para(doc, "vv", s.vv)
        return
    t = _table(doc, [3686, 5953])
    lc, rc = t.rows[0].cells
    if s.layout == "breaks":
        pieces = [
            (r, x + "\n")
            for r, x in [*(("chu_quan", c) for c in s.chu_quan), *(("co_quan", c) for c in s.co_quan)]
        ]
        pieces[-1] = (pieces[-1][0], pieces[-1][1].rstrip("\n"))
        w.para(lc, "co_quan", pieces)
        _rule_paragraph(w, lc, 3686 - 216, round(co_width * 0.4))
        qh = w.para(rc, "quoc_hieu", [("quoc_hieu", s.quoc_hieu + "\n"), ("tieu_ngu", s.tieu_ngu)])
        w.roles["tieu_ngu"] = qh._p
        if s.tieu_ngu_rule:  # a line drawn as a VML shape, as older Word versions insert it
            _vml_line(rc.add_paragraph(), tn_width)
    else:
        for c in s.chu_quan:
            w.para(lc, "chu_quan", c)
        for c in s.co_quan:
            w.para(lc, "co_quan", c)
        _rule_paragraph(w, lc, 3686 - 216, round(co_width * 0.4))
        w.para(rc, "quoc_hieu", s.quoc_hieu)
        w.para(rc, "tieu_ngu", s.tieu_ngu)
        if s.tieu_ngu_rule:
            _rule_paragraph(w, rc, 5953 - 216, tn_width)
    w.para(lc, "so", s.so)
    if s.vv:
        w.para(lc, "vv", s.vv)
    if s.ngay:
        w.para(rc, "ngay", s.ngay)
    _drop_first(lc)
    _drop_first(rc)


def _body_role(text: str) -> str:
    if re.match(r"^[IVX]+\. ", text):
        return "muc"
    if re.match(r"^\d+\. ", text) and not text.endswith((".", ":", ";")):
        return "khoan_title"
    return "body"


def _title_and_body(w: _Writer) -> None:
    s, doc = w.spec, w.doc
    if s.loai != "CÔNG VĂN":
        w.para(doc, "ten_loai", s.ten_loai_text or s.loai)
        tw = _width([s.trich_yeu], 14, True)
        p = w.para(doc, "trich_yeu", s.trich_yeu)
        if s.layout == "breaks":  # a line drawn as a shape, centred
            rule = doc.add_paragraph()
            rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _vml_line(rule, round(tw * 0.4))
        elif s.layout == "tabs":
            r = doc.add_paragraph()
            r.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r.add_run(_underscores(tw * 0.4, 14)).font.size = Pt(14)
        else:
            rule = doc.add_paragraph()
            side = (9355 - round(tw * 0.4)) // 2
            _border(rule, "top", side, side)
    if s.tham_quyen:
        w.para(doc, "tham_quyen", s.tham_quyen)
    if s.kinh_gui:
        for line in s.kinh_gui:
            w.para(doc, "kinh_gui", line)
    if s.layout == "breaks" and s.can_cu:
        w.para(doc, "can_cu", "\n".join(s.can_cu))
    else:
        for line in s.can_cu:
            w.para(doc, "can_cu", line)
    if s.loai == "QUYẾT ĐỊNH":
        w.para(doc, "quyet_dinh", "QUYẾT ĐỊNH:")
    i = 0
    while i < len(s.body):
        line = s.body[i]
        if s.layout == "breaks" and line.startswith("a) "):
            group = [line]
            while i + 1 < len(s.body) and s.body[i + 1][:2] in ("b)", "c)", "d)", "đ)", "e)"):
                i += 1
                group.append(s.body[i])
            p = w.para(doc, "body", "\n".join(group))
            for x in group:
                w.roles[f"text:{x[:12]}"] = p._p
            w.roles["body_last"] = p._p
            i += 1
            continue
        elif re.match(r"^Điều \d+[.:]? ", line):
            m = re.match(r"^(Điều \d+[.:]?) (.*)$", line)
            p = w.para(doc, "body", [("dieu_label", m.group(1)), ("body", " " + m.group(2))])
        else:
            p = w.para(doc, _body_role(line), line)
        w.roles[f"text:{line[:12]}"] = p._p
        w.roles["body_last"] = p._p
        i += 1


def _closing(w: _Writer) -> None:
    s, doc = w.spec, w.doc
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_before = Pt(12)
    if s.layout == "tabs":
        left = [("noi_nhan_label", "Nơi nhận:"), *(("noi_nhan", x) for x in s.noi_nhan)]
        right = [("quyen_han", x) for x in s.quyen_han]
        for i in range(max(len(left), len(right))):
            pieces = []
            if i < len(left):
                pieces.append(left[i])
            if i < len(right):
                pieces.append((right[i][0], ("\t\t" if i < len(left) else "\t\t\t") + right[i][1]))
            w.para(doc, pieces[0][0], pieces)
        for _ in range(3):
            doc.add_paragraph()
        w.para(doc, "ho_ten", [("ho_ten", "\t\t\t" + s.ho_ten)])
        return
    t = _table(doc, [3969, 5386])
    lc, rc = t.rows[0].cells
    if s.layout == "breaks":
        w.para(
            lc,
            "noi_nhan_label",
            [("noi_nhan_label", "Nơi nhận:\n")]
            + [("noi_nhan", x + ("\n" if i < len(s.noi_nhan) - 1 else "")) for i, x in enumerate(s.noi_nhan)],
        )
        for i in range(len(s.noi_nhan)):
            w.roles.setdefault(f"noi_nhan:{i}", w.roles["noi_nhan_label"])
        w.para(rc, "quyen_han", [("quyen_han", "\n".join(s.quyen_han) + "\n\n\n\n"), ("ho_ten", s.ho_ten)])
        w.roles["ho_ten"] = w.roles["quyen_han"]
    else:
        w.para(lc, "noi_nhan_label", "Nơi nhận:")
        for x in s.noi_nhan:
            w.para(lc, "noi_nhan", x)
        for x in s.quyen_han:
            w.para(rc, "quyen_han", x)
        for _ in range(4):
            rc.add_paragraph()
        w.para(rc, "ho_ten", s.ho_ten)
    _drop_first(lc)
    _drop_first(rc)


def _page_field(p: Any) -> None:
    run = p.add_run()
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        elif instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            run._r.append(it)
        else:
            run._r.append(copy.deepcopy(OxmlElement("w:t")))
            run._r[-1].text = "2"
    run.font.size = Pt(13)
    run.font.name = "Times New Roman"


def _sections(w: _Writer) -> None:
    s = w.spec
    sec = w.doc.sections[0]
    sec.page_width, sec.page_height = Mm(s.page_mm[0]), Mm(s.page_mm[1])
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Mm(x) for x in s.margins_mm)
    sec.different_first_page_header_footer = s.title_page
    if s.page_field != "none":
        part = sec.header if s.page_field == "header" else sec.footer
        p = part.paragraphs[0]
        p.alignment = ALIGN[s.page_align]
        _page_field(p)


def _appendix(w: _Writer) -> None:
    from docx.enum.section import WD_SECTION

    s, doc = w.spec, w.doc
    if s.appendix_section:
        new = doc.add_section(WD_SECTION.NEW_PAGE)
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        new._sectPr.append(num)
        new.different_first_page_header_footer = s.title_page
        first = w.para(doc, "phu_luc", "Phụ lục")
    else:
        first = w.para(doc, "phu_luc", "Phụ lục")
        first.paragraph_format.page_break_before = True
    w.para(doc, "phu_luc_ten", "DANH MỤC NHIỆM VỤ NĂM 2026")
    w.para(doc, "kem_theo", "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh "
                            "Thái Nguyên)")  # fmt: skip
    t = doc.add_table(rows=2, cols=2)
    t.style = doc.styles["Table Grid"]
    for row, texts in zip(t.rows, (("STT", "Nhiệm vụ"), ("1", "Rà soát thủ tục hành chính")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(13)


def build(spec: Spec) -> tuple[bytes, dict[str, int]]:
    """The .docx bytes of `spec` and the paragraph index of each element."""
    w = _Writer(spec)
    _header(w)
    _title_and_body(w)
    _closing(w)
    _sections(w)
    if spec.appendix:
        _appendix(w)
    out = io.BytesIO()
    w.doc.save(out)
    data = out.getvalue()
    paragraphs = list(iter_paragraphs(w.doc.element.body))  # kept alive: ids stay unique
    positions = {id(el): i for i, el in enumerate(paragraphs)}
    roles = {k: positions[id(el)] for k, el in w.roles.items() if id(el) in positions}
    return data, roles
