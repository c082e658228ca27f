"""One exception root for the adapters, mapped to problems in one place (service.errors.as_problem)."""

from __future__ import annotations

import pytest

from service.adapters.docx_merge import MergeError
from service.adapters.docx_render import RenderError
from service.adapters.lo_worker import DocumentRejected, WorkerError
from service.adapters.pdf import PdfConversionError, PdfError, PdfUnavailable
from service.adapters.spreadsheet import SpreadsheetError
from service.errors import AdapterError


@pytest.mark.parametrize(
    "exc_type", [MergeError, RenderError, WorkerError, DocumentRejected, PdfError, SpreadsheetError]
)
def test_every_adapter_error_has_one_root(exc_type):
    assert issubclass(exc_type, AdapterError)


def _raising(app, exc: Exception):
    def boom():
        raise exc

    app.add_url_rule("/api/v1/boom", "boom", boom)


@pytest.mark.parametrize(
    ("exc", "status", "public"),
    [
        (RenderError("document.xml: 'x' is undefined"), 500, "Đã có lỗi không mong muốn"),
        (PdfConversionError("soffice exit 77"), 503, "LibreOffice không đọc được văn bản này"),
        (PdfUnavailable("no soffice on PATH"), 503, "LibreOffice chưa được cài đặt"),
    ],
)
def test_api_answers_problem_json_with_public_message_and_never_the_cause(app, exc, status, public):
    _raising(app, exc)
    resp = app.test_client().get("/api/v1/boom")
    assert resp.status_code == status
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert public in body["detail"] and body["status"] == status
    assert exc.cause not in resp.get_data(as_text=True)


def test_spreadsheet_error_is_a_422_naming_the_file(app):
    _raising(app, SpreadsheetError("Tệp không có trang tính (worksheet) nào."))
    body = app.test_client().get("/api/v1/boom").get_json()
    assert body["status"] == 422
    assert body["errors"] == [
        {"path": "/file", "message": "Tệp không có trang tính (worksheet) nào.", "code": "spreadsheet"}
    ]
