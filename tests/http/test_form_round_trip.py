"""Data shown in the clerk's form is never silently lost: every value of a kind's example and
fixture lands in a field the form has (a structured body or article as outline text), and the
form posted back renders the same document text."""

from __future__ import annotations

import io

import docx
import pytest

from service.domain.kinds import KINDS
from service.http import forms
from tests.conftest import FIXTURES


def _examples():
    for kind_id, kind in KINDS.items():
        yield pytest.param(kind_id, kind.vi_du, id=f"{kind_id}-vi_du")
        path = FIXTURES / f"{kind_id}.json"
        if path.exists():
            import json

            yield pytest.param(kind_id, json.loads(path.read_text(encoding="utf-8")), id=f"{kind_id}-fixture")


def _text(data: bytes) -> list[str]:
    doc = docx.Document(io.BytesIO(data))
    out = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out += [c.text.strip() for c in row.cells]
    return [t for t in out if t]


@pytest.mark.parametrize(("kind_id", "data"), list(_examples()))
def test_every_value_has_a_field_of_the_form(kind_id, data):
    schema = KINDS[kind_id].schema
    values = forms.flatten(data, schema=schema)
    rows = {name.rsplit(".", 1)[0]: 0 for name in values}
    for name in values:
        head, _, idx = name.rpartition(".")
        if idx.isdigit():
            rows[head] = max(rows.get(head, 0), int(idx) + 1)
    form = forms.build_form(schema, values, rows=rows)
    missing = set(values) - forms.field_names(form)
    assert not missing, f"values the form cannot show: {sorted(missing)}"


@pytest.mark.parametrize(
    "kind_id",
    [k for k, kind in KINDS.items() if any(isinstance(d, dict) for d in kind.vi_du.get("dieu", []))],
)
def test_structured_articles_survive_the_form(client, kind_id):
    """An article with a title, khoản and điểm, shown as outline text and posted back, prints
    the same text as the structured original."""
    kind = KINDS[kind_id]
    direct = client.post(f"/api/v1/documents/{kind_id}", json=kind.vi_du)
    assert direct.status_code == 200
    posted = forms.parse_form(kind.schema, forms.flatten(kind.vi_du, schema=kind.schema))
    assert all(isinstance(d, str) for d in posted["dieu"])
    again = client.post(f"/api/v1/documents/{kind_id}", json=posted)
    assert again.status_code == 200, again.get_json()
    assert _text(again.data) == _text(direct.data)
