"""Limits are configuration: body size (413), the render deadline (503), request ids."""

from __future__ import annotations

import json
import signal
import threading
import time

import pytest

from service import create_app
from service.http import deadline
from service.http.deadline import time_left


def make(tmp_path, **over):
    return create_app({"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": False, **over})


def test_body_over_max_content_length_is_413(tmp_path, fixture_data):
    app = make(tmp_path, MAX_CONTENT_LENGTH=2048)
    c = app.test_client()
    small = dict(fixture_data("ke-hoach"), noi_dung="I. MỤC ĐÍCH\nNội dung ngắn.")
    assert c.post("/api/v1/documents/ke-hoach", json=small).status_code == 200
    resp = c.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach"))
    assert resp.status_code == 413
    assert resp.mimetype == "application/problem+json"
    assert json.loads(resp.data)["status"] == 413


def test_default_limit_refuses_a_5_mb_body(client):
    resp = client.post(
        "/api/v1/documents/ke-hoach",
        data=b"{" + b" " * (5 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert resp.status_code == 413


def test_render_deadline_gives_503_problem(tmp_path, fixture_data):
    big = dict(fixture_data("ke-hoach"))
    big["noi_dung"] = "\n".join([big["noi_dung"]] * 35)  # a long valid kế hoạch
    app = make(tmp_path, RENDER_TIMEOUT_S=0.001, TEMPLATE_TIMEOUT_S=0)
    resp = app.test_client().post("/api/v1/documents/ke-hoach", json=big)
    assert resp.status_code == 503
    body = json.loads(resp.data)
    assert body["type"] == "/problems/render-timeout"
    assert body["request_id"] == resp.headers["X-Request-Id"]
    # The same document within the default deadline renders, and no timer is left armed.
    ok = make(tmp_path).test_client().post("/api/v1/documents/ke-hoach", json=big)
    assert ok.status_code == 200
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert time_left() is None  # nothing left armed for this thread


def test_render_deadline_in_a_request_thread(tmp_path, fixture_data):
    """gunicorn's gthread workers serve requests off the main thread: the deadline holds there."""
    big = dict(fixture_data("ke-hoach"))
    big["noi_dung"] = "\n".join([big["noi_dung"]] * 35)
    app = make(tmp_path, RENDER_TIMEOUT_S=0.001, TEMPLATE_TIMEOUT_S=0)
    out = {}
    worker = threading.Thread(
        target=lambda: out.update(resp=app.test_client().post("/api/v1/documents/ke-hoach", json=big))
    )
    worker.start()
    worker.join(60)
    assert out["resp"].status_code == 503
    assert json.loads(out["resp"].data)["type"] == "/problems/render-timeout"


class _SlowFinalizer:
    def __del__(self):
        end = time.monotonic() + 0.2
        while time.monotonic() < end:  # Python code: the deadline lands in here
            pass


def test_a_deadline_swallowed_by_a_finalizer_is_raised_again():
    """An exception raised in a finalizer (``__del__``, a gc callback) is swallowed by Python;
    a deadline landing there is raised again as soon as the finalizer returns."""
    deadline.arm(0.02)
    try:
        obj = _SlowFinalizer()
        with pytest.raises(deadline.RenderDeadline):
            del obj  # the deadline passes inside __del__ and is swallowed there
            end = time.monotonic() + 5
            while time.monotonic() < end:
                pass
            pytest.fail("the deadline was lost in the finalizer")
    finally:
        deadline.disarm()


def test_deadline_zero_disables_it(tmp_path, fixture_data):
    app = make(tmp_path, RENDER_TIMEOUT_S=0)
    assert (
        app.test_client().post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach")).status_code == 200
    )


def test_safe_request_id_is_echoed_unsafe_replaced(client):
    resp = client.get("/api/v1/templates", headers={"X-Request-Id": "abc-123.XY_z"})
    assert resp.headers["X-Request-Id"] == "abc-123.XY_z"
    for bad in ("a b", "x" * 65, "<script>", "id\u00e9", "a\\b", ""):
        resp = client.post("/api/v1/documents/khong-co", json={}, headers={"X-Request-Id": bad})
        rid = resp.headers["X-Request-Id"]
        assert rid != bad and len(rid) == 32 and rid.isalnum()
        assert json.loads(resp.data)["request_id"] == rid


def test_every_problem_carries_the_request_id(client):
    page = client.get("/khong-co")  # a page address: HTML for people (tests/http/test_unknown_addresses.py)
    assert page.status_code == 404 and page.headers["X-Request-Id"]
    cases = [
        client.get("/api/v1/khong-co"),
        client.delete("/api/v1/templates"),
        client.post("/api/v1/documents/ke-hoach", data="x", content_type="text/plain"),
        client.post("/api/v1/documents/ke-hoach", json={"so": "x"}),
    ]
    for resp in cases:
        assert resp.status_code in (400, 404, 405, 422)
        assert resp.mimetype == "application/problem+json"
        assert json.loads(resp.data)["request_id"] == resp.headers["X-Request-Id"]
