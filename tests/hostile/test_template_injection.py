"""Template injection: client text is data, never template source, and the sandbox stops unsafe
expressions even in a template."""

from __future__ import annotations

import io

import docx
import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from service.adapters.docx_render import CompiledTemplate, RenderError
from service.domain.kinds import KINDS
from tests.hostile.corpus import (
    base_document,
    breaks_layout,
    comparable,
    encode,
    put,
    text_slots,
    text_verdict,
)
from tests.hostile.docx_check import document_text

ATTEMPTS = [
    "{{ config }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% import os %}{{ os.popen('id').read() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ 7*'7' }}{{ lipsum }}",
    # Without spaces, so that they also fit ky_hieu (no spaces allowed there).
    "{{config}}",
    "{{''.__class__.__mro__[1].__subclasses__()}}",
    "{%import'os'as(o)%}{{o}}",
]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_every_field_keeps_template_syntax_literally(hostile_client, kind, attempt):
    doc = base_document(kind)
    placed = [
        s
        for s in text_slots(kind)
        if text_verdict(s.schema, attempt, s.required) is None and not breaks_layout(kind, s, attempt)
    ]
    # ky_hieu refuses spaces; the header and signature lines refuse what prints too long for
    # the decree's layout (domain/layout_limits.py); most fields, the title among them, take it
    assert len(placed) >= len(text_slots(kind)) // 2
    assert (
        any(s.path == ("trich_yeu",) for s in placed) or "trich_yeu" not in KINDS[kind].schema["properties"]
    )
    for slot in placed:
        put(doc, slot.path, attempt)
    resp = hostile_client.post(f"/api/v1/documents/{kind}", data=encode(doc), content_type="application/json")
    assert resp.status_code == 200, resp.data[:300]
    text = comparable(document_text(resp.data))
    # Each field shows the attempt as typed; nothing was evaluated.
    assert text.count(comparable(attempt)) >= len(placed)
    for leak in ("<class", "subclasses__() }}'", "secret_key", "<module", "builtins", "777777"):
        assert leak not in text


def _template(xml_text: str) -> bytes:
    d = docx.Document()
    d.add_paragraph(xml_text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ ().__class__.__bases__[0].__subclasses__() }}",
        "{{ x.__init__.__globals__ }}",
        "{{ x.mro() }}",
    ],
)
def test_sandbox_stops_unsafe_expressions_in_a_template(expression):
    tpl = CompiledTemplate(_template(expression))
    with pytest.raises(RenderError) as info:
        tpl.render({"x": object()})
    assert isinstance(info.value.__cause__, SecurityError | UndefinedError)


def test_a_safe_template_of_the_same_shape_renders():
    tpl = CompiledTemplate(_template("{{ ten }} – {{ 6 * 7 }}"))
    assert "Hòa – 42" in document_text(tpl.render({"ten": "Hòa"}))
