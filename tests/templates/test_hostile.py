"""A hostile-template corpus through the API: refused at upload or rendered harmlessly within the
deadline; never a leak, never a 5xx; the service stays healthy (also under real gunicorn)."""

from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import pytest

from bench.load import Server
from service.config import ROOT
from tests.templates.docx_make import make_docx, zip_bomb

# What a leak would print (the refusals quote the offending tag itself, which is not a leak).
LEAKS = ("<class", "<function", "<module", "<built-in", "<bound", "uid=", "root:x:0", "dict_items", str(ROOT))

ENDLESS = "{% set r = range(10000) %}{% for i in r %}{% for j in r %}{% for k in r %}{% endfor %}{% endfor %}{% endfor %}"


def _docx_with(
    document_xml_patch: tuple[bytes, bytes] | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(make_docx("{{ a }}")))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            body = src.read(info)
            if document_xml_patch and info.filename == "word/document.xml":
                body = body.replace(*document_xml_patch)
            zf.writestr(info, body)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return buf.getvalue()


CORPUS: dict[str, bytes] = {
    **{
        f"escape-{i}": make_docx(src)
        for i, src in enumerate(
            [
                "{{ a.__class__.__mro__[1].__subclasses__() }}",
                "{{ a['__class__'] }}",
                "{{ a|attr('__class__') }}",
                "{{ (a ~ '')['_' ~ '_class_' ~ '_'] }}",
                "{{ '{0.__class__}'.format(a) }}",
                "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
                "{{ joiner.__init__.__globals__ }}",
                "{{ namespace.__init__.__globals__ }}",
                "{% set ns = namespace() %}{% set ns._x = 1 %}{{ ns }}",
                "{{ lipsum.__globals__ }}",
                "{{ self }}",
                "{{ self._TemplateReference__context }}",
                "{{ config }}",
                "{{ config.items() }}",
                "{{ request.environ }}",
                "{{ url_for.__globals__ }}",
                "{{ range.__self__ }}",
                "{{ a.format_map(a) }}",
                "{{ dict.mro() }}",
                "{{ namespace(a=1).__dict__ }}",
                "{{ a.upper.__self__ }}",
                "{% for k in a.__dir__() %}{{ k }}{% endfor %}",
            ]
        )
    },
    "include": make_docx("{% include '/etc/passwd' %}"),
    "import": make_docx("{% import 'os' as os %}{{ os }}"),
    "from-import": make_docx("{% from 'x' import y %}"),
    "extends": make_docx("{% extends 'base.docx' %}"),
    "endless-loop": make_docx(ENDLESS),
    "endless-with-output": make_docx(
        "{% for i in range(10000) %}{% for j in range(10000) %}{{ i }}{% endfor %}{% endfor %}"
    ),
    "macro-recursion": make_docx("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}"),
    "range-10-9": make_docx("{% for i in range(10**9) %}x{% endfor %}"),
    "range-list": make_docx("{{ range(10**9)|list|length }}"),
    "huge-string": make_docx("{{ 'x' * 10**9 }}"),
    "huge-join": make_docx("{{ ('x' * 900000) ~ ('x' * 900000) }}"),
    "huge-center": make_docx("{{ 'x'.ljust(10**9) }}"),
    "huge-pow": make_docx("{{ 10 ** 10 ** 10 }}"),
    "huge-format": make_docx("{{ '%0999999999d' % 1 }}"),
    "broken-expr": make_docx("{{ a b }}"),
    "broken-unclosed": make_docx("{% for x in y %}"),
    "broken-stray-end": make_docx("{% endif %}"),
    "broken-unknown-tag": make_docx("{% exec 'id' %}"),
    "broken-unknown-filter": make_docx("{{ a|system }}"),
    "raw-xml": make_docx("{{ '</w:t></w:r></w:p><w:p>' | safe }}"),
    "raw-xml-p": make_docx("{{p '<w:p><w:r>' | safe }}"),
    "tag-in-core-title": _docx_with(None, {"docProps/core.xml": b"<x>{{ a.__class__ }}</x>"})
    if False
    else _docx_with((b"{{ a }}", b"{{ a }}")),
    "doctype": _docx_with((b"?>", b'?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>')),
    "not-xml": _docx_with((b"</w:body>", b"</w:bod")),
    "zip-bomb": zip_bomb(),
    "not-a-docx": b"%PDF-1.4\n" + b"x" * 1000,
    "empty": b"",
    "text": b"{{ a.__class__ }}",
    "zip-no-document": (
        lambda: (lambda b: (zipfile.ZipFile(b, "w").close(), b.getvalue())[1])(io.BytesIO())
    )(),
}
CORPUS.pop("tag-in-core-title")


@pytest.fixture(scope="module")
def fast_app(tmp_path_factory):
    """One service for the whole corpus, as in production: each case must leave it healthy."""
    from service import create_app

    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("hostile") / "var"),
            "TESTING": True,
            "PDF_ENABLED": False,
            "TEMPLATE_TIMEOUT_S": 1.0,
        }
    )
    ok = make_docx("Xin chào {{ ten }}")
    form = {"id": "mau-tot", "ten": "Mẫu tốt", "file": (io.BytesIO(ok), "m.docx")}
    assert (
        app.test_client().post("/api/v1/templates", data=form, content_type="multipart/form-data").status_code
        == 201
    )
    yield app
    app.extensions["documents"].uploaded.runner.close()


def _assert_no_leak(text: str, secret: str = "") -> None:
    for marker in LEAKS:
        assert marker not in text, marker
    assert not secret or secret not in text


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_upload_is_refused_or_harmless(fast_app, name):
    client = fast_app.test_client()
    t0 = time.monotonic()
    form = {"id": "mau-doc", "ten": "Mẫu độc", "file": (io.BytesIO(CORPUS[name]), "m.docx")}
    resp = client.post("/api/v1/templates", data=form, content_type="multipart/form-data")
    assert resp.status_code < 500, resp.get_data(as_text=True)
    assert time.monotonic() - t0 < 15
    secret = fast_app.config["SECRET_KEY"]
    _assert_no_leak(resp.get_data(as_text=True), secret)
    if resp.status_code == 201:  # accepted: it must render harmlessly
        example = resp.get_json()["vi_du"]
        doc = client.post("/api/v1/documents/mau-doc", json=example)
        assert doc.status_code in (200, 422)
        if doc.status_code == 200:
            with zipfile.ZipFile(io.BytesIO(doc.data)) as zf:
                _assert_no_leak(zf.read("word/document.xml").decode(), secret)
    else:
        assert resp.status_code in (400, 413, 422), resp.status_code
        assert resp.mimetype == "application/problem+json"
    client.delete("/api/v1/templates/mau-doc")
    assert client.get("/healthz").status_code == 200
    assert client.post("/api/v1/documents/mau-tot", json={"ten": "B"}).status_code == 200


def test_data_that_makes_a_template_run_away_is_stopped_at_the_deadline(fast_app):
    """Upload passes with the 2-row example; 3,000 rows make it cubic: 422 at the deadline."""
    client = fast_app.test_client()
    src = make_docx(
        "{% for a in ds %}{% for b in ds %}{% for c in ds %}{% endfor %}{% endfor %}{% endfor %}{{ ten }}"
    )
    form = {"id": "bap-benh-1", "ten": "Mẫu", "file": (io.BytesIO(src), "m.docx")}
    assert client.post("/api/v1/templates", data=form, content_type="multipart/form-data").status_code == 201
    t0 = time.monotonic()
    resp = client.post("/api/v1/documents/bap-benh-1", json={"ds": [str(i) for i in range(3000)], "ten": "x"})
    assert resp.status_code == 422 and resp.get_json()["type"] == "/problems/template"
    assert time.monotonic() - t0 < 5
    again = client.post("/api/v1/documents/bap-benh-1", json={"ds": ["1"], "ten": "Được"})
    assert again.status_code == 200


def _multipart(fields: dict[str, str], file: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.docx"\r\n'.encode())
    out.write(b"Content-Type: application/octet-stream\r\n\r\n" + file + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def _call(url: str, body: bytes | None = None, ctype: str = "application/json") -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_endless_loop_under_gunicorn_is_stopped_and_the_service_stays_healthy():
    srv = Server(env={"VB_WORKERS": "1", "VB_TEMPLATE_TIMEOUT_S": "1"})
    try:
        body, ctype = _multipart({"id": "vong-lap", "ten": "Vòng lặp"}, make_docx(ENDLESS))
        t0 = time.monotonic()
        status, problem = _call(srv.url + "/api/v1/templates", body, ctype)
        assert status == 422, problem
        assert time.monotonic() - t0 < 20
        assert "giây" in json.dumps(problem, ensure_ascii=False)
        src = make_docx(
            "{% for a in ds %}{% for b in ds %}{% for c in ds %}{% endfor %}{% endfor %}{% endfor %}{{ ten }}"
        )
        body, ctype = _multipart({"id": "bap-benh", "ten": "Mẫu"}, src)
        assert _call(srv.url + "/api/v1/templates", body, ctype)[0] == 201
        workers = srv.worker_pids()
        for _ in range(2):
            data = json.dumps({"ds": [str(i) for i in range(3000)], "ten": "x"}).encode()
            t0 = time.monotonic()
            status, problem = _call(srv.url + "/api/v1/documents/bap-benh", data)
            assert status == 422 and problem["type"] == "/problems/template"
            assert time.monotonic() - t0 < 10
        assert srv.worker_pids() == workers  # no worker was killed by gunicorn's timeout
        assert _call(srv.url + "/healthz")[0] == 200
        body, ctype = _multipart({"id": "mau-tot", "ten": "Tốt"}, make_docx("Xin chào {{ ten }}"))
        assert _call(srv.url + "/api/v1/templates", body, ctype)[0] == 201
        req = urllib.request.Request(
            srv.url + "/api/v1/documents/mau-tot",
            data=b'{"ten": "An"}',
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            assert r.status == 200 and r.read(2) == b"PK"
    finally:
        srv.stop()
