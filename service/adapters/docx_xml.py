"""WordprocessingML snippets the templates insert by computation (rules, body tables).

Only numbers from the domain and text escaped here reach these strings. Element order
follows the schema (CT_PPr, CT_TblPr, …) so that Word accepts the file, not only LibreOffice.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from service.domain.page import MARGIN, PAGE_H, PAGE_W

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def text_xml(text: str) -> str:
    """Escape text for a <w:t> element (quotes too, so it is safe in attributes).

    >>> text_xml('A & B <c> "d"')
    'A &amp; B &lt;c&gt; &quot;d&quot;'
    """
    return escape(text, {'"': "&quot;"})


def rule_paragraph(length: int, width: int) -> str:
    """An empty paragraph whose top border is a solid rule `length` twips long, centred in `width`.

    >>> 'w:left="1000" w:right="1000"' in rule_paragraph(1000, 3000)
    True
    """
    length = max(0, min(int(length), int(width)))
    side = (int(width) - length) // 2
    return (
        "<w:p><w:pPr><w:pBdr>"
        '<w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
        "</w:pBdr>"
        '<w:spacing w:before="60" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="{side}" w:right="{side}" w:firstLine="0"/>'
        '<w:jc w:val="center"/>'
        '<w:rPr><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr>'
        "</w:pPr></w:p>"
    )


def duong_ke(length: int, width: int) -> Markup:
    """Template global: the rule paragraph as markup (inserted with ``{{p duong_ke(...) }}``)."""
    return Markup(rule_paragraph(length, width))


def _cell(text: str, width: int, *, bold: bool = False, center: bool = False) -> str:
    jc = '<w:jc w:val="center"/>' if center else '<w:jc w:val="left"/>'
    b = "<w:b/><w:bCs/>" if bold else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="40" w:after="40"/><w:ind w:firstLine="0"/>{jc}'
        f'<w:rPr>{b}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:pPr>'
        f'<w:r><w:rPr>{b}<w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>'
        f'<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r></w:p></w:tc>'
    )


def table_xml(header: list[str], rows: list[list[str]], total_width: int) -> str:
    """A simple bordered table of text, header row bold and repeated on every page, 13 pt."""
    ncols = max([len(header), *(len(r) for r in rows)], default=1) or 1
    col = total_width // ncols
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{col * ncols}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(ncols))
        + "</w:tblGrid>"
    ]
    if header:
        cells = header + [""] * (ncols - len(header))
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + "".join(_cell(c, col, bold=True, center=True) for c in cells)
            + "</w:tr>"
        )
    for row in rows:
        cells = row + [""] * (ncols - len(row))
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(_cell(c, col) for c in cells) + "</w:tr>"
        )
    if not header and not rows:
        parts.append("<w:tr>" + _cell("", col) + "</w:tr>")
    parts.append("</w:tbl>")
    # Word needs a paragraph between a table and whatever follows; an empty one is harmless.
    parts.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>')
    return "".join(parts)


def bang(block: dict, total_width: int = 9355) -> Markup:
    """Template global: a body table block (``{"kieu": "bang", "tieu_de", "dong"}``) as markup."""
    return Markup(
        table_xml(list(block.get("tieu_de") or []), [list(r) for r in block.get("dong") or []], total_width)
    )


def framed_paragraph(text: str, width: int, start: int, region: int, total: int, *, center: bool) -> str:
    """A bold 13 pt CAPS mark in a single-line frame `width` twips wide (ô 10a, 10b, 11): placed
    at the left of, or centred in, the stretch [`start`, `start + region`] of a container
    `total` twips wide. About 8 mm high, as the decree's urgency stamps.

    >>> x = framed_paragraph("KHẨN", 1134, 0, 3470, 3470, center=False)
    >>> 'w:left="0" w:right="2336"' in x and '<w:t xml:space="preserve">KHẨN</w:t>' in x
    True
    """
    left = int(start) + ((int(region) - int(width)) // 2 if center else 0)
    right = max(int(total) - left - int(width), 0)
    side = '<w:{s} w:val="single" w:sz="8" w:space="{sp}" w:color="000000"/>'
    border = "".join(
        side.format(s=s, sp=1 if s in ("top", "bottom") else 0) for s in ("top", "left", "bottom", "right")
    )
    mark = '<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>'
    return (
        f"<w:p><w:pPr><w:keepNext/><w:pBdr>{border}</w:pBdr>"
        '<w:spacing w:before="120" w:after="60" w:line="360" w:lineRule="exact"/>'
        f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/><w:jc w:val="center"/>'
        f"<w:rPr>{mark}</w:rPr></w:pPr>"
        f'<w:r><w:rPr>{mark}</w:rPr><w:t xml:space="preserve">{text_xml(text)}</w:t></w:r></w:p>'
    )


def khung(box: dict | None, start: int, region: int, total: int, center: bool = True) -> Markup:
    """Template global: a framed mark from the context (``{"text", "rong"}``), or nothing."""
    if not box:
        return Markup("")
    return Markup(framed_paragraph(box["text"], box["rong"], start, region, total, center=center))


# Page geometry of every section (service.domain.page); relationship ids of the shared parts.
def section_properties(*, ngang: bool = False, dau: bool = True, next_page: bool = False) -> str:
    """w:sectPr of one section: A4 portrait or landscape, the decree's margins, numbered from 1
    with no number on its first page; only the main section (`dau`) has the first-page footer of
    ô 13, every later one an empty first-page footer.

    >>> 'w:orient="landscape"' in section_properties(ngang=True), 'rIdF2' in section_properties(dau=False)
    (True, True)
    """
    m = MARGIN
    size = (
        f'w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"' if ngang else f'w:w="{PAGE_W}" w:h="{PAGE_H}"'
    )
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
        '<w:headerReference w:type="first" r:id="rIdH2"/>'
        f'<w:footerReference w:type="first" r:id="{"rIdF1" if dau else "rIdF2"}"/>'
        + ('<w:type w:val="nextPage"/>' if next_page else "")
        + f"<w:pgSz {size}/>"
        f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
        f'w:left="{m["left"]}" w:header="{m["header"]}" w:footer="{m["footer"]}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/>'
        '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def section_break(section: dict) -> str:
    """An empty paragraph closing the section described by `section` (``{"ngang", "dau"}``)."""
    props = section_properties(ngang=bool(section.get("ngang")), dau=bool(section.get("dau")))
    return f"<w:p><w:pPr>{props}</w:pPr></w:p>"


def ngat_phan(section: dict) -> Markup:
    """Template global: the section break closing the section before an appendix."""
    return Markup(section_break(section))


def phan_cuoi(section: dict) -> Markup:
    """Template global: the body's final w:sectPr, describing the document's last section."""
    return Markup(section_properties(ngang=bool(section.get("ngang")), dau=bool(section.get("dau"))))
