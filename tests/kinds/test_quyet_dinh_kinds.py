"""The quyết định kinds (Mẫu 1.2, 1.3) as the first kinds have them: a 100-document batch as a
ZIP and merged, the clerk's form (each Điều in a text area), the example spreadsheet, and
LibreOffice laying out every one-line element on one line."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import docx
import pytest

from service.domain.kinds import KINDS
from service.http import forms
from tests.conftest import load_fixture
from tests.layout.forms_check import QUOC_HIEU, TIEU_NGU
from tests.layout.pdf_lines import convert_fixtures, on_one_line, pdf_pages

MINE = [k for k in ("quyet-dinh", "quyet-dinh-ban-hanh") if k in KINDS]
N = 100


def _items() -> list[dict]:
    return [{"nguoi_ky": {"ho_ten": f"Nguyễn Văn Ký {i:03d}"}} for i in range(N)]


@pytest.mark.parametrize("kind", MINE)
def test_hundred_decisions_as_zip_and_merged(client, kind):
    body = {"chung": load_fixture(kind), "items": _items(), "so_bat_dau": 1}
    resp = client.post(f"/api/v1/batches/{kind}", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [r["so"] for r in rows] == [str(i) for i in range(1, N + 1)]
    ky_hieu = load_fixture(kind)["ky_hieu"]
    for i in (0, 57, N - 1):
        doc = docx.Document(io.BytesIO(archive.read(rows[i]["file"])))
        assert doc.tables[0].cell(1, 0).paragraphs[0].text == f"Số: {i + 1:02d}/{ky_hieu}"
        assert f"Nguyễn Văn Ký {i:03d}" in doc.element.xml
    resp = client.post(f"/api/v1/batches/{kind}", json={**body, "dau_ra": "gop"})
    assert resp.status_code == 200
    merged = docx.Document(io.BytesIO(resp.data))
    single = docx.Document(io.BytesIO(client.post(f"/api/v1/documents/{kind}", json=load_fixture(kind)).data))
    assert len(merged.sections) == N * len(single.sections)
    assert all(f"Nguyễn Văn Ký {i:03d}" in merged.element.xml for i in range(N))


@pytest.mark.parametrize("kind", MINE)
def test_form_articles_in_text_areas_and_submit(client, kind):
    page = client.get(f"/mau/{kind}").get_data(as_text=True)
    assert re.search(r'<textarea id="f-dieu-0" name="dieu.0"', page)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = load_fixture(kind)
    data["dieu"] = ["Giao nhiệm vụ như sau:\n1. Phòng A thực hiện.\n2. Phòng B phối hợp.", "Thi hành."]
    resp = client.post(f"/mau/{kind}", data={"_csrf": token, **forms.flatten(data)})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    link = re.search(r'href="(/tai-ve/[^"]+\.docx)"', resp.get_data(as_text=True)).group(1)
    doc = docx.Document(io.BytesIO(client.get(link).data))
    t = [p.text for p in doc.paragraphs]
    assert "Điều 1. Giao nhiệm vụ như sau:" in t and "2. Phòng B phối hợp." in t


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    return convert_fixtures(MINE, load_fixture, tmp_path_factory.mktemp("lo-qd"))


@pytest.mark.parametrize("kind", MINE)
def test_libreoffice_keeps_one_line_elements_on_one_line(pdfs, kind):
    data = load_fixture(kind)
    pages = pdf_pages(pdfs / f"{kind}.pdf")
    first = pages[0]
    expected = [
        QUOC_HIEU,
        TIEU_NGU,
        f"Số: {data['so']:02d}/{data['ky_hieu']}",
        "QUYẾT ĐỊNH",
        data["tham_quyen"].upper(),
        "QUYẾT ĐỊNH:",
    ]
    for text in expected:
        assert on_one_line(first, text), (text, first)
    lines = [line for page in pages for line in page]
    signer = data["nguoi_ky"]
    for text in (signer["chuc_vu"].upper(), signer["ho_ten"]):
        assert on_one_line(lines, text), text
