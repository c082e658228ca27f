"""Security headers of the real service's pages, previews and downloads (issue 13, item 8).
Browser tests (tests/e2e) check that the pages still work under the policy."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from service.domain.kinds import KINDS
from service.http import forms
from tests.security.live import call


def _assert_hardened(headers: dict[str, str], what: str) -> None:
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, what
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp, what
    assert headers.get("x-content-type-options") == "nosniff", what
    assert headers.get("referrer-policy") == "same-origin", what


def test_pages_previews_and_downloads_carry_security_headers(serve):
    srv = serve({"VB_WORKERS": "1"})
    for path in ("/", "/mau/ke-hoach", "/khong-co", "/healthz", "/api/v1/templates"):
        status, headers, _ = call(srv, "GET", path)
        _assert_hardened(headers, path)
        assert headers.get("cache-control") == "no-store", path
    # A preview: the form posted with its token, then both download links.
    status, headers, page = call(srv, "GET", "/mau/bao-cao")
    cookie = headers["set-cookie"].split(";")[0]
    token = re.search(r'name="_csrf" value="([^"]+)"', page.decode()).group(1)
    form = {"_csrf": token, **forms.flatten(KINDS["bao-cao"].vi_du)}
    status, headers, page = call(
        srv,
        "POST",
        "/mau/bao-cao",
        urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    assert status == 200, page[:500]
    _assert_hardened(headers, "preview")
    assert headers.get("cache-control") == "no-store"
    link = re.search(rb'href="(/tai-ve/[^"]+\.docx)"', page).group(1).decode()
    status, headers, data = call(srv, "GET", link, headers={"Cookie": cookie})
    assert status == 200 and data[:2] == b"PK"
    assert headers.get("cache-control") == "no-store" and headers.get("x-content-type-options") == "nosniff"
    # A document from the API is someone's data too.
    status, headers, _ = call(
        srv,
        "POST",
        "/api/v1/documents/bao-cao",
        json.dumps(KINDS["bao-cao"].vi_du).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 200 and headers.get("cache-control") == "no-store"
    # Static files stay cacheable.
    status, headers, _ = call(srv, "GET", "/static/app.css")
    assert status == 200 and headers.get("cache-control") != "no-store"
