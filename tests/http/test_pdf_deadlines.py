"""Nested timeouts (PDF conversion < render deadline < gunicorn's timeout), all from
service/config.py, and a document that outlasts its conversion time: the API and the preview
page answer in time, the next PDF works, no LibreOffice keeps working on the abandoned one."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.load import free_port
from service import config, create_app
from service.adapters.pdf import MSG_TIMEOUT
from service.http import forms
from tests.adapters.lo_procs import wait_gone

ROOT = Path(__file__).resolve().parents[2]


def test_default_timeouts_are_nested_and_gunicorn_uses_them(monkeypatch):
    cfg = config.load()
    assert 0 < cfg["PDF_TIMEOUT_S"] < cfg["RENDER_TIMEOUT_S"] < cfg["WORKER_TIMEOUT_S"]
    assert config.server()["timeout"] == cfg["WORKER_TIMEOUT_S"]
    monkeypatch.setenv("VB_WORKER_TIMEOUT", "90")
    assert config.server()["timeout"] == config.load()["WORKER_TIMEOUT_S"] == 90
    conf = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert re.search(r"^timeout = _SETTINGS\[\"timeout\"\]$", conf, re.M)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VB_PDF_TIMEOUT_S": "30"}, "VB_PDF_TIMEOUT_S (30) must be below VB_RENDER_TIMEOUT_S (30)"),
        ({"VB_RENDER_TIMEOUT_S": "60"}, "VB_RENDER_TIMEOUT_S (60) must be below VB_WORKER_TIMEOUT (60)"),
        ({"VB_WORKER_TIMEOUT": "15", "VB_RENDER_TIMEOUT_S": "0"}, "VB_PDF_TIMEOUT_S (20) must be below"),
    ],
)
def test_timeouts_out_of_order_are_refused(monkeypatch, tmp_path, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=re.escape(message)):
        create_app({"DATA_DIR": str(tmp_path)})


def test_gunicorn_refuses_to_start_with_timeouts_out_of_order(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "VB_DATA_DIR": str(tmp_path),
        "VB_BIND": f"127.0.0.1:{free_port()}",
        "VB_PDF_TIMEOUT_S": "45",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run([str(gunicorn), "wsgi:app"], cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert done.returncode != 0
    assert b"VB_PDF_TIMEOUT_S (45) must be below VB_RENDER_TIMEOUT_S (30)" in done.stderr


def long_table(data: dict, rows: int = 4000) -> dict:
    out = dict(data)
    out["noi_dung"] = [
        {
            "bang": {
                "tieu_de": ["Nội dung", "Kinh phí"],
                "dong": [[f"Tập huấn đợt {i}", "1.500.000"] for i in range(rows)],
            }
        }
    ]
    return out


def _pdf_app(data_dir, pdf_timeout_s: float):  # type: ignore[no-untyped-def]
    """An app with one started converter that gives up after `pdf_timeout_s`."""
    app = create_app(
        {
            "DATA_DIR": str(data_dir),
            "TESTING": True,
            "PDF_ENABLED": True,
            "PDF_WORKERS": 1,
            "PDF_TIMEOUT_S": pdf_timeout_s,
            "RENDER_TIMEOUT_S": 12,
        }
    )
    assert app.extensions["pdf"].timeout == pdf_timeout_s
    app.extensions["pdf"].start()
    return app


@pytest.fixture(scope="module")
def app(tmp_path_factory):  # type: ignore[no-untyped-def]
    app = _pdf_app(tmp_path_factory.mktemp("var"), 3)
    yield app
    app.extensions["pdf"].close()


def _wait_for_converter(app) -> int:  # type: ignore[no-untyped-def]
    end = time.monotonic() + 60
    while not app.extensions["pdf"].soffice_pids() and time.monotonic() < end:
        time.sleep(0.1)
    (pid,) = app.extensions["pdf"].soffice_pids()
    return pid


def test_api_pdf_past_its_time_is_503_and_the_next_pdf_works(app, fixture_data):
    client = app.test_client()
    before = _wait_for_converter(app)
    t0 = time.monotonic()
    resp = client.post("/api/v1/documents/ke-hoach?format=pdf", json=long_table(fixture_data("ke-hoach")))
    assert time.monotonic() - t0 < 12
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
    assert resp.get_json()["detail"] == MSG_TIMEOUT
    assert not wait_gone({before}), "the abandoned LibreOffice kept working"
    _wait_for_converter(app)
    ok = client.post("/api/v1/documents/ke-hoach?format=pdf", json=fixture_data("ke-hoach"))
    assert ok.status_code == 200 and ok.data.startswith(b"%PDF-")


@pytest.fixture()
def quick_app(tmp_path):  # type: ignore[no-untyped-def]
    """An app whose conversions give up after 0.5 s: the longest body a form accepts (~500,000
    characters, 8,000 lines) takes ~1.1 s of LibreOffice on an idle 2-core machine, the
    fixture's kế hoạch ~0.05 s."""
    app = _pdf_app(tmp_path, 0.5)
    yield app
    app.extensions["pdf"].close()


def test_preview_page_past_its_time_answers_in_time_with_the_docx(quick_app, fixture_data):
    app = quick_app
    client = app.test_client()
    before = _wait_for_converter(app)
    page = client.get("/mau/ke-hoach").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = dict(fixture_data("ke-hoach"))
    data["noi_dung"] = "\n".join(
        f"{i}. Nhiệm vụ thứ {i} của kế hoạch, thực hiện trong năm." for i in range(1, 8001)
    )
    t0 = time.monotonic()
    resp = client.post("/mau/ke-hoach", data={"_csrf": token, "_hanh_dong": "xem", **forms.flatten(data)})
    assert time.monotonic() - t0 < 12
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html[:500]
    assert MSG_TIMEOUT in html and ".docx" in html  # the conversion gave up, the page did not
    assert not wait_gone({before})
    _wait_for_converter(app)
    ok = client.post("/api/v1/documents/ke-hoach?format=pdf", json=fixture_data("ke-hoach"))
    assert ok.status_code == 200 and ok.data.startswith(b"%PDF-")


def test_preview_page_is_under_the_render_deadline(tmp_path, fixture_data):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "TESTING": True,
            "PDF_ENABLED": False,
            "RENDER_TIMEOUT_S": 0.001,
            "TEMPLATE_TIMEOUT_S": 0,
        }
    )
    client = app.test_client()
    page = client.get("/mau/ke-hoach").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = dict(fixture_data("ke-hoach"))
    data["noi_dung"] = "\n".join([data["noi_dung"]] * 20)
    resp = client.post("/mau/ke-hoach", data={"_csrf": token, "_hanh_dong": "xem", **forms.flatten(data)})
    assert resp.status_code == 503


def test_preview_of_a_long_document_shows_its_first_pages_in_time(tmp_path, fixture_data):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": True, "PDF_WORKERS": 1})
    try:
        client = app.test_client()
        page = client.get("/mau/ke-hoach").get_data(as_text=True)
        token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        data = dict(fixture_data("ke-hoach"))
        data["noi_dung"] = "\n".join(f"{i}. Nhiệm vụ thứ {i} của kế hoạch." for i in range(1, 1501))
        resp = client.post("/mau/ke-hoach", data={"_csrf": token, "_hanh_dong": "xem", **forms.flatten(data)})
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200
        total = int(re.search(r"văn bản có (\d+) trang", html).group(1))
        assert total > 10 and html.count('class="page"') == 10 and f"Trang 10/{total}" in html
    finally:
        app.extensions["pdf"].close()
