"""The decree's building blocks for uploaded templates: filters and sub-documents.

Filters are the pure formatters of `domain/vn_format.py`, `domain/so_thanh_chu.py` and
`domain/tham_quyen.py`, the same ones the built-in kinds use (see `docx_render.FILTERS`).
Sub-documents are pieces of the built-in kinds' pages — the header table, the title with its
rule, the Nơi nhận + signature block, the danh sách tables — made by the same block builders
(`docx_blocks`) and filled by the same `domain/context.build_context`, so a template that uses
them gets the built-in layout exactly.

Each entry of `REFERENCE` is one block with a worked example; the README's reference table is
this list, and every example is run as a doctest here:

>>> for name, source, data, result in REFERENCE:
...     assert demo(source, **data) == result, (name, demo(source, **data))
>>> demo("{{ '2024-02-05' | ngay_day_du }}")
'ngày 05 tháng 02 năm 2024'
>>> demo("{{ dia_danh | dong_ngay_thang(ngay) }}", dia_danh="Thái Nguyên", ngay="2024-03-15")
'Thái Nguyên, ngày 15 tháng 3 năm 2024'
>>> demo("{{ so | dong_so_ky_hieu(ky_hieu) }}", so=7, ky_hieu="QĐ-UBND")
'Số: 07/QĐ-UBND'
>>> demo("{{ 1250000 | so_tien_bang_chu }}")
'Một triệu hai trăm năm mươi nghìn đồng'
>>> 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' in demo("{{ khoi_tieu_de() }}", co_quan_ban_hanh="SỞ NỘI VỤ",
...     so=3, ky_hieu="QĐ-SNV", dia_danh="Hà Nội", ngay_ban_hanh="2026-01-05")
True
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from service.adapters import docx_blocks as blocks
from service.adapters.docx_render import FILTERS, make_env
from service.adapters.template_sandbox import Limits, TemplateSandbox
from service.domain.context import build_context
from service.domain.kinds import get_kind

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOURCE_KIND = "quyet-dinh-khen-thuong"  # the built-in template holding every block

# ------------------------------------------------------------------------ the reference
# (name, template source, example data, result): documented in the README, run as doctests.
REFERENCE: list[tuple[str, str, dict[str, Any], str]] = [
    ("ngay_day_du", "{{ ngay | ngay_day_du }}", {"ngay": "2024-02-05"}, "ngày 05 tháng 02 năm 2024"),
    (
        "dong_ngay_thang",
        "{{ dia_danh | dong_ngay_thang(ngay) }}",
        {"dia_danh": "Thái Nguyên", "ngay": "2024-12-01"},
        "Thái Nguyên, ngày 01 tháng 12 năm 2024",
    ),
    (
        "dong_ngay_thang (dự thảo)",
        "{{ dia_danh | dong_ngay_thang(none, 2026) }}",
        {"dia_danh": "Thái Nguyên"},
        "Thái Nguyên, ngày     tháng     năm 2026",
    ),
    ("so_van_ban", "{{ so | so_van_ban }}", {"so": 5}, "05"),
    (
        "dong_so_ky_hieu",
        "{{ so | dong_so_ky_hieu(ky_hieu) }}",
        {"so": 5, "ky_hieu": "KH-UBND"},
        "Số: 05/KH-UBND",
    ),
    (
        "dong_so_ky_hieu (dự thảo)",
        "{{ none | dong_so_ky_hieu(ky_hieu) }}",
        {"ky_hieu": "KH-UBND"},
        "Số:        /KH-UBND",
    ),
    (
        "dong_noi_nhan",
        "{{ noi_nhan | dong_noi_nhan(['VT', 'TH']) | join(' | ') }}",
        {"noi_nhan": ["Thường trực Tỉnh ủy", "UBND các huyện"]},
        "- Thường trực Tỉnh ủy; | - UBND các huyện; | - Lưu: VT, TH.",
    ),
    ("dong_kinh_gui (một nơi)", "{{ ['Bộ Nội vụ'] | dong_kinh_gui | join }}", {}, "Kính gửi: Bộ Nội vụ"),
    (
        "dong_kinh_gui (nhiều nơi)",
        "{{ ['Bộ Nội vụ', 'Sở Tài chính'] | dong_kinh_gui | join(' | ') }}",
        {},
        "Kính gửi: | - Bộ Nội vụ; | - Sở Tài chính.",
    ),
    ("so_tien", "{{ 1500000 | so_tien }}", {}, "1.500.000 đồng"),
    ("so_kieu_viet", "{{ 1234.5 | so_kieu_viet }}", {}, "1.234,5"),
    ("so_thanh_chu", "{{ 2024 | so_thanh_chu }}", {}, "hai nghìn không trăm hai mươi bốn"),
    ("so_tien_bang_chu", "{{ 1005000 | so_tien_bang_chu }}", {}, "Một triệu không trăm linh năm nghìn đồng"),
    ("chu_cai_diem", "{% for i in range(1, 8) %}{{ i | chu_cai_diem }}{% endfor %}", {}, "abcdđeg"),
    ("so_la_ma", "{{ 14 | so_la_ma }}", {}, "XIV"),
    ("viet_hoa", "{{ 'phó chủ tịch' | viet_hoa }}", {}, "PHÓ CHỦ TỊCH"),
    (
        "ten_tu_tham_quyen",
        "{{ 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN' | ten_tu_tham_quyen }}",
        {},
        "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên",
    ),
]

# Sub-documents: name -> (the data fields it reads, what it lays out). Inserted with {{p … }}.
SUB_DOCUMENTS: dict[str, tuple[tuple[str, ...], str]] = {
    "khoi_tieu_de": (
        ("co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay_ban_hanh", "nam"),
        "bảng đầu văn bản: cơ quan (chữ in hoa, gạch dưới), Quốc hiệu, Tiêu ngữ, dòng Số, dòng ngày tháng",
    ),
    "khoi_ten_loai": (
        ("trich_yeu",),
        "tên loại (đối số, ví dụ 'QUYẾT ĐỊNH'), trích yếu in đậm và đường kẻ dưới",
    ),
    "khoi_ky": (
        ("noi_nhan", "luu", "nguoi_ky"),
        "Nơi nhận (bên trái) và chữ ký (quyền hạn, chức vụ, họ tên) trên cùng một hàng không tách trang",
    ),
    "bang_danh_sach": (
        ("danh_sach",),
        "danh sách tập thể, cá nhân: mục I. TẬP THỂ, II. CÁ NHÂN và các bảng STT có dòng tiêu đề lặp lại",
    ),
}


# ------------------------------------------------------------------------ fragments
def _fragments() -> dict[str, str]:
    """docxtpl-tagged XML of each sub-document, from the built-in kinds' block builders."""
    kind = get_kind(SOURCE_KIND)
    title_kind = dataclasses.replace(kind, ten_loai="{{ ten_loai }}")  # the type name: an argument
    danh_sach = blocks.danh_sach_block(kind)
    start = danh_sach.index(blocks.tag("{%p if danh_sach.tap_the %}"))
    end = danh_sach.rindex(blocks.tag("{%p endif %}"))  # the block's outer endif
    return {
        "khoi_tieu_de": blocks.header_block(kind),
        "khoi_ten_loai": blocks.title_block(title_kind),
        "khoi_ky": blocks.signature_block(kind),
        "bang_danh_sach": danh_sach[start:end],
    }


_WRAP = f'<w:document xmlns:w="{W_NS}"><w:body>'
_END = "</w:body></w:document>"


@lru_cache(maxsize=1)
def _compiled() -> dict[str, Template]:
    env = make_env()  # the built-in kinds' trusted environment: these fragments are ours
    out = {}
    for name, frag in _fragments().items():
        patched = DocxTemplate.patch_xml(None, _WRAP + frag + _END)  # type: ignore[arg-type]
        out[name] = env.from_string(patched)
    return out


def _data(context: Context, name: str) -> dict[str, Any]:
    return {f: context.get(f) for f in SUB_DOCUMENTS[name][0] if context.get(f) is not None}


def _render(name: str, ctx: dict[str, Any]) -> Markup:
    xml = _compiled()[name].render(ctx)
    return Markup(xml[len(_WRAP) : len(xml) - len(_END)])


def sub_documents() -> dict[str, Callable[..., Markup]]:
    """The sub-document functions (template globals) reading the document's data."""

    @pass_context
    def khoi_tieu_de(context: Context) -> Markup:
        return _render("khoi_tieu_de", build_context(SOURCE_KIND, _data(context, "khoi_tieu_de")))

    @pass_context
    def khoi_ten_loai(context: Context, ten_loai: str = "") -> Markup:
        ctx = build_context(SOURCE_KIND, _data(context, "khoi_ten_loai"))
        return _render("khoi_ten_loai", {**ctx, "ten_loai": " ".join(str(ten_loai).upper().split())})

    @pass_context
    def khoi_ky(context: Context) -> Markup:
        return _render("khoi_ky", build_context(SOURCE_KIND, _data(context, "khoi_ky")))

    @pass_context
    def bang_danh_sach(context: Context) -> Markup:
        ctx = build_context(SOURCE_KIND, _data(context, "bang_danh_sach"))
        if not ctx.get("danh_sach"):
            return Markup("")
        return _render("bang_danh_sach", ctx)

    funcs = {
        "khoi_tieu_de": khoi_tieu_de,
        "khoi_ten_loai": khoi_ten_loai,
        "khoi_ky": khoi_ky,
        "bang_danh_sach": bang_danh_sach,
    }
    for f in funcs.values():
        f.vb_block = True  # type: ignore[attr-defined]  # large by design: not a string limit case
    return funcs


def make_sandbox(limits: Limits | None = None) -> TemplateSandbox:
    """The environment of uploaded templates: the sandbox, the filters and the sub-documents."""
    env = TemplateSandbox(limits, filters=FILTERS)
    env.globals.update(sub_documents())
    return env


def reference_rows() -> list[str]:
    """The README's reference table, one Markdown row per example (a test keeps them equal)."""

    def code(text: str) -> str:
        return "`" + text.replace("|", "\\|") + "`"

    rows = []
    for name, source, data, result in REFERENCE:
        given = ", ".join(f"{k} = {code(json.dumps(v, ensure_ascii=False))}" for k, v in data.items()) or "—"
        rows.append(f"| {name} | {code(source)} | {given} | {code(result)} |")
    return rows


def demo(source: str, **data: Any) -> str:
    """Render a template snippet in the uploaded templates' sandbox (for the reference examples)."""
    env = make_sandbox()
    env.start()
    return env.from_string(source).render(**data)
