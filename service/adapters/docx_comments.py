"""Writing the checker's findings into the document as Word comments (python-docx 1.2).

Paragraph indices are those of the reading model: the same walk (docx_reader.iter_paragraphs)
over the same word/document.xml, so each comment lands on the paragraph its finding names.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from service.adapters.docx_reader import MSG_CORRUPT, DocxReadError, iter_paragraphs
from service.domain.checking import Finding

AUTHOR = "Kiểm tra thể thức"
INITIALS = "KT"
_MUC_DO = {"loi": "Lỗi", "canh_bao": "Cảnh báo"}


def comment_text(f: Finding) -> str:
    """The comment a clerk reads beside the paragraph.

    >>> comment_text(Finding("so_ky_hieu.so_0", "loi", "so_ky_hieu", 6, "Số nhỏ hơn 10 phải ghi thêm số 0.",
    ...                      "Phụ lục I, Phần I, Mục II, 3c", "Số: 5", "Số: 05"))
    'Lỗi: Số nhỏ hơn 10 phải ghi thêm số 0. Hiện tại: Số: 5. Đúng: Số: 05. (Phụ lục I, Phần I, Mục II, 3c; mã so_ky_hieu.so_0)'
    """
    parts = [f"{_MUC_DO.get(f.muc_do, f.muc_do)}: {f.mo_ta}"]
    if f.hien_tai:
        parts.append(f"Hiện tại: {f.hien_tai}.")
    if f.dung:
        parts.append(f"Đúng: {f.dung}.")
    parts.append(f"({f.can_cu}; mã {f.ma})")
    return " ".join(parts)


def _runs(p_el, parent) -> list[Run]:
    para = Paragraph(p_el, parent)
    runs = [Run(r, para) for r in p_el.iterchildren(qn("w:r"))]
    if not runs:
        for child in p_el.iterchildren(qn("w:hyperlink"), qn("w:ins")):
            runs.extend(Run(r, para) for r in child.iterchildren(qn("w:r")))
    if not runs:
        runs = [Run(p_el.add_r(), para)]
    return runs


def add_comments(data: bytes, findings: Iterable[Finding]) -> bytes:
    """`data` with one comment per finding, anchored on the runs of its paragraph."""
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        paragraphs = list(iter_paragraphs(body))
        for f in findings:
            if not paragraphs:
                break
            index = f.doan if f.doan is not None and 0 <= f.doan < len(paragraphs) else 0
            runs = _runs(paragraphs[index], document._body)
            document.add_comment(runs, text=comment_text(f), author=AUTHOR, initials=INITIALS)
        out = io.BytesIO()
        document.save(out)
    except DocxReadError:
        raise
    except Exception as exc:  # python-docx refuses what Word may still open (macro files, odd parts)
        raise DocxReadError(MSG_CORRUPT, f"comments: {type(exc).__name__}: {exc}") from exc
    return out.getvalue()
