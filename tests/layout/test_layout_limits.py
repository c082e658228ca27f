"""Limits that keep the decree's layout (domain/layout_limits.py): a title that would push the
body off page 1 is refused with the clerk's message; the longest title accepted still leaves
page 1 with the body's start, checked on LibreOffice's PDF (issue 12, point 6)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from service.domain.layout_limits import TRICH_YEU, printed_lines

ROOT = Path(__file__).resolve().parents[2]
WORDS = "Về việc tăng cường kỷ luật, kỷ cương hành chính và văn hóa công vụ năm 2026 tại các sở ngành".split()


def _longest_title() -> str:
    """The longest title made of WORDS that still prints on TRICH_YEU.lines lines."""
    words: list[str] = []
    while True:
        candidate = " ".join([*words, WORDS[len(words) % len(WORDS)]])
        if printed_lines(candidate, TRICH_YEU.width, TRICH_YEU.size_pt, bold=True) > TRICH_YEU.lines:
            return " ".join(words)
        words.append(WORDS[len(words) % len(WORDS)])


def _fixture(kind: str) -> dict:
    return json.loads((ROOT / "fixtures" / f"{kind}.json").read_text(encoding="utf-8"))


def test_a_5000_character_title_is_refused_with_a_clear_message(client):
    data = _fixture("ke-hoach")
    data["trich_yeu"] = ("Về việc triển khai nhiệm vụ " * 200)[:5000]
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 422
    [error] = [e for e in resp.get_json()["errors"] if e["path"] == "/trich_yeu"]
    assert error["code"] == "layout"
    assert "Trích yếu quá dài" in error["message"] and f"tối đa {TRICH_YEU.lines} dòng" in error["message"]
    assert "trang 1" in error["message"] and "5.000 ký tự" in error["message"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("nguoi_ky", "ho_ten"), "Nguyễn Thị Hồng Nhung Phương Thảo Minh Châu Ngọc Anh"),
        (("ky_hieu",), "KH-UBND-SNV-STC-SKHĐT-STNMT-SXD"),
        (("dia_danh",), "Thành phố Hồ Chí Minh thuộc vùng kinh tế trọng điểm phía Nam của Việt Nam"),
    ],
)
def test_one_line_fields_that_would_wrap_are_refused(client, path, value):
    data = _fixture("ke-hoach")
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 422
    pointer = "/" + "/".join(path)
    assert [e["code"] for e in resp.get_json()["errors"] if e["path"] == pointer] == ["layout"]


def test_real_names_fit(client):
    data = _fixture("ke-hoach")
    data["dia_danh"] = "Thành phố Hồ Chí Minh"
    data["co_quan_chu_quan"] = "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    data["co_quan_ban_hanh"] = "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN\nTỈNH BÀ RỊA - VŨNG TÀU"
    data["nguoi_ky"]["ho_ten"] = "Nguyễn Thị Hồng Nhung"
    assert client.post("/api/v1/documents/ke-hoach", json=data).status_code == 200


def test_the_longest_accepted_title_leaves_the_body_on_page_1(client, tmp_path):
    assert shutil.which("soffice") and shutil.which("pdftotext"), (
        "installed by scripts/install-system-deps.sh"
    )
    data = copy.deepcopy(_fixture("ke-hoach"))
    data["trich_yeu"] = _longest_title()
    assert len(data["trich_yeu"]) > 300
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 200, resp.get_json()
    (tmp_path / "kh.docx").write_bytes(resp.data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "kh.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(tmp_path / "kh.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page1 = " ".join(unicodedata.normalize("NFC", page1).split())
    body = data["noi_dung"] if isinstance(data["noi_dung"], str) else ""
    first_lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()][:3]
    assert first_lines and all(line[:30] in page1 for line in first_lines), page1[-600:]
