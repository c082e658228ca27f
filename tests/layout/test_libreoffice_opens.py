"""LibreOffice opens every fixture's document: a real conversion to PDF, pages and text checked."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KINDS = ["ke-hoach", "bao-cao", "quyet-dinh-khen-thuong"]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    from service import create_app

    assert shutil.which("soffice"), "LibreOffice is installed by scripts/install-system-deps.sh"
    out = tmp_path_factory.mktemp("lo")
    client = create_app({"PDF_ENABLED": False}).test_client()
    names = []
    for kind in KINDS:
        data = json.loads((ROOT / "fixtures" / f"{kind}.json").read_text(encoding="utf-8"))
        resp = client.post(f"/api/v1/documents/{kind}", json=data)
        assert resp.status_code == 200
        (out / f"{kind}.docx").write_bytes(resp.data)
        names.append(str(out / f"{kind}.docx"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *names,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_converts_fixture(pdfs, kind):
    pdf = pdfs / f"{kind}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    data = json.loads((ROOT / "fixtures" / f"{kind}.json").read_text(encoding="utf-8"))
    text = _norm(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert _norm(data["trich_yeu"]) in text
    assert data["nguoi_ky"]["ho_ten"] in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" not in fonts  # Vietnamese letters drawn in the Times-metric font, not a fallback


def test_page_two_shows_its_number_page_one_none(pdfs):
    pdf = pdfs / "ke-hoach.pdf"

    def page(n):
        return (
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .split("\n")
        )

    assert page(2)[0].strip() == "2"
    assert page(1)[0].strip() != "1"


def test_templates_themselves_open_in_libreoffice(tmp_path):
    """A clerk edits templates_docx/*.docx in an office suite: the raw templates, tags and
    all, must open too."""
    names = [str(ROOT / "templates_docx" / f"{kind}.docx") for kind in KINDS]
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *names,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for kind in KINDS:
        text = subprocess.run(
            ["pdftotext", str(tmp_path / f"{kind}.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "{{ dong_so }}" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
