"""Quyết định (Mẫu 1.2) read back: header, QUYẾT ĐỊNH and trích yếu, the authority line, căn cứ
in italics, QUYẾT ĐỊNH:, Điều with titles, khoản and điểm, the end mark, the signature."""

from __future__ import annotations

from docx.shared import Mm, Pt

from tests.layout.docx_read import (
    CENTER,
    JUSTIFY,
    alignment,
    all_bold,
    all_italic,
    para_attr,
    run_attr,
    sizes,
    text_runs,
)
from tests.layout.forms_check import (
    body_paragraphs,
    check_header,
    check_page,
    check_signature,
    check_title,
    fixture,
    para,
    render,
    texts,
)


def test_fixture_laid_out_as_mau_1_2(client):
    data, doc = render(client, "quyet-dinh")
    check_page(doc)
    check_header(doc, data)
    check_title(doc, "QUYẾT ĐỊNH", data["trich_yeu"].split("\n"))
    authority = para(doc, "GIÁM ĐỐC SỞ NỘI VỤ")
    assert all_bold(authority) and alignment(authority) == CENTER and sizes(doc, authority) == {14}
    bases = [p for p in doc.paragraphs if p.style.name == "VB Căn cứ"]
    assert [p.text for p in bases] == [
        data["can_cu"][0] + ";",
        data["can_cu"][1] + ";",
        "Theo đề nghị của Chánh Văn phòng Sở.",
    ]
    for p in bases:
        assert all_italic(p) and alignment(p) == JUSTIFY and sizes(doc, p) == {14}
    decide = para(doc, "QUYẾT ĐỊNH:")
    assert all_bold(decide) and alignment(decide) == CENTER
    t = texts(doc)
    assert t.index("GIÁM ĐỐC SỞ NỘI VỤ") < t.index(bases[0].text) < t.index("QUYẾT ĐỊNH:")
    check_articles(doc)
    check_signature(doc, data)


def check_articles(doc, *, styles=("VB ",)) -> list:
    """The articles: justified, first-line indent 1 cm, ≥ 6 pt before, 1–1.5 lines, 14 pt upright;
    the last ends with ./. and is kept with the signature."""
    body = [
        p for p in body_paragraphs(doc) if p.style.name != "VB Căn cứ" and p.style.name.startswith(styles)
    ]
    assert body
    for p in body:
        assert alignment(p) == JUSTIFY
        assert Mm(10) - 5000 <= para_attr(p, "first_line_indent") <= Mm(12.7) + 5000
        assert para_attr(p, "space_before") >= Pt(6) and 1.0 <= para_attr(p, "line_spacing") <= 1.5
        assert sizes(doc, p) == {14} and not any(run_attr(p, r, "italic") for r in text_runs(p))
    assert body[-1].text.endswith("./.") and para_attr(body[-1], "keep_with_next")
    return body


def test_articles_titles_clauses_and_points(client):
    _, doc = render(client, "quyet-dinh")
    body = body_paragraphs(doc)
    texts_ = [p.text for p in body]
    start = texts_.index("Điều 1. Thành lập Tổ công tác")
    assert texts_[start:] == [
        "Điều 1. Thành lập Tổ công tác",
        "Thành lập Tổ công tác rà soát thủ tục hành chính năm 2026 của Sở Nội vụ, gồm các ông, bà:",
        "1. Ông Nguyễn Văn Bình, Phó Giám đốc Sở, Tổ trưởng.",
        "2. Bà Trần Thị Cúc, Chánh Văn phòng Sở, Tổ phó.",
        "3. Ông Lê Đức Dũng, Chuyên viên Văn phòng Sở, thành viên.",
        "Điều 2. Nhiệm vụ của Tổ công tác",
        "1. Rà soát các thủ tục hành chính thuộc thẩm quyền giải quyết của Sở",
        "a) Đánh giá sự cần thiết, tính hợp lý của từng thủ tục;",
        "b) Đề xuất phương án đơn giản hóa.",
        "2. Báo cáo kết quả rà soát trước ngày 30 tháng 9 năm 2026.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 4. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các ông, bà có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này./.",
    ]
    titled = body[start]
    assert all_bold(titled) and para_attr(titled, "keep_with_next")  # a title stays with its text
    plain = body[start + 10]
    label, rest = text_runs(plain)[:2]
    assert label.text == "Điều 3." and run_attr(plain, label, "bold")
    assert not run_attr(plain, rest, "bold")
    assert all_bold(body[start + 6])  # a khoản with points is a title (bold)
    for p in (body[start + 2], body[start + 7], body[start + 9]):
        assert not all_bold(p) and alignment(p) == JUSTIFY


def test_string_article_lines_are_outline(client):
    data = fixture("quyet-dinh") | {
        "dieu": ["Giao nhiệm vụ như sau:\n1. Phòng A:\na) Việc một.", "Thi hành."]
    }
    _, doc = render(client, "quyet-dinh", data)
    t = [p.text for p in body_paragraphs(doc)]
    assert t[-4:] == ["Điều 1. Giao nhiệm vụ như sau:", "1. Phòng A:", "a) Việc một.", "Điều 2. Thi hành./."]


def test_symbol_must_start_with_qd(client):
    resp = client.post("/api/v1/documents/quyet-dinh", json=fixture("quyet-dinh") | {"ky_hieu": "QyĐ-SNV"})
    assert resp.status_code == 422
    assert [e["path"] for e in resp.get_json()["errors"]] == ["/ky_hieu"]
    bad = fixture("quyet-dinh") | {"dieu": [{"tieu_de": "Không có nội dung"}, 5]}
    resp = client.post("/api/v1/documents/quyet-dinh", json=bad)
    assert resp.status_code == 422
    paths = {e["path"] for e in resp.get_json()["errors"]}
    assert paths & {"/dieu/0", "/dieu/0/noi_dung"} and "/dieu/1" in paths
