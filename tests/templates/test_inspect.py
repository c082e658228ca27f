"""Reading an upload: the package, the tags (located), the variables and the inferred schema."""

from __future__ import annotations

import io
import zipfile

import pytest

from service.adapters.template_blocks import make_sandbox
from service.adapters.template_inspect import PackageInvalid, parse_tags, read_package
from service.adapters.template_schema import example_data, infer
from tests.templates.docx_make import make_docx, zip_bomb

LIMIT = 50 * 1024 * 1024


def problems_of(*paragraphs, **kw):
    members = read_package(make_docx(*paragraphs, **kw), max_uncompressed=LIMIT)
    return parse_tags(make_sandbox(), members)


@pytest.mark.parametrize(
    ("paragraphs", "doan", "tag", "words"),
    [
        (["Mở đầu", "{% for x in ds %}", "{{ x.ten }}"], 2, "{% for x in ds %}", "chưa được đóng"),
        (["{{ ho_ten }}", "Kết {% endif %}"], 2, "{% endif %}", "không khớp"),
        (["A", "B", "Xin chào {{ ho ten }}"], 3, "{{ ho ten }}", "biểu thức sai"),
        (["{% foo %}"], 1, "{% foo %}", "thẻ sai"),
        (["{% include 'a.docx' %}"], 1, "{% include 'a.docx' %}", "include"),
        (["x", "{% from 'os' import path %}"], 2, "{% from 'os' import path %}", "from"),
        (["{% if a %}", "{% else %}", "{% else if %}", "{% endif %}"], 3, "{% else if %}", ""),
        (["{{ a | khong_co_bo_loc }}"], 1, "{{ a | khong_co_bo_loc }}", "khong_co_bo_loc"),
        (["Tên {{ x.__class__ }}"], 1, "{{ x.__class__ }}", "__class__"),
        (["{{ config.SECRET_KEY }}"], 1, "{{ config.SECRET_KEY }}", "config"),
        (["{{ request.environ }}"], 1, "{{ request.environ }}", "request"),
        (["{{ self }}"], 1, "{{ self }}", "self"),
    ],
)
def test_broken_or_forbidden_tags_are_located(paragraphs, doan, tag, words):
    _, problems = problems_of(*paragraphs)
    assert problems, paragraphs
    p = problems[0]
    err = p.as_error()
    assert p.doan == doan and (p.the == tag or tag in err["message"]), err
    assert words in err["message"] and f"Đoạn {doan}" in err["message"], err


def test_tag_in_a_table_cell_and_header():
    _, problems = problems_of("Bình thường", table=[["{{ a }}", "{{ b c }}"]], header="{% if %}")
    parts = {p.part for p in problems}
    assert parts == {"word/document.xml", "word/header1.xml"}, [p.as_error() for p in problems]


def test_a_good_template_parses():
    parsed, problems = problems_of(
        "{{ ho_ten }}", "{%p for c in ds %}", "{{ c.ten }}", "{%p endfor %}", table=[["{{ a }}"]]
    )
    assert problems == []
    variables, schema = infer(parsed.asts.values())
    assert variables == ["a", "ds", "ds[].ten", "ho_ten"]
    assert schema["properties"]["ds"]["items"]["required"] == ["ten"]


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"%PDF-1.7 ...", b"PK\x03\x04garbage", b"PK" + b"\x00" * 100],
)
def test_not_a_docx(data):
    with pytest.raises(PackageInvalid):
        read_package(data, max_uncompressed=LIMIT)


def test_zip_without_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(PackageInvalid, match=r"document\.xml"):
        read_package(buf.getvalue(), max_uncompressed=LIMIT)


def test_zip_bomb_is_refused_while_inflating():
    bomb = zip_bomb()
    assert len(bomb) < 1_000_000
    with pytest.raises(PackageInvalid, match="quá lớn"):
        read_package(bomb, max_uncompressed=LIMIT)


def test_doctype_is_refused():
    data = make_docx("x")
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaa">]>', 1)
            zf.writestr(info, body)
    with pytest.raises(PackageInvalid, match="DOCTYPE"):
        read_package(buf.getvalue(), max_uncompressed=LIMIT)


def test_schema_from_filters_and_blocks():
    parsed, problems = problems_of(
        "{{p khoi_tieu_de() }}",
        "{{ so_tien | so_tien_bang_chu }} {{ dia_danh | dong_ngay_thang(ngay_ky) }}",
        "{% for d in noi_nhan | dong_noi_nhan(luu) %}{{ d }}{% endfor %}",
        "{% if ghi_chu is defined %}{{ ghi_chu }}{% endif %}",
    )
    assert problems == []
    _, schema = infer(parsed.asts.values())
    props = schema["properties"]
    assert props["ngay_ky"]["format"] == "date"
    assert "integer" in props["so_tien"]["type"]
    assert props["noi_nhan"]["type"] == "array"
    assert props["co_quan_ban_hanh"]["title"] == "Cơ quan ban hành"  # the contract's definition
    assert {"co_quan_ban_hanh", "ky_hieu", "dia_danh", "so_tien"} <= set(schema["required"])
    assert "ghi_chu" not in schema["required"]
    from jsonschema import Draft202012Validator

    Draft202012Validator(schema).validate(example_data(schema))


def test_readme_reference_is_the_tested_one():
    """Each building block's example in the README is the one the doctests run."""
    from service.adapters.template_blocks import SUB_DOCUMENTS, reference_rows
    from service.config import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Building blocks for template authors", 1)[1].split("\n## ", 1)[0]
    for row in reference_rows():
        assert row in section, row
    for name in SUB_DOCUMENTS:
        assert f"{{{{p {name}(" in section, name
