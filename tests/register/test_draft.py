"""The register renders each document before its number is known (outside the write lock) and
puts the number in afterwards. For every kind, the result must be byte for byte the document
rendered with that number directly, file name included."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest

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


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_draft_with_number_is_the_document_rendered_with_it(docs, kind):
    clean = _clean(docs, kind)
    draft = docs.draft(kind, clean)
    assert draft is not None
    for so in NUMBERS:
        direct = docs.render_clean(kind, {**clean, "so": so})
        numbered = draft.with_number(so)
        assert numbered.data == direct.data, f"{kind} number {so}"
        assert numbered.ten_tep == direct.ten_tep
        assert draft.token not in numbered.data
        with zipfile.ZipFile(io.BytesIO(numbered.data)) as z:
            assert z.testzip() is None


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_number_is_printed_where_the_token_was(docs, kind):
    """The token reaches the page in every kind (else the number would silently be missing)."""
    clean = _clean(docs, kind)
    draft = docs.draft(kind, clean)
    text = b"".join(part for _name, part in draft.parts if isinstance(part, bytes))
    assert draft.token in text
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
