"""The service checks its own output: every example and fixture of every kind in the registry,
drafts, and Hypothesis-generated documents get no `loi` — the renderer and the checker keep
each other honest."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from service.adapters.documents import DocumentService
from service.adapters.docx_reader import read_document
from service.domain.checking import check
from service.domain.kinds import KINDS
from service.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2]
# Faults of the source text that the service renders as typed (markers are kept as written).
# The seed kế hoạch of Thái Nguyên, word for word, goes from "c)" to "đ)": its "d)" is missing.
KNOWN_SOURCE_FAULTS = {("ke-hoach", "fixture"): {"diem.thu_tu"}}


@pytest.fixture(scope="module")
def service() -> DocumentService:
    return DocumentService(ROOT / "templates_docx")


def _inputs() -> list[tuple[str, str, dict]]:
    out = []
    for kind in KINDS.values():
        out.append((kind.id, "vi_du", copy.deepcopy(kind.vi_du)))
        draft = copy.deepcopy(kind.vi_du)
        draft.pop("so", None)
        draft.pop("ngay_ban_hanh", None)
        out.append((kind.id, "draft", draft))
        path = ROOT / "fixtures" / f"{kind.id}.json"
        if path.exists():
            out.append((kind.id, "fixture", json.loads(path.read_text(encoding="utf-8"))))
    return out


def _loi(report) -> list[tuple[str, int | None, str]]:
    return [(f.ma, f.doan, f.hien_tai) for f in report.findings if f.muc_do == "loi"]


@pytest.mark.parametrize(
    ("kind_id", "name", "data"), _inputs(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_example_and_fixture_of_every_kind_passes(service, kind_id, name, data):
    report = check(read_document(service.render(kind_id, data).data))
    assert report.loai_van_ban == kind_id
    allowed = KNOWN_SOURCE_FAULTS.get((kind_id, name), set())
    assert {ma for ma, _, _ in _loi(report)} == allowed, _loi(report)


def test_the_known_source_fault_is_where_the_seed_has_it(service):
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    report = check(read_document(service.render("ke-hoach", data).data))
    (finding,) = [f for f in report.findings if f.muc_do == "loi"]
    assert (finding.hien_tai, finding.dung) == ("đ)", "d)")


# --------------------------------------------------------------------------- Hypothesis

WORDS = ("công tác", "triển khai", "thực hiện", "cải cách", "hành chính", "năm 2026", "kiểm tra", "đôn đốc",
         "người dân", "doanh nghiệp", "chất lượng", "dịch vụ công", "trực tuyến", "báo cáo", "tổng hợp",
         "kết quả", "nhiệm vụ", "giải pháp", "phong trào", "thi đua", "hiệu quả", "kịp thời")  # fmt: skip
BODIES = (("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN", ""), ("SỞ NỘI VỤ", "UBND TỈNH THÁI NGUYÊN"),
          ("ỦY BAN NHÂN DÂN\nXÃ TÂN CƯƠNG", ""), ("SỞ TÀI CHÍNH", "UBND TỈNH BẮC NINH"))  # fmt: skip
SIGNERS = (
    {"quyen_han": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Lê Văn C"},
    {"quyen_han": [], "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Đỗ Thị Hương"},
    {"quyen_han": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn An"},
)
phrase = st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(lambda ws: " ".join(ws))
sentence = phrase.map(lambda s: s[0].upper() + s[1:] + ".")
title = phrase.map(lambda s: s[0].upper() + s[1:])


@st.composite
def outline(draw) -> list:
    """A structured body: mục, khoản (titles or sentences), điểm, dashes, paragraphs."""
    nodes = []
    for _ in range(draw(st.integers(1, 4))):
        khoan = []
        for _ in range(draw(st.integers(0, 3))):
            children = [{"diem": draw(sentence)} for _ in range(draw(st.integers(0, 8)))]
            children += [{"gach": draw(sentence)} for _ in range(draw(st.integers(0, 2)))]
            if children:
                khoan.append({"khoan": draw(title), "noi_dung": children})
            else:
                khoan.append({"khoan": draw(sentence)})
        nodes.append({"muc": draw(title).upper(), "noi_dung": khoan or [draw(sentence)]})
    return [draw(sentence), *nodes]


@st.composite
def documents(draw) -> tuple[str, dict]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    data = copy.deepcopy(KINDS[kind].vi_du)
    body, parent = draw(st.sampled_from(BODIES))
    data["co_quan_ban_hanh"], data["co_quan_chu_quan"] = body, parent
    data["so"] = draw(st.one_of(st.none(), st.integers(1, 1500)))
    date = draw(st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))))
    data["ngay_ban_hanh"] = date.isoformat() if date else None
    data["trich_yeu"] = draw(title)
    data["nguoi_ky"] = copy.deepcopy(draw(st.sampled_from(SIGNERS)))
    data["noi_nhan"] = draw(st.lists(title, min_size=1, max_size=6))
    data["luu"] = draw(st.sampled_from([["VT"], ["VT", "TH"], ["NC", "TH (02)"]]))
    if "noi_dung" in data:
        data["noi_dung"] = draw(outline())
    if "dieu" in data:
        data["dieu"] = draw(st.lists(sentence, min_size=1, max_size=5))
    if "kinh_gui" in data:
        data["kinh_gui"] = draw(st.lists(title, max_size=3))
    return kind, data


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_generated_documents_pass(service, generated):
    kind, data = generated
    try:
        rendered = service.render(kind, data)
    except ValidationFailed:
        assume(False)
    report = check(read_document(rendered.data))
    assert not _loi(report), (kind, _loi(report))
