"""Property: any Unicode text in any text field of a valid document gives either a .docx holding
that text literally (NFC, line by line) or a 422 naming that field; never anything else."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.domain.kinds import KINDS
from tests.hostile.corpus import (
    base_document,
    breaks_layout,
    comparable,
    encode,
    expected_lines,
    put,
    text_slots,
    text_verdict,
)
from tests.hostile.docx_check import document_text

SLOTS = [(kind, slot) for kind in KINDS for slot in text_slots(kind)]

# Every code point, surrogates and controls included, biased towards the interesting ones.
ANY_CHAR = st.characters(codec=None, categories=None)
SPECIAL = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "<",
        ">",
        "&",
        "]]>",
        "\n",
        "\r\n",
        "\t",
        "\u202e",
        "\u200d",
        "\u0301",
        "\x00",
        "\ud800",
        "\ufffe",
        "\x85",
        " ",
        "ễ",
        "Đ",
        "/",
    ]
)
TEXT = st.lists(st.one_of(ANY_CHAR, SPECIAL, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(slot=st.sampled_from(SLOTS), text=TEXT)
def test_any_text_in_any_field_round_trips_or_is_named(hostile_client, slot, text):
    kind, s = slot
    doc = base_document(kind)
    put(doc, s.path, text)
    resp = hostile_client.post(f"/api/v1/documents/{kind}", data=encode(doc), content_type="application/json")
    verdict = text_verdict(s.schema, text, s.required)
    if verdict is None and breaks_layout(kind, s, text):  # prints too long for the decree's page
        verdict = "layout"
    if verdict is None:
        assert resp.status_code == 200, (s.pointer, resp.data[:400])
        rendered = comparable(document_text(resp.data))
        for line in expected_lines(text):
            assert line in rendered, (s.pointer, line)
    else:
        assert resp.status_code == 422, (s.pointer, verdict, resp.status_code)
        errors = json.loads(resp.data)["errors"]
        assert any(e["path"] == s.pointer for e in errors), (s.pointer, errors)
