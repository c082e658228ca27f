"""A quyết định made from an uploaded template with the building blocks passes the layout tests
of the built-in kinds (the shared ones are imported and run on it) and the decision's own."""

from __future__ import annotations

import io
import json

import docx
import pytest

from tests.conftest import FIXTURES
from tests.layout.docx_read import CENTER, JUSTIFY, W, alignment, all_bold, all_italic, run_attr
from tests.layout.test_decree_layout import (  # noqa: F401  (run here on the uploaded template's output)
    test_header_table_issuing_body_and_national_title,
    test_number_and_date_line,
    test_page_a4_portrait_margins_in_decree_ranges,
    test_page_numbers_centred_in_header_from_page_two,
    test_recipients_beside_signature,
    test_times_new_roman_everywhere,
    test_type_name_and_summary_centred_bold_with_short_rule,
)
from tests.templates.decision_template import decision_template

KIND = "quyet-dinh-khen-thuong"


@pytest.fixture()
def uploaded(client):
    form = {
        "id": "quyet-dinh-so",
        "ten": "Quyết định của Sở",
        "file": (io.BytesIO(decision_template()), "qd.docx"),
    }
    resp = client.post("/api/v1/templates", data=form, content_type="multipart/form-data")
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


@pytest.fixture(params=["so", "du-thao"])
def rendered(request, client, uploaded):
    data = json.loads((FIXTURES / f"{KIND}.json").read_text(encoding="utf-8"))
    if request.param == "du-thao":  # a draft: blanks in the Số and date lines
        data.pop("so")
        data.pop("ngay_ban_hanh")
        data["nam"] = 2026
    resp = client.post("/api/v1/documents/quyet-dinh-so", json=data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return KIND, data, docx.Document(io.BytesIO(resp.data))


def test_schema_takes_the_contract_fields_of_the_blocks(uploaded):
    props, required = uploaded["schema"]["properties"], uploaded["schema"]["required"]
    assert props["nguoi_ky"]["title"] == "Người ký" and props["danh_sach"]["type"] == "object"
    assert {"co_quan_ban_hanh", "ky_hieu", "dia_danh", "noi_nhan", "nguoi_ky", "trich_yeu"} <= set(required)
    assert "danh_sach" not in required and "de_nghi" not in required


def test_decision_structure(rendered):
    _, data, doc = rendered
    texts = [p.text for p in doc.paragraphs]
    authority = texts.index(data["tham_quyen"])
    assert all_bold(doc.paragraphs[authority]) and alignment(doc.paragraphs[authority]) == CENTER
    expected = [*data["can_cu"], data["de_nghi"]]
    bases = doc.paragraphs[authority + 1 : authority + 1 + len(expected)]
    assert [b.text for b in bases] == [t + ";" for t in expected[:-1]] + [expected[-1] + "."]
    assert all(all_italic(b) and alignment(b) == JUSTIFY for b in bases)
    decide = doc.paragraphs[authority + 1 + len(expected)]
    assert decide.text == "QUYẾT ĐỊNH:" and all_bold(decide) and alignment(decide) == CENTER
    articles = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert [a.text.split(" ", 2)[:2] for a in articles] == [["Điều", f"{i}."] for i in range(1, 4)]
    for a in articles:
        assert run_attr(a, a.runs[0], "bold") and not any(run_attr(a, r, "bold") for r in a.runs[1:])
    assert articles[-1].text.endswith("Quyết định này./.")


def test_danh_sach_tables(rendered):
    _, data, doc = rendered
    texts = [p.text for p in doc.paragraphs]
    assert "I. TẬP THỂ (12 tập thể)" in texts and "II. CÁ NHÂN (05 cá nhân)" in texts
    tap_the, ca_nhan = doc.tables[-2:]
    for t in (tap_the, ca_nhan):
        assert t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # header row repeats
        assert all(all_bold(p) for c in t.rows[0].cells for p in c.paragraphs if p.text)
    assert [c.text for c in tap_the.rows[0].cells] == ["STT", "Tên tập thể", "Ghi chú"]
    assert [r.cells[1].text for r in tap_the.rows[1:]] == [t["ten"] for t in data["danh_sach"]["tap_the"]]
    assert [(r.cells[1].text, r.cells[2].text) for r in ca_nhan.rows[1:]] == [
        (c["ho_ten"], c["chuc_vu_don_vi"]) for c in data["danh_sach"]["ca_nhan"]
    ]


def test_without_a_list_the_block_prints_nothing(client, uploaded):
    data = json.loads((FIXTURES / f"{KIND}.json").read_text(encoding="utf-8"))
    data.pop("danh_sach")
    resp = client.post("/api/v1/documents/quyet-dinh-so", json=data)
    assert resp.status_code == 200
    doc = docx.Document(io.BytesIO(resp.data))
    assert "DANH SÁCH" not in [p.text for p in doc.paragraphs] and len(doc.tables) == 2


def test_pdf_of_the_uploaded_decision(tmp_path):
    """The same request with ?format=pdf: LibreOffice lays it out on two pages, the list on the second."""
    from service import create_app
    from service.adapters.pdf import pdf_page_count, pdf_text

    app = create_app(
        {"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": True, "PDF_WORKERS": 1}
    )
    try:
        client = app.test_client()
        form = {
            "id": "quyet-dinh-so",
            "ten": "Quyết định",
            "file": (io.BytesIO(decision_template()), "qd.docx"),
        }
        assert (
            client.post("/api/v1/templates", data=form, content_type="multipart/form-data").status_code == 201
        )
        data = json.loads((FIXTURES / f"{KIND}.json").read_text(encoding="utf-8"))
        resp = client.post("/api/v1/documents/quyet-dinh-so?format=pdf", json=data)
        assert resp.status_code == 200 and resp.mimetype == "application/pdf", resp.get_data(as_text=True)[
            :300
        ]
        assert pdf_page_count(resp.data) == 2
        text = " ".join(pdf_text(resp.data).split())
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DANH SÁCH" in text
    finally:
        app.extensions["pdf"].close()
        app.extensions["documents"].uploaded.runner.close()


def test_format_checker_findings_come_with_the_upload(client, uploaded):
    """The kiểm tra thể thức checker runs on the trial render: the building blocks pass it; a
    plain form without the decree's header is told what is missing."""
    assert uploaded["kiem_tra"]["dat"] is True and uploaded["kiem_tra"]["loi"] == []
    assert uploaded["kiem_tra"]["loai_van_ban"] == KIND
    from tests.templates.test_api import cert

    form = {"id": "giay-chung-nhan", "ten": "Giấy chứng nhận", "file": (io.BytesIO(cert()), "g.docx")}
    body = client.post("/api/v1/templates", data=form, content_type="multipart/form-data").get_json()
    assert body["kiem_tra"]["dat"] is False
    assert "quoc_hieu.thieu" in {f["ma"] for f in body["kiem_tra"]["loi"]}
    stored = client.get("/api/v1/templates/giay-chung-nhan").get_json()
    assert stored["kiem_tra"] == body["kiem_tra"]
