"""A kind's template as a .docx package: its document.xml (service.adapters.docx_blocks) and the
parts every template shares (styles, settings, fonts, page-number headers, properties).

`build_template(kind)` is byte-for-byte reproducible (fixed zip timestamps): the committed
templates_docx/*.docx are its output (scripts/build_templates.py), and a kind without a
committed file (one loaded from another directory) is compiled from it in memory.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape as text_xml

from service.adapters.docx_blocks import W, document_xml, line, loop, para, run, tag
from service.domain.kind import DocumentKind

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>
<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>
</w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBDoan"><w:name w:val="VB Đoạn văn"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="0" w:line="276" w:lineRule="auto"/><w:ind w:firstLine="567"/><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBMuc"><w:name w:val="VB Mục (I., II.)"/><w:basedOn w:val="VBDoan"/><w:next w:val="VBDoan"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBKhoanTieuDe"><w:name w:val="VB Khoản có tiêu đề (1.)"/><w:basedOn w:val="VBDoan"/><w:next w:val="VBDoan"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBKhoan"><w:name w:val="VB Khoản (1.)"/><w:basedOn w:val="VBDoan"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBDiem"><w:name w:val="VB Điểm (a))"/><w:basedOn w:val="VBDoan"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBGach"><w:name w:val="VB Gạch đầu dòng (-)"/><w:basedOn w:val="VBDoan"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBCong"><w:name w:val="VB Ý nhỏ (+)"/><w:basedOn w:val="VBDoan"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBDieu"><w:name w:val="VB Điều có tiêu đề"/><w:basedOn w:val="VBDoan"/><w:next w:val="VBDoan"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBChuong"><w:name w:val="VB Chương, Mục"/><w:basedOn w:val="VBDoan"/><w:next w:val="VBChuongTen"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBChuongTen"><w:name w:val="VB Tên chương, mục"/><w:basedOn w:val="VBDoan"/><w:next w:val="VBDieu"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBCanCu"><w:name w:val="VB Căn cứ"/><w:basedOn w:val="VBDoan"/><w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr></w:style>
</w:styles>"""

SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {W}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="vi-VN"/></w:settings>"""

FONT_TABLE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {W}><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>
<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"""

HEADER_PAGE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
</w:p></w:hdr>"""

HEADER_EMPTY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PKG_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdH2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
<Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rIdF2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>"""


def core(title: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{text_xml(title)}</dc:title><dc:creator>Dịch vụ văn bản hành chính</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"""


APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>vb-hanh-chinh</Application></Properties>"""


# Ô 13, first page of the main section only: the address lines, 11 pt, under a rule as wide as
# the text block (a top border on the first line); a small empty paragraph keeps the part valid.
FOOTER_DIA_CHI = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f"<w:ftr {W}>"
    + tag("{%p if dia_chi %}")
    + para(
        run("{{ dia_chi[0] }}", sz=11),
        jc="center",
        sz=11,
        border_top=True,
    )
    + loop("d", "dia_chi[1:]", line("{{ d }}", jc="center", sz=11))
    + tag("{%p endif %}")
    + para(sz=1)
    + "</w:ftr>"
)

FOOTER_EMPTY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {W}><w:p><w:pPr><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p></w:ftr>"""


def build_template(kind: DocumentKind) -> bytes:
    """The .docx template of `kind` (docxtpl tags, editable in Word)."""
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PKG_RELS),
        ("docProps/core.xml", core(kind.ten)),
        ("docProps/app.xml", APP),
        ("word/document.xml", document_xml(kind)),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", STYLES),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/header1.xml", HEADER_PAGE),
        ("word/header2.xml", HEADER_EMPTY),
        ("word/footer1.xml", FOOTER_DIA_CHI),
        ("word/footer2.xml", FOOTER_EMPTY),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, xml.encode("utf-8"))
    return buf.getvalue()
