"""The register renders each document before its number is known (outside the write lock) and
puts the number in afterwards, into parts compressed ahead. For every kind, the result must
hold part for part exactly the text of the document rendered with that number directly, in
the same order, file name included, and be a zip every reader accepts."""

from __future__ import annotations

import copy
import io
import struct
import zipfile
import zlib

import pytest
from docx import Document

from service import config
from service.adapters.documents import DocumentService
from service.domain.kinds import KINDS

NUMBERS = (1, 9, 10, 123, 4567)


@pytest.fixture(scope="module")
def docs() -> DocumentService:
    return DocumentService(config.load()["TEMPLATES_DIR"])


def _clean(docs: DocumentService, kind: str) -> dict:
    data = copy.deepcopy(KINDS[kind].vi_du)
    data.pop("so", None)
    return docs.validate(kind, data)


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None  # every member's CRC checked
        return [(info.filename, z.read(info)) for info in z.infolist()]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_draft_with_number_is_the_document_rendered_with_it(docs, kind):
    clean = _clean(docs, kind)
    draft = docs.draft(kind, clean)
    assert draft is not None
    for so in NUMBERS:
        direct = docs.render_clean(kind, {**clean, "so": so})
        numbered = draft.with_number(so)
        assert _members(numbered.data) == _members(direct.data), f"{kind} number {so}"
        assert numbered.ten_tep == direct.ten_tep
        assert draft.token not in b"".join(part for _n, part in _members(numbered.data))
    Document(io.BytesIO(numbered.data))  # python-docx opens it


def test_each_slot_is_a_stored_block_in_a_valid_deflate_stream(docs):
    """The compressed document.xml decompresses to its end, with nothing after the final block."""
    clean = _clean(docs, "ke-hoach")
    data = docs.draft("ke-hoach", clean).with_number(4567).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    stream = zlib.decompressobj(-15)
    text = stream.decompress(data[start : start + info.compress_size])
    assert stream.eof and stream.unused_data == b""
    assert len(text) == info.file_size and b"4567/" in text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_number_is_printed_where_the_token_was(docs, kind):
    """The token reaches the page in every kind (else the number would silently be missing)."""
    clean = _clean(docs, kind)
    draft = docs.draft(kind, clean)
    assert draft.document.slots >= 1
    with zipfile.ZipFile(io.BytesIO(draft.with_number(37).data)) as z:
        assert "37/" in z.read("word/document.xml").decode("utf-8")


def test_each_draft_has_its_own_unguessable_token(docs):
    clean = _clean(docs, "cong-van")
    tokens = {docs.draft("cong-van", clean).token for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) == 18 and t.isdigit() for t in tokens)


def test_a_client_cannot_smuggle_the_number_in(docs):
    """Text that looks like a token stays as typed: only this draft's own token is replaced."""
    clean = _clean(docs, "cong-van")
    clean["trich_yeu"] = "Về việc 123456789012345678 và 999999999999999999"
    draft = docs.draft("cong-van", clean)
    with zipfile.ZipFile(io.BytesIO(draft.with_number(5).data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "123456789012345678 và 999999999999999999" in xml
