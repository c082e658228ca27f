"""Lists numbered by Word itself (Format → Numbering) rather than typed: the label Word shows is
read back, so its a), b) … are checked like typed ones — and Word's letters run a…f, the English
alphabet, so the sixth điểm comes out as "f)", which the decree does not allow."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.shared import Pt

from service.adapters.docx_reader import read_document
from service.domain.checking import check
from tests.checking.builders import build, plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING = (
    f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/><w:pPr><w:ind w:left="0" w:firstLine="567"/>'
    "</w:pPr></w:lvl></w:abstractNum>"
)


def _with_word_list(items: int) -> tuple[bytes, list[int]]:
    spec = plan("KẾ HOẠCH")
    spec.body = [x for x in spec.body if x[:2] not in ("a)", "b)", "c)", "d)", "đ)", "e)")]
    data, _ = build(spec)
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    anchor = next(p for p in document.paragraphs if p.text == "1. Mục đích")
    added = []
    for i in range(items):
        p = anchor.insert_paragraph_before(f"Nội dung điểm thứ {i + 1} của kế hoạch.")
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.alignment = 3
        p.runs[0].font.size = Pt(14)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
        added.append(p)
    for p in reversed(added):  # the list goes under the khoản title
        anchor._p.addnext(p._p)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    paras = list(docx.Document(io.BytesIO(data)).element.body.iter(f"{{{W}}}p"))
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in paras]
    return data, [i for i, t in enumerate(texts) if t.startswith("Nội dung điểm thứ")]


def test_word_numbered_list_is_read_with_its_labels():
    data, where = _with_word_list(5)
    doc = read_document(data)
    assert [doc.paragraphs[i].text.split()[0] for i in where] == ["a)", "b)", "c)", "d)", "e)"]
    report = check(doc)
    # Word's e) comes where the decree's đ) should: the fifth điểm is out of the Vietnamese order
    assert ("diem.thu_tu", where[4]) in [(f.ma, f.doan) for f in report.findings]


def test_word_letters_reach_f():
    data, where = _with_word_list(7)
    report = check(read_document(data))
    assert ("diem.chu_cai", where[5]) in [(f.ma, f.doan) for f in report.findings]
