"""Documents nobody planned for: the decree's own sample forms (Phụ lục III, every Mẫu in one file,
with text boxes, drawn lines and placeholder dots), and documents whose XML is damaged at random —
the checker answers with findings or a clear DocxReadError, never anything else."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from service.adapters.docx_comments import add_comments
from service.adapters.docx_reader import DocxReadError, read_document
from service.domain.checking import check
from tests.checking.builders import build, plan

DATA = Path(__file__).parent / "data"
SAMPLES = plan("QUYẾT ĐỊNH", "table"), plan("KẾ HOẠCH", "tabs"), plan("CÔNG VĂN", "breaks")


def test_the_decree_sample_forms_are_read_and_commented():
    data = (DATA / "nd30-phu-luc-III-mau.docx").read_bytes()
    report = check(read_document(data))
    assert report.findings  # a file of many forms side by side is not one correct document
    commented = add_comments(data, report.findings)
    assert zipfile.ZipFile(io.BytesIO(commented)).read("word/comments.xml")


def _damage(data: bytes, seed: int, part: str) -> bytes:
    rnd = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(members[part])
    elements = list(root.iter())
    for el in rnd.sample(elements, k=min(len(elements) - 1, rnd.randint(1, 12))):
        action = rnd.random()
        parent = el.getparent()
        if parent is not None and action < 0.4:
            parent.remove(el)  # an element lost
        elif action < 0.7:
            for attr in list(el.attrib)[:2]:
                el.set(attr, rnd.choice(["", "-1", "abc", "99999999999", "nil", "0.5", "auto", "✓"]))
        elif parent is not None and action < 0.85:
            parent.append(el)  # moved out of schema order
        else:
            el.text = rnd.choice(["\t\t", "\n", "Số: 5/KH", "ngày 1 tháng 1", "", "x" * 300])
    members[part] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def documents() -> list[bytes]:
    return [build(spec)[0] for spec in SAMPLES]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(which=st.integers(0, len(SAMPLES) - 1), seed=st.integers(0, 2**32),
       part=st.sampled_from(["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"]))  # fmt: skip
def test_damaged_documents_get_findings_or_a_clear_refusal(documents, which, seed, part):
    data = documents[which]
    if part not in zipfile.ZipFile(io.BytesIO(data)).namelist():
        part = "word/document.xml"
    damaged = _damage(data, seed, part)
    try:
        report = check(read_document(damaged))
    except DocxReadError as exc:
        assert exc.public_message and not exc.public_message.isascii()
        return
    assert all(f.mo_ta and f.can_cu for f in report.findings)


def test_a_header_typed_in_the_page_header_is_named_not_called_missing():
    import docx

    data, _ = build(plan("KẾ HOẠCH"))
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    header = document.sections[0].first_page_header
    header.paragraphs[0]._p.addprevious(table._tbl)  # the whole header table moved into the page header
    out = io.BytesIO()
    document.save(out)
    found = {f.ma for f in check(read_document(out.getvalue())).findings}
    assert "quoc_hieu.dau_trang" in found and "quoc_hieu.thieu" not in found
