"""POST /api/v1/kiem-tra: the contract's JSON, the commented .docx (read back by python-docx and
by LibreOffice, comments on the right paragraphs), and every kind of bad upload answered with a
clear 413/422 problem, never 5xx."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from lxml import etree

from service.adapters.docx_reader import iter_paragraphs
from tests.checking.builders import build, plan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def faulty() -> tuple[bytes, dict[str, int]]:
    spec = plan("KẾ HOẠCH")
    spec.ngay = "Thái Nguyên, ngày 5 tháng 02 năm 2026"
    spec.fmt["quoc_hieu"] = {"bold": False}
    spec.noi_nhan = spec.noi_nhan[:-1]
    return build(spec)


def test_json_has_the_contract_shape(client):
    data, roles = faulty()
    resp = client.post("/api/v1/kiem-tra", data={"file": (io.BytesIO(data), "kh.docx")},
                       content_type="multipart/form-data")  # fmt: skip
    assert resp.status_code == 200
    body = resp.get_json()
    assert {"loai_van_ban", "dat", "loi"} <= set(body)
    assert body["loai_van_ban"] == "ke-hoach" and body["dat"] is False
    keys = {"ma", "muc_do", "thanh_phan", "vi_tri", "mo_ta", "can_cu", "hien_tai", "dung"}
    for item in body["loi"]:
        assert set(item) == keys
        assert item["muc_do"] in ("loi", "canh_bao")
        assert isinstance(item["vi_tri"]["doan"], int)
        assert item["can_cu"].startswith("Phụ lục")
    where = {(i["ma"], i["vi_tri"]["doan"]) for i in body["loi"]}
    assert ("ngay_thang.so_0", roles["ngay"]) in where
    assert ("quoc_hieu.dam", roles["quoc_hieu"]) in where
    assert ("noi_nhan.thieu_luu", roles["noi_nhan:1"]) in where


def test_raw_body_and_a_correct_document(client):
    data, _ = build(plan("QUYẾT ĐỊNH"))
    resp = client.post("/api/v1/kiem-tra", data=data, content_type=DOCX)
    assert resp.status_code == 200
    assert resp.get_json()["dat"] is True and resp.get_json()["loi"] == []


def _comment_paragraphs(data: bytes) -> dict[str, int]:
    """comment id -> index of the paragraph holding its range start (the reader's walk)."""
    document = docx.Document(io.BytesIO(data))
    out = {}
    for i, p in enumerate(iter_paragraphs(document.element.body)):
        for start in p.iter(f"{W}commentRangeStart"):
            out[start.get(f"{W}id")] = i
    return out


def test_commented_docx_puts_each_finding_on_its_paragraph(client):
    data, _ = faulty()
    findings = client.post("/api/v1/kiem-tra", data=data, content_type=DOCX).get_json()["loi"]
    resp = client.post("/api/v1/kiem-tra?format=docx", data=data, content_type=DOCX)
    assert resp.status_code == 200 and resp.mimetype == DOCX
    document = docx.Document(io.BytesIO(resp.data))
    comments = list(document.comments)
    assert len(comments) == len(findings)
    at = _comment_paragraphs(resp.data)
    for comment, finding in zip(comments, findings, strict=True):
        assert finding["mo_ta"] in comment.text and finding["ma"] in comment.text
        assert at[str(comment.comment_id)] == finding["vi_tri"]["doan"]
    # the text of the document is unchanged
    before = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert [p.text for p in document.paragraphs] == before


def test_libreoffice_opens_the_comments_on_the_right_paragraphs(client, tmp_path):
    assert shutil.which("soffice"), "LibreOffice is installed by scripts/install-system-deps.sh"
    data, roles = faulty()
    resp = client.post("/api/v1/kiem-tra?format=docx", data=data, content_type=DOCX)
    (tmp_path / "in.docx").write_bytes(resp.data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "odt", "--outdir", str(tmp_path), str(tmp_path / "in.docx")],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    with zipfile.ZipFile(tmp_path / "in.odt") as z:
        root = etree.fromstring(z.read("content.xml"))
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "dc": "http://purl.org/dc/elements/1.1/"}  # fmt: skip
    notes = root.xpath("//office:annotation", namespaces=ns)
    assert len(notes) == len(docx.Document(io.BytesIO(resp.data)).comments)
    by_text = {}
    for note in notes:
        para = note.getparent()
        while etree.QName(para).localname not in ("p", "h"):
            para = para.getparent()
        own = "".join(t for t in para.itertext() if t not in "".join(note.itertext()))
        body = " ".join(note.xpath(".//text:p//text()", namespaces=ns))
        by_text[body.split("mã ")[-1].rstrip(")")] = own
    assert "ngày 5 tháng 02" in by_text["ngay_thang.so_0"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in by_text["quoc_hieu.dam"]
    assert "Các sở, ban, ngành" in by_text["noi_nhan.thieu_luu"]
    assert roles  # the builder placed every element


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_document(xml: bytes) -> bytes:
    good, _ = build(plan("KẾ HOẠCH"))
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["word/document.xml"] = xml
    return _zip(members)


BOMB = b'<?xml version="1.0"?><w:document xmlns:w="' + W[1:-1].encode() + b'"><w:body>' + b" " * (80 << 20)
ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<w:document xmlns:w="' + W[1:-1].encode() + b'"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
            b"</w:body></w:document>")  # fmt: skip


@pytest.mark.parametrize(
    ("name", "payload", "status"),
    [
        ("empty", b"", 422),
        ("text", "Kế hoạch số 5".encode(), 422),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 422),
        ("old .doc or encrypted .docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096, 422),
        ("corrupt zip", b"PK\x03\x04" + b"\x00" * 200, 422),
        ("zip without a document", _zip({"hello.txt": b"hi"}), 422),
        ("xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), 422),
        ("zip bomb", _with_document(BOMB), 413),
        ("entity expansion", _with_document(ENTITIES), 422),
        ("broken xml", _with_document(b"<w:document><w:body>"), 422),
        ("many members", _zip({f"x/{i}.xml": b"" for i in range(2500)}, zipfile.ZIP_STORED), 422),
    ],
)
def test_bad_uploads_get_a_clear_problem(client, name, payload, status):
    resp = client.post("/api/v1/kiem-tra", data={"file": (io.BytesIO(payload), "x.docx")},
                       content_type="multipart/form-data")  # fmt: skip
    assert resp.status_code == status, (name, resp.get_data(as_text=True)[:300])
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["status"] == status and body["detail"] and not body["detail"].isascii()
    resp = client.post("/api/v1/kiem-tra?format=docx", data=payload, content_type=DOCX)
    assert resp.status_code == status


def test_huge_upload_is_413_before_it_is_read(tmp_path):
    from service import create_app

    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False,
                      "MAX_CHECK_BYTES": 100_000})  # fmt: skip
    resp = app.test_client().post("/api/v1/kiem-tra", data=b"PK" + b"\0" * 400_000, content_type=DOCX)
    assert resp.status_code == 413 and "giới hạn" in resp.get_json()["detail"]


def test_wrong_content_type_names_the_two_ways(client):
    resp = client.post("/api/v1/kiem-tra", json={"file": "x"})
    assert resp.status_code == 422 and "multipart" in resp.get_json()["detail"]


def test_paragraph_limit_bounds_the_work(tmp_path):
    from service import create_app

    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False,
                      "MAX_CHECK_PARAGRAPHS": 10})  # fmt: skip
    data, _ = build(plan("KẾ HOẠCH"))
    body = app.test_client().post("/api/v1/kiem-tra", data=data, content_type=DOCX).get_json()
    assert body["chi_kiem_tra_mot_phan"] is True
