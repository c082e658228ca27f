"""LibreOffice converts every fixture of the Phụ lục III kinds; the elements the decree sets on
one line (Quốc hiệu, Tiêu ngữ, Số, date, type name, labelled lines, signer lines) stay on one
line as LibreOffice lays out page 1, and the fonts are the Times-metric ones."""

from __future__ import annotations

import subprocess

import pytest

from service.domain.vn_format import dong_ngay_thang
from tests.layout.forms_check import QUOC_HIEU, TIEU_NGU, fixture
from tests.layout.pdf_lines import convert_fixtures, on_one_line, pdf_pages

# kind -> its one-line elements beyond the common ones (built from the fixture)
FORMS = {
    "cong-van": lambda d: ["Kính gửi:", *(f"- {k};" for k in d["kinh_gui"][:-1])],
    "to-trinh": lambda d: ["TỜ TRÌNH", f"Kính gửi: {d['kinh_gui'][0]}"],
    "thong-bao": lambda d: ["THÔNG BÁO", d["trich_yeu"]],
    "van-ban": lambda d: ["HƯỚNG DẪN", d["trich_yeu"]],
    "giay-gioi-thieu": lambda d: [
        "GIẤY GIỚI THIỆU",
        "Sở Nội vụ trân trọng giới thiệu:",
        f"Được cử đến: {d['duoc_cu_den']}",
    ],
    "bien-ban": lambda d: [
        "BIÊN BẢN",
        "Thời gian bắt đầu: 08 giờ 00, ngày 07 tháng 12 năm 2026",
    ],
    "giay-nghi-phep": lambda d: ["GIẤY NGHỈ PHÉP", f"Ông: {d['nguoi_nghi']['ho_ten']}", "(Chữ ký, dấu)"],
    "giay-moi": lambda d: [
        "GIẤY MỜI",
        "Thời gian: 08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026",
        f"Chủ trì: {d['chu_tri']}",
    ],
}
NO_DATE_LINE = {"bien-ban"}
# one-line elements that may fall on a later page
LATER = {"bien-ban": ["THƯ KÝ", "CHỦ TỌA"]}


def _so(d: dict) -> str:
    return f"Số: {d['so']:02d}/{d['ky_hieu']}"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    return convert_fixtures(FORMS, fixture, tmp_path_factory.mktemp("lo-forms"))


@pytest.mark.parametrize("kind", list(FORMS))
def test_converted_and_one_line_elements_on_one_line(pdfs, kind):
    pdf = pdfs / f"{kind}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    data = fixture(kind)
    pages = pdf_pages(pdf)
    first, every = pages[0], [line for page in pages for line in page]
    date = [] if kind in NO_DATE_LINE else [dong_ngay_thang(data["dia_danh"], data["ngay_ban_hanh"])]
    for text in [QUOC_HIEU, TIEU_NGU, _so(data), *date, *FORMS[kind](data)]:
        assert on_one_line(first, text), (text, first)
    signer = data["nguoi_ky"]
    caps = [*signer.get("quyen_han", []), signer.get("chuc_vu", "")]
    for text in ["Nơi nhận:", *(c.upper() for c in caps if c), signer["ho_ten"], *LATER.get(kind, [])]:
        assert on_one_line(every, text), (text, every)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" not in fonts
