"""Quyết định (Mẫu 1.2) read back: header, QUYẾT ĐỊNH and trích yếu, the authority line, căn cứ
in italics, QUYẾT ĐỊNH:, Điều with titles, khoản and điểm, the end mark, the signature."""

from __future__ import annotations

from docx.shared import Mm, Pt

from tests.layout.docx_read import (
    CENTER,
    JUSTIFY,
    W,
    alignment,
    all_bold,
    all_italic,
    has_top_border,
    para_attr,
    run_attr,
    sizes,
    text_runs,
)
from tests.layout.forms_check import (
    QUOC_HIEU,
    TIEU_NGU,
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


# ---------------------------------------------------------------- Mẫu 1.3: the issued document
def _issued_start(doc) -> int:
    return texts(doc).index("QUY CHẾ")


def test_ban_hanh_decision_then_issued_document(client):
    data, doc = render(client, "quyet-dinh-ban-hanh")
    check_page(doc)  # both sections A4 portrait, numbered from 1, no number on their first page
    check_header(doc, data)
    check_title(doc, "QUYẾT ĐỊNH", data["trich_yeu"].split("\n"))
    check_signature(doc, data)
    assert len(doc.sections) == 2
    issued = doc.sections[1]
    assert issued.start_type == 2
    assert issued._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    # Its own header: bodies and Quốc hiệu, no Số and no date line.
    head = doc.tables[-1]
    assert len(head.rows) == 1 and len(doc.tables) == 3  # decision header, signature, issued header
    left = [p.text for p in head.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in head.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH THÁI NGUYÊN", "SỞ NỘI VỤ"] and right == [QUOC_HIEU, TIEU_NGU]
    assert not any(t.startswith("Số:") or ", ngày " in t for t in left + right)
    paras = doc.paragraphs
    i = _issued_start(doc)
    name, summary, ref, rule = paras[i : i + 4]
    for p in (name, summary):
        assert all_bold(p) and alignment(p) == CENTER and sizes(doc, p) == {14}
    assert summary.text == "Làm việc của Sở Nội vụ"
    assert ref.text == (
        "(Ban hành kèm theo Quyết định số 36/QĐ-SNV ngày 12 tháng 01 năm 2026 của Giám đốc Sở Nội vụ)"
    )
    assert all_italic(ref) and alignment(ref) == CENTER and sizes(doc, ref) == {14}
    assert has_top_border(rule) and not rule.text
    # The decision's articles end with ./. before its signature; the issued document ends with ./. too.
    assert "Điều 3. Chánh Văn phòng Sở" in " ".join(t for t in texts(doc)[:i])
    assert [t for t in texts(doc)[:i] if t.endswith("./.")] == [
        "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm thi hành Quyết định này./."
    ]
    body = [p for p in paras[i + 4 :] if p.text]
    assert body[-1].text.endswith("./.")


def test_ban_hanh_chapters_sections_articles(client):
    _, doc = render(client, "quyet-dinh-ban-hanh")
    paras = [p for p in doc.paragraphs[_issued_start(doc) + 4 :] if p.text]
    heads = [
        (p.text, p.style.name) for p in paras if p.style.name in ("VB Chương, Mục", "VB Tên chương, mục")
    ]
    assert heads == [
        ("Chương I", "VB Chương, Mục"),
        ("QUY ĐỊNH CHUNG", "VB Tên chương, mục"),
        ("Chương II", "VB Chương, Mục"),
        ("TRÁCH NHIỆM, PHẠM VI GIẢI QUYẾT CÔNG VIỆC", "VB Tên chương, mục"),
        ("Mục 1", "VB Chương, Mục"),
        ("GIÁM ĐỐC SỞ", "VB Tên chương, mục"),
        ("Mục 2", "VB Chương, Mục"),
        ("CÁC PHÓ GIÁM ĐỐC SỞ", "VB Tên chương, mục"),
    ]
    for p in paras:
        if p.style.name.startswith("VB Chương") or p.style.name.startswith("VB Tên chương"):
            assert all_bold(p) and alignment(p) == CENTER and sizes(doc, p) == {14}
            assert para_attr(p, "keep_with_next")
    articles = [p for p in paras if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in articles] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]
    for p in articles:
        assert all_bold(p) and alignment(p) == JUSTIFY and para_attr(p, "keep_with_next")
    clause = next(p for p in paras if p.text.startswith("2. Phân công"))
    assert not all_bold(clause) and alignment(clause) == JUSTIFY


def test_ban_hanh_structured_body_numbered_by_the_service(client):
    data = fixture("quyet-dinh-ban-hanh")
    data["van_ban_kem_theo"]["noi_dung"] = [
        {"chuong": "Quy định chung", "noi_dung": [
            {"dieu": "Phạm vi", "noi_dung": [{"khoan": "Một."}, {"khoan": "Hai."}]},
            {"dieu": "Giải thích từ ngữ", "noi_dung": ["Các từ ngữ dưới đây được hiểu như sau:"]},
        ]},
        {"chuong": "Tổ chức thực hiện", "noi_dung": [
            {"muc": "Trách nhiệm", "noi_dung": [{"dieu": "Hiệu lực", "noi_dung": ["Có hiệu lực từ ngày ký."]}]},
        ]},
    ]  # fmt: skip
    _, doc = render(client, "quyet-dinh-ban-hanh", data)
    t = [p.text for p in doc.paragraphs[_issued_start(doc) + 4 :] if p.text]
    assert t == [
        "Chương I",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi",
        "1. Một.",
        "2. Hai.",
        "Điều 2. Giải thích từ ngữ",
        "Các từ ngữ dưới đây được hiểu như sau:",
        "Chương II",
        "TỔ CHỨC THỰC HIỆN",
        "Mục 1",
        "TRÁCH NHIỆM",
        "Điều 3. Hiệu lực",
        "Có hiệu lực từ ngày ký./.",
    ]


def test_ban_hanh_draft_and_approval_reference_lines(client):
    data = fixture("quyet-dinh-ban-hanh") | {"trich_yeu": "Phê duyệt Kế hoạch đào tạo năm 2026", "nam": 2026}
    data.pop("so")
    data.pop("ngay_ban_hanh")
    data["van_ban_kem_theo"] = {"loai": "kế hoạch", "trich_yeu": "Đào tạo năm 2026", "noi_dung": "Nội dung."}
    _, doc = render(client, "quyet-dinh-ban-hanh", data)
    assert "KẾ HOẠCH" in texts(doc)
    ref = next(p.text for p in doc.paragraphs if p.text.startswith("(Kèm theo Quyết định"))
    assert ref == (
        "(Kèm theo Quyết định số        /QĐ-SNV ngày     tháng     năm 2026 của Giám đốc Sở Nội vụ)"
    )


def test_ban_hanh_needs_the_issued_document(client):
    data = fixture("quyet-dinh-ban-hanh")
    data.pop("van_ban_kem_theo")
    resp = client.post("/api/v1/documents/quyet-dinh-ban-hanh", json=data)
    assert resp.status_code == 422
    assert [e["path"] for e in resp.get_json()["errors"]] == ["/van_ban_kem_theo"]
