"""The page blocks every kind is assembled from, as docxtpl template WordprocessingML.

Each block is a function of the kind returning XML with docxtpl tags ({{ … }}, {%p … %},
{%tr … %}) over the names service.domain.context provides; a kind lists the blocks of its
page by name (`DocumentKind.blocks`) and `BLOCKS` maps each name to its builder. Pure string
builders: no docx library. Figures come from service.domain.page (the one place of the
page geometry) and nd30-style.md §2–§4:

* Header table 3,686 + 5,953, about 40:60, centred on the 9,355 text block.
* Body: justified, first-line indent 567 (1 cm), 6 pt before each paragraph, 1.15 lines.
* Page numbers: centred in the header, 13 pt, none on the first page (titlePg).
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape as text_xml  # quotes stay literal for Jinja

from service.adapters.docx_xml import rule_paragraph, section_break, section_properties
from service.domain.do_rong import do_rong_twips
from service.domain.kind import DocumentKind
from service.domain.optional_parts import MAIN
from service.domain.page import (
    CELL_MAR,
    HEAD_IND,
    HEAD_L,
    HEAD_R,
    SIGN_L,
    SIGN_R,
    TEXT_W,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


# ---------------------------------------------------------------- paragraph helpers
def run(text: str, *, b: bool = False, i: bool = False, sz: int | None = None) -> str:
    rpr = ("<w:b/><w:bCs/>" if b else "") + ("<w:i/><w:iCs/>" if i else "")
    if sz:
        rpr += f'<w:sz w:val="{sz * 2}"/><w:szCs w:val="{sz * 2}"/>'
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>'


def para(
    *runs: str,
    style: str | None = None,
    jc: str | None = None,
    before: int | None = None,
    after: int | None = None,
    ind: tuple[int, int, int] | None = None,
    keep_next: bool = False,
    b: bool = False,
    i: bool = False,
    sz: int | None = None,
    page_break_before: bool = False,
    border_top: bool = False,
) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += "<w:keepNext/>" if keep_next else ""
    ppr += "<w:pageBreakBefore/>" if page_break_before else ""
    ppr += (
        '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>' if border_top else ""
    )
    if before is not None or after is not None:
        ppr += f'<w:spacing w:before="{before or 0}" w:after="{after or 0}"/>'
    if ind is not None:
        ppr += f'<w:ind w:left="{ind[0]}" w:right="{ind[1]}" w:firstLine="{ind[2]}"/>'
    ppr += f'<w:jc w:val="{jc}"/>' if jc else ""
    mark = ("<w:b/><w:bCs/>" if b else "") + ("<w:i/><w:iCs/>" if i else "")
    if sz:
        mark += f'<w:sz w:val="{sz * 2}"/><w:szCs w:val="{sz * 2}"/>'
    ppr += f"<w:rPr>{mark}</w:rPr>" if mark else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def line(text: str, **kw) -> str:
    """A one-run paragraph whose run carries the same b/i/sz as its paragraph mark."""
    return para(run(text, b=kw.get("b", False), i=kw.get("i", False), sz=kw.get("sz")), **kw)


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl paragraph-level tag ({%p … %} or {{p … }})."""
    return f'<w:p><w:r><w:t xml:space="preserve">{text_xml(text)}</w:t></w:r></w:p>'


def loop(var: str, seq: str, body: str) -> str:
    return tag(f"{{%p for {var} in {seq} %}}") + body + tag("{%p endfor %}")


def cell(width: int, content: str, *, v: str = "top") -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{v}"/></w:tcPr>{content}</w:tc>'
    )


def table(widths: list[int], rows: list[str], *, ind: int = 0, borders: bool = False) -> str:
    kind = "single" if borders else "nil"
    size = ' w:sz="4" w:space="0" w:color="000000"' if borders else ""
    bdr = "".join(
        f'<w:{s} w:val="{kind}"{size}/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{ind}" w:type="dxa"/>'
        f'<w:tblBorders>{bdr}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MAR}" w:type="dxa"/><w:right w:w="{CELL_MAR}" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="0"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
        + "".join(rows)
        + "</w:tbl>"
    )


def row(*cells: str, cant_split: bool = True, header: bool = False) -> str:
    trpr = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"


def tag_row(text: str, ncols: int, widths: list[int]) -> str:
    """A table row holding a {%tr … %} tag (docxtpl removes the whole row)."""
    return row(cell(widths[0], tag(text)), *(cell(w, para()) for w in widths[1:ncols]))


# ---------------------------------------------------------------- document pieces
def _header_top() -> tuple[str, str]:
    """The header's first row: issuing bodies with their rule (ô 2) | Quốc hiệu, Tiêu ngữ (ô 1)."""
    inner_l = HEAD_L - 2 * CELL_MAR
    inner_r = HEAD_R - 2 * CELL_MAR
    left = (
        loop("d", "co_quan_chu_quan", line("{{ d }}", jc="center", sz=13))
        + loop("d", "co_quan_ban_hanh", line("{{ d }}", jc="center", b=True, sz=13))
        + tag(f"{{{{p duong_ke(gach_co_quan, {inner_l}) }}}}")
    )
    right = (
        line(QUOC_HIEU, jc="center", b=True, sz=13)
        + line(TIEU_NGU, jc="center", b=True, sz=14)
        + rule_paragraph(do_rong_twips(TIEU_NGU, 14, dam=True), inner_r)
    )
    return left, right


def header_block(kind: DocumentKind) -> str:
    inner_l = HEAD_L - 2 * CELL_MAR
    inner_r = HEAD_R - 2 * CELL_MAR
    left, right = _header_top()
    so = (
        line("{{ dong_so }}", jc="center", sz=13, before=120)
        # ô 10a and 10b: the secrecy and urgency marks, framed, at the left under the number
        + tag(f"{{{{p khung(do_mat, 0, {inner_l}, {inner_l}, false) }}}}")
        + tag(f"{{{{p khung(do_khan, 0, {inner_l}, {inner_l}, false) }}}}")
    )
    ngay = line("{{ dong_ngay }}", jc="center", i=True, sz=14, before=120)
    # ô 11: the circulation notice, framed, centred above the Quốc hiệu
    luu_hanh = tag(f"{{{{p khung(pham_vi_luu_hanh, {HEAD_IND + HEAD_L + CELL_MAR}, {inner_r}, {TEXT_W}) }}}}")
    return luu_hanh + table(
        [HEAD_L, HEAD_R],
        [row(cell(HEAD_L, left), cell(HEAD_R, right)), row(cell(HEAD_L, so), cell(HEAD_R, ngay))],
        ind=HEAD_IND,
    )


def title_block(kind: DocumentKind) -> str:
    """The type name in capitals (none for a kind without one) and the trích yếu under it."""
    ten_loai = (
        line(kind.ten_loai, jc="center", b=True, sz=14, before=480, keep_next=True) if kind.ten_loai else ""
    )
    return (
        ten_loai
        + loop("d", "trich_yeu", line("{{ d }}", jc="center", b=True, sz=14, keep_next=True))
        + tag(f"{{{{p duong_ke(gach_trich_yeu, {TEXT_W}) }}}}")
    )


def _kinh_gui(left: int, before: int) -> str:
    """One recipient on the Kính gửi line, centred; several: "Kính gửi:" `left` twips from the
    margin, then one per line with the dashes aligned under its colon (Phụ lục I, ô 9a)."""
    dash = left + do_rong_twips("Kính gửi", 14)
    return (
        tag("{%p if kinh_gui|length == 1 %}")
        + line("{{ kinh_gui[0] }}", jc="center", sz=14, before=before)
        + tag("{%p elif kinh_gui %}")
        + line("{{ kinh_gui[0] }}", jc="left", sz=14, before=before, ind=(left, 0, 0))
        + loop("d", "kinh_gui[1:]", line("{{ d }}", jc="left", sz=14, ind=(dash, 0, 0)))
        + tag("{%p endif %}")
    )


def kinh_gui_block(kind: DocumentKind) -> str:
    """Kính gửi under the trích yếu (báo cáo, tờ trình): "Kính gửi:" 3 cm from the margin."""
    return _kinh_gui(1701, 240)


BODY_STYLES = {
    "muc": "VBMuc",
    "khoan_tieu_de": "VBKhoanTieuDe",
    "khoan": "VBKhoan",
    "diem": "VBDiem",
    "gach": "VBGach",
    "cong": "VBCong",
}


def _level_chain(keep_next: bool, width: str = str(TEXT_W)) -> list[str]:
    """One paragraph per outline level, chosen by {%p if k.kieu == … %}."""
    parts = []
    for n, (kieu, style) in enumerate(BODY_STYLES.items()):
        parts.append(tag(f'{{%p {"if" if n == 0 else "elif"} k.kieu == "{kieu}" %}}'))
        parts.append(para(run("{{ k.text }}"), style=style, keep_next=keep_next))
    # articles and the divisions of an issued document (service.domain.dieu)
    parts.append(tag('{%p elif k.kieu == "dieu" %}'))
    parts.append(para(run("{{ k.nhan }}", b=True), run(" {{ k.text }}"), style="VBDoan", keep_next=keep_next))
    parts.append(tag('{%p elif k.kieu == "dieu_tieu_de" %}'))
    parts.append(para(run("{{ k.nhan }} {{ k.text }}", b=True), style="VBDieu"))
    parts.append(tag('{%p elif k.kieu in ("chuong", "muc_so") %}'))
    parts.append(para(run("{{ k.text }}"), style="VBChuong"))
    parts.append(tag('{%p elif k.kieu in ("chuong_ten", "muc_ten") %}'))
    parts.append(para(run("{{ k.text }}"), style="VBChuongTen"))
    parts.append(tag('{%p elif k.kieu == "bang" %}'))
    parts.append(tag(f"{{{{p bang(k, {width}) }}}}"))
    parts.append(tag("{%p else %}"))
    parts.append(para(run("{{ k.text }}"), style="VBDoan", keep_next=keep_next))
    parts.append(tag("{%p endif %}"))
    return parts


def _blocks(seq: str) -> str:
    """Each block of `seq` styled by its level; the last one kept with what follows (the
    signature block), so a signature never stands alone on the last page."""
    parts = [tag(f"{{%p for k in {seq} %}}"), tag("{%p if loop.last %}")]
    parts += _level_chain(keep_next=True)
    parts.append(tag("{%p else %}"))
    parts += _level_chain(keep_next=False)
    parts += [tag("{%p endif %}"), tag("{%p endfor %}")]
    return "".join(parts)


def body_block(kind: DocumentKind) -> str:
    """The body (`khoi`): each block styled by its level, the last kept with the signature."""
    return _blocks("khoi")


def signature_block(kind: DocumentKind) -> str:
    """Nơi nhận (left) beside the signer (right), both starting level, in one unsplittable row."""
    left = line("Nơi nhận:", jc="left", b=True, i=True, sz=12) + loop(
        "d", "noi_nhan", line("{{ d }}", jc="left", sz=11)
    )
    right = (
        loop("d", "chu_ky.quyen_han", line("{{ d }}", jc="center", b=True, sz=14))
        + line("{{ chu_ky.chuc_vu }}", jc="center", b=True, sz=14)
        + "".join(para(sz=14) for _ in range(4))
        + line("{{ chu_ky.ho_ten }}", jc="center", b=True, sz=14, before=240)
    )
    spacer = para(before=240, sz=8, keep_next=True)
    return spacer + table([SIGN_L, SIGN_R], [row(cell(SIGN_L, left), cell(SIGN_R, right))])


def _list_table(widths: list[int], headings: list[str], var: str, seq: str, fields: list[str]) -> str:
    """A bordered 13 pt list table: a bold header row repeated on every page, then one row per
    entry of `seq` (a {%tr for %} loop); the first column (STT) centred."""

    def text(value: str, jc: str, bold: bool = False) -> str:
        return line(value, jc=jc, b=bold, sz=13, before=40, after=40)

    header = row(
        *(cell(w, text(h, "center", True)) for w, h in zip(widths, headings, strict=True)), header=True
    )
    body = row(
        *(
            cell(w, text(f"{{{{ {var}.{f} }}}}", "center" if i == 0 else "left"))
            for i, (w, f) in enumerate(zip(widths, fields, strict=True))
        )
    )
    n = len(widths)
    return table(
        widths,
        [
            header,
            tag_row(f"{{%tr for {var} in {seq} %}}", n, widths),
            body,
            tag_row("{%tr endfor %}", n, widths),
        ],
        borders=True,
    )


def danh_sach_block(kind: DocumentKind) -> str:
    """The attached list: a new section (own page numbers), title, reference line, tables."""
    tap_the = _list_table(
        [850, 6000, TEXT_W - 6850],
        ["STT", "Tên tập thể", "Ghi chú"],
        "t",
        "danh_sach.tap_the",
        ["stt", "ten", "ghi_chu"],
    )
    ca_nhan = _list_table(
        [850, 3000, 3800, TEXT_W - 7650],
        ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Ghi chú"],
        "c",
        "danh_sach.ca_nhan",
        ["stt", "ho_ten", "chuc_vu_don_vi", "ghi_chu"],
    )
    section_end = section_break(MAIN)
    return (
        tag("{%p if danh_sach %}")
        + section_end
        + line("DANH SÁCH", jc="center", b=True, sz=14)
        + loop("d", "danh_sach.tieu_de", line("{{ d }}", jc="center", b=True, sz=14))
        + line("{{ danh_sach.kem_theo }}", jc="center", i=True, sz=14)
        + tag(f"{{{{p duong_ke(danh_sach.gach, {TEXT_W}) }}}}")
        + tag("{%p if danh_sach.tap_the %}")
        + line("{{ danh_sach.muc_tap_the }}", jc="left", b=True, sz=14, before=240, after=120, keep_next=True)
        + tap_the
        + tag("{%p endif %}")
        + tag("{%p if danh_sach.ca_nhan %}")
        + line("{{ danh_sach.muc_ca_nhan }}", jc="left", b=True, sz=14, before=240, after=120, keep_next=True)
        + ca_nhan
        + tag("{%p endif %}")
        + tag("{%p endif %}")
    )


def quyet_dinh_block(kind: DocumentKind) -> str:
    """Authority (CAPS bold), căn cứ (italic), QUYẾT ĐỊNH:, then the articles (`khoi_dieu`: a
    bold `Điều n.` label, or a bold titled line, and their khoản and điểm)."""
    return (
        line("{{ tham_quyen }}", jc="center", b=True, sz=14, before=360, after=120)
        + loop("c", "can_cu", para(run("{{ c }}"), style="VBCanCu"))
        + line("QUYẾT ĐỊNH:", jc="center", b=True, sz=14, before=240, after=120, keep_next=True)
        + _blocks("khoi_dieu")
    )


def van_ban_kem_theo_block(kind: DocumentKind) -> str:
    """The document a decision issues (Mẫu 1.3), when there is one: a new section numbered from
    1, its own header without Số and date, the type name and trích yếu (bold 14), the
    `(Ban hành kèm theo Quyết định số … ngày … của …)` line (italic 14) and a short rule, then
    its Chương / Mục / Điều body ending ./.; no signature of its own."""
    left, right = _header_top()
    vb = "van_ban_kem_theo"
    return (
        tag(f"{{%p if {vb} %}}")
        + section_break(MAIN)
        + table([HEAD_L, HEAD_R], [row(cell(HEAD_L, left), cell(HEAD_R, right))], ind=HEAD_IND)
        + line(f"{{{{ {vb}.ten_loai }}}}", jc="center", b=True, sz=14, before=480, keep_next=True)
        + loop("d", f"{vb}.trich_yeu", line("{{ d }}", jc="center", b=True, sz=14, keep_next=True))
        + line(f"{{{{ {vb}.kem_theo }}}}", jc="center", i=True, sz=14, keep_next=True)
        + tag(f"{{{{p duong_ke({vb}.gach, {TEXT_W}) }}}}")
        + loop("k", f"{vb}.khoi", "".join(_level_chain(keep_next=False)))
        + tag("{%p endif %}")
    )


Block = Callable[[DocumentKind], str]

# Every shared block by the name a kind lists it under, in no particular order.
BLOCKS: dict[str, Block] = {
    "header": header_block,
    "title": title_block,
    "kinh_gui": kinh_gui_block,
    "body": body_block,
    "quyet_dinh": quyet_dinh_block,
    "signature": signature_block,
    "danh_sach": danh_sach_block,
    "van_ban_kem_theo": van_ban_kem_theo_block,
}


def phu_luc_block(kind: DocumentKind) -> str:
    """The appendices (Mẫu 2.1), every kind: each in a section of its own (numbered from 1,
    portrait or landscape), `Phụ lục I` (14 B), its title (CAPS 14 B), the reference line
    (14 I) and a short rule, then its body (tables as wide as its page, header rows repeated)."""
    return loop(
        "pl",
        "phu_luc",
        tag("{{p ngat_phan(pl.truoc) }}")
        + line("{{ pl.nhan }}", jc="center", b=True, sz=14, keep_next=True)
        + loop("d", "pl.tieu_de", line("{{ d }}", jc="center", b=True, sz=14, keep_next=True))
        + line("{{ pl.kem_theo }}", jc="center", i=True, sz=14, keep_next=True)
        + tag("{{p duong_ke(pl.gach, pl.rong) }}")
        + loop("k", "pl.khoi", "".join(_level_chain(keep_next=False, width="pl.rong"))),
    )


def document_xml(kind: DocumentKind) -> str:
    """word/document.xml of `kind`'s template: its blocks in order, the appendices every kind may
    have, then the final section (static: the main section's; docx_render computes it when
    sections follow)."""
    unknown = [name for name in kind.blocks if name not in BLOCKS]
    if unknown:
        raise KeyError(f"kind {kind.id!r}: unknown blocks {unknown}; known: {sorted(BLOCKS)}")
    body = "".join(BLOCKS[name](kind) for name in kind.blocks) + phu_luc_block(kind)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {W} {R}><w:body>{body}{section_properties()}</w:body></w:document>"
    )


# The blocks of Phụ lục III's forms (công văn, giấy mời, biên bản …) live in their own module,
# built on the helpers above; importing it registers them in BLOCKS.
from service.adapters import docx_blocks_mau  # noqa: E402, F401
