"""Validation: every problem at once, Vietnamese messages, and the fast path agreeing with
the full validator on valid and invalid data alike."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain import validation as validation_module
from service.domain.kinds import KINDS
from service.domain.validation import _validators, normalize_and_validate, validate

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = {k: json.loads((ROOT / "fixtures" / f"{k}.json").read_text(encoding="utf-8")) for k in KINDS}

MUTATIONS = [
    ("so", "05"),
    ("so", 0),
    ("so", 1.5),
    ("so", True),
    ("so", None),
    ("so", 10**30),
    ("ngay_ban_hanh", "2026-02-29"),
    ("ngay_ban_hanh", "2024-02-29"),
    ("ngay_ban_hanh", "05/02/2026"),
    ("ngay_ban_hanh", "2026-2-5"),
    ("ngay_ban_hanh", 20260205),
    ("nam", 1900),
    ("nam", "2026"),
    ("ky_hieu", "KH/UBND"),
    ("ky_hieu", " "),
    ("ky_hieu", ""),
    ("noi_nhan", []),
    ("noi_nhan", [1]),
    ("noi_nhan", "Bộ Nội vụ"),
    ("luu", ["VT"] * 21),
    ("nguoi_ky", {"ho_ten": "A"}),
    ("nguoi_ky", {"chuc_vu": "X", "ho_ten": "Y", "them": 1}),
    ("trich_yeu", "x" * 20_001),
    ("noi_dung", [{"muc": "A", "khoan": "B"}]),
    ("noi_dung", [{}]),
    ("noi_dung", [{"bang": {"dong": [["a"]]}}]),
    ("noi_dung", [{"bang": {"dong": [[1]]}}]),
    ("noi_dung", ""),
    ("noi_dung", "  \n "),
    ("la", 1),
    ("dieu", []),
    ("can_cu", ["x"] * 201),
    ("danh_sach", {"ca_nhan": [{"ho_ten": ""}]}),
    ("danh_sach", {"tap_the": [{"ten": "A", "x": 1}]}),
    ("co_quan_chu_quan", None),
]


def assert_agree(schema, data) -> bool:
    """Assert the compiled and the full validator give the same verdict; return it."""
    full, fast = _validators(schema)
    assert fast is not None
    full_ok = not list(full.iter_errors(data))
    try:
        fast(data)
        fast_ok = True
    except Exception:
        fast_ok = False
    assert fast_ok == full_ok
    return full_ok


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("field,value", MUTATIONS)
def test_fast_path_agrees_with_full_validator(kind, field, value):
    schema = KINDS[kind].schema
    data = copy.deepcopy(FIXTURES[kind])
    data[field] = value
    full_ok = assert_agree(schema, data)
    assert (validate(schema, data) == []) == full_ok


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(sorted(KINDS["quyet-dinh-khen-thuong"].schema["properties"])), value=json_values)
def test_fast_and_full_agree_on_random_values(field, value):
    schema = KINDS["quyet-dinh-khen-thuong"].schema
    data = copy.deepcopy(FIXTURES["quyet-dinh-khen-thuong"])
    data[field] = value
    assert_agree(schema, data)


def test_all_problems_at_once_with_pointer_paths():
    clean, errors = normalize_and_validate(
        KINDS["ke-hoach"].schema,
        {
            "so": "x",
            "nguoi_ky": {"ho_ten": " "},
            "noi_nhan": ["a\x01"],
            "trich_yeu": "Ve\u0301",
        },
    )
    assert clean["trich_yeu"] == "Vé"
    got = {(e.path, e.code) for e in errors}
    assert {
        ("/so", "type"),
        ("/nguoi_ky/ho_ten", "required"),
        ("/nguoi_ky/chuc_vu", "required"),
        ("/noi_nhan/0", "control_character"),
        ("/co_quan_ban_hanh", "required"),
    } <= got
    assert all(e.message and e.message[0].isupper() for e in errors)


def test_local_date_time_format_checked_by_both_validators():
    from service.domain.validation import validate

    schema = {
        "type": "object",
        "properties": {
            "thoi_gian": {"type": "string", "format": "local-date-time"},
            "xung": {"enum": ["Ông", "Bà"]},
        },
    }
    assert validate(schema, {"thoi_gian": "2026-12-07T08:00", "xung": "Bà"}) == []
    for bad in ("2026-12-07", "2026-12-07T08:00+07:00", "2026-02-30T08:00", "07/12/2026 08:00"):
        (err,) = validate(schema, {"thoi_gian": bad})
        assert err.path == "/thoi_gian" and err.code == "date_time" and "2026-12-07T08:00" in err.message
    (err,) = validate(schema, {"xung": "Anh"})
    assert err.path == "/xung" and err.message == "Chọn một trong: Ông, Bà."


def test_an_interruption_in_the_compile_passes_through_and_is_not_cached(monkeypatch):
    """A deadline raised while the fast validator compiles is not mistaken for a schema it
    cannot compile: it propagates, and the next call compiles the schema again."""
    import fastjsonschema

    class Interrupted(Exception):
        pass

    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    real = fastjsonschema.compile

    def interrupted(*args, **kwargs):
        raise Interrupted

    monkeypatch.setattr(fastjsonschema, "compile", interrupted)
    with pytest.raises(Interrupted):
        validate(schema, {"a": "x"})
    monkeypatch.setattr(fastjsonschema, "compile", real)
    assert validate(schema, {"a": "x"}) == []
    assert _validators(schema)[1] is not None  # the fast path, not the slow one


def test_an_interruption_in_the_fast_check_passes_through(monkeypatch):
    class Interrupted(Exception):
        pass

    schema = {"type": "object", "properties": {"b": {"type": "string"}}}
    validate(schema, {"b": "x"})  # compiled and cached

    def interrupted(data):
        raise Interrupted

    full, _ = _validators(schema)
    monkeypatch.setitem(validation_module._VALIDATORS, id(schema), (schema, full, interrupted))
    with pytest.raises(Interrupted):
        validate(schema, {"b": "x"})
