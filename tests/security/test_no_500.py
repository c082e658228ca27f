"""Inputs that once answered 500 from the real service (issue 13, item 10): each now gets a
clear 4xx or a redirect to a safe place."""

from __future__ import annotations

from urllib.parse import quote

from tests.security.live import as_json, call, multipart


def test_hostile_input_never_500(serve):
    srv = serve({"VB_WORKERS": "1"})
    # A return address with CR/LF (header injection attempt) after the login page.
    for nxt in ("/x\r\nSet-Cookie: a=b", "/\nLocation: https://evil.example/", "/a\tb", "/\x00"):
        status, headers, _ = call(srv, "GET", "/dang-nhap?next=" + quote(nxt, safe=""))
        assert status in (302, 303), (nxt, status)
        assert headers["location"] in ("/", f"http://127.0.0.1:{srv.port}/")
        assert "set-cookie" not in headers or "a=b" not in headers["set-cookie"]
    # `chung` nested 200,000 deep in a multipart batch (RecursionError in the JSON decoder).
    deep = "[" * 200_000 + "]" * 200_000
    deep_obj = '{"a":' * 200_000 + "1" + "}" * 200_000
    for chung in (deep, deep_obj):
        for kind, dau_ra, head in (
            ("ke-hoach", "zip", b"trich_yeu\n"),
            ("quyet-dinh-khen-thuong", "danh_sach", b"ho_ten\n"),
        ):
            body, ctype = multipart({"chung": chung, "dau_ra": dau_ra, "file": ("x.csv", head + b"A\n")})
            status, headers, data = call(
                srv, "POST", f"/api/v1/batches/{kind}", body, {"Content-Type": ctype}
            )
            assert status in (400, 422), (kind, status, data[:300])
            assert headers["content-type"] == "application/problem+json"
            problem = as_json(data)
            assert "sâu" in (problem["detail"] + str(problem.get("errors"))), problem
    # The same depth as a JSON batch and as a single document.
    for path in ("/api/v1/batches/ke-hoach", "/api/v1/documents/ke-hoach"):
        status, _, _ = call(srv, "POST", path, deep.encode(), {"Content-Type": "application/json"})
        assert status == 400
    assert "Traceback" not in srv.output()
