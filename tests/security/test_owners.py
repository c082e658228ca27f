"""Pages closed when API keys are set without web users, and jobs that belong to the key or
user that made them, attacked on the real service (issue 13, item 7)."""

from __future__ import annotations

import copy
import json
import time

from werkzeug.security import generate_password_hash

from service.domain.kinds import KINDS
from tests.security.live import call
from tests.security.test_sessions import Browser

KEY_A, KEY_B = "k-a-5c1e9f3b7d2a4e6c8b0d", "k-b-8e2d4c6a0f1b3d5e7a9c"
KIND = "quyet-dinh-khen-thuong"


def _job(srv, key: str) -> str:
    chung = copy.deepcopy(KINDS[KIND].vi_du)
    body = json.dumps({"chung": chung, "items": [{"trich_yeu": "Về việc tặng Giấy khen"}] * 3})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    status, _, data = call(srv, "POST", f"/api/v1/batches/{KIND}?async=1", body.encode(), headers)
    assert status == 202, data[:300]
    job = json.loads(data)
    end = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < end:
        time.sleep(0.2)
        job = json.loads(call(srv, "GET", f"/api/v1/jobs/{job['id']}", headers=headers)[2])
    assert job["state"] == "done"
    return job["id"]


def test_pages_closed_with_keys_and_no_users(serve):
    srv = serve({"VB_WORKERS": "1", "VB_API_KEYS": f"{KEY_A},{KEY_B}"})
    job_id = _job(srv, KEY_A)
    for path in ("/", "/mau/ke-hoach", f"/lo/{job_id}", f"/lo/{job_id}/ket-qua", "/mau/ke-hoach/vi-du.xlsx"):
        status, headers, data = call(srv, "GET", path)
        assert status == 403, (path, status)
        page = data.decode()
        assert headers["content-type"].startswith("text/html") and "VB_WEB_USERS" in page, path
        assert "đang đóng" in page
    for path in ("/mau/ke-hoach", "/mau/ke-hoach/tai-len", f"/lo/{job_id}/huy"):
        assert call(srv, "POST", path, b"", {"Content-Type": "application/x-www-form-urlencoded"})[0] in (
            400,
            403,
        )
    assert call(srv, "GET", "/healthz")[0] == 200


def test_jobs_belong_to_their_key_or_user(serve):
    password = "mật-khẩu-Chủ-77"
    users = ",".join(
        f"{u}:{generate_password_hash(password, method='pbkdf2:sha256:1000')}" for u in ("an", "binh")
    )
    srv = serve({"VB_WORKERS": "2", "VB_API_KEYS": f"{KEY_A},{KEY_B}", "VB_WEB_USERS": users})
    job_id = _job(srv, KEY_A)
    own = {"Authorization": f"Bearer {KEY_A}"}
    other = {"Authorization": f"Bearer {KEY_B}"}
    for path in (f"/api/v1/jobs/{job_id}", f"/api/v1/jobs/{job_id}/result"):
        assert call(srv, "GET", path, headers=own)[0] == 200
        status, headers, _ = call(srv, "GET", path, headers=other)
        assert status == 404 and headers["content-type"] == "application/problem+json"
    assert call(srv, "DELETE", f"/api/v1/jobs/{job_id}", headers=other)[0] == 404
    # A clerk's pages do not hand out the key's job either.
    clerk = Browser(srv)
    assert clerk.login(password=password, user="an")[0] == 302
    for path in (f"/lo/{job_id}", f"/lo/{job_id}/ket-qua", f"/lo/{job_id}/trang-thai"):
        assert clerk.go("GET", path)[0] == 404, path
    token = clerk.token("/mau/ke-hoach")
    assert clerk.go("POST", f"/lo/{job_id}/huy", {"_csrf": token})[0] == 404
    # The owner still has it.
    assert call(srv, "GET", f"/api/v1/jobs/{job_id}/result", headers=own)[0] == 200
