"""An office's own spreadsheet columns are ignored and reported (page, manifest, response header);
a column close to a field name is refused with the suggestion (issue 12, point 7)."""

from __future__ import annotations

import io
from urllib.parse import unquote

from tests.http.test_batches import KIND, _manifest, _upload, _wait, _xlsx, _zip, chung
from tests.http.test_web import upload

OWN = "Mã hồ sơ"
NOTES = "Ghi chú nội bộ"


def _rows(extra_headers: list[str], n: int = 3) -> list[list]:
    rows = [["trich_yeu", "so", *extra_headers]]
    rows += [[f"Về việc khen thưởng đợt {i}", i + 1, *[f"x{i}"] * len(extra_headers)] for i in range(n)]
    return rows


def _header(resp) -> list[str]:
    return [unquote(p) for p in resp.headers["X-Ignored-Columns"].split(", ")]


def test_own_columns_are_ignored_and_named_in_header_and_manifest(client):
    resp = _upload(client, _xlsx(_rows([OWN, NOTES])), chung=chung())
    archive = _zip(resp)
    assert _header(resp) == [OWN, NOTES]
    manifest = _manifest(archive)
    assert len(manifest) == 3
    assert all(row["cot_bo_qua"] == f"{OWN}; {NOTES}" for row in manifest)
    assert [row["so"] for row in manifest] == ["1", "2", "3"]


def test_without_own_columns_nothing_changes(client):
    resp = _upload(client, _xlsx(_rows([])), chung=chung())
    archive = _zip(resp)
    assert "X-Ignored-Columns" not in resp.headers
    assert list(_manifest(archive)[0]) == ["row", "file", "so", "ten_tep"]


def test_a_job_reports_its_ignored_columns(client):
    resp = client.post(
        f"/api/v1/batches/{KIND}?async=1",
        data={
            "file": (io.BytesIO(_xlsx(_rows([OWN]))), "b.xlsx"),
            "chung": __import__("json").dumps(chung(), ensure_ascii=False),
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 202 and _header(resp) == [OWN]
    assert resp.get_json()["ignored_columns"] == [OWN]
    state = _wait(client, resp.headers["Location"])
    assert state["state"] == "done" and state["ignored_columns"] == [OWN]


def test_a_misspelt_field_name_is_refused_with_the_suggestion(client):
    rows = [["trich_yue", "so"], ["Về việc A", 1]]
    resp = _upload(client, _xlsx(rows), chung=chung())
    assert resp.status_code == 422
    [error] = resp.get_json()["errors"]
    assert "'trich_yue'" in error["message"] and "có phải là 'trich_yeu'?" in error["message"]


def test_the_page_names_the_ignored_columns(client):
    resp = upload(client, _xlsx(_rows([OWN])), "ke-hoach")
    page = resp.get_data(as_text=True)
    assert 'id="cot-bo-qua"' in page and f"<strong>{OWN}</strong>" in page


def test_a_one_row_upload_names_the_ignored_columns_beside_the_filled_form(client):
    page = upload(client, _xlsx(_rows([OWN], n=1)), "ke-hoach").get_data(as_text=True)
    assert "Đã điền biểu mẫu" in page and f"Các cột không thuộc mẫu nên đã bỏ qua: {OWN}." in page
