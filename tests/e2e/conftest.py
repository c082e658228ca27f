"""A real server (werkzeug thread on a free port) with PDF enabled, and a headless chromium."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from service import create_app

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Package scope (tests/e2e has an __init__.py for it): the server, its LibreOffice and the
# browser stop when the browser tests are done, not at the very end of the whole run, where a
# browser that died meanwhile could hold the run's teardown.
@pytest.fixture(scope="package")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("e2e-var")
    app = create_app({"DATA_DIR": str(data_dir), "PDF_ENABLED": True, "PDF_WORKERS": 1})
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=10)
    app.extensions["pdf"].close()


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        if b.is_connected():  # closing a browser that is already gone waits forever
            b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(
        viewport={"width": 1000, "height": 900}, accept_downloads=True, locale="vi-VN"
    )
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture()
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(pg, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take
