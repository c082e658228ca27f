"""`van-ban`: a `loai` outside Điều 7 (or with a sample of its own), or a `ky_hieu` that does not
start with its type's abbreviation (Phụ lục III Mục I), is answered 422 naming the field — for a
single document, a batch row and the clerk's form; the fixed-type kinds check their symbol too."""

from __future__ import annotations

import pytest

from tests.conftest import load_fixture
from tests.http.test_web import csrf

PROBLEM = "application/problem+json"


def _errors(resp) -> dict[str, str]:
    assert resp.status_code == 422 and resp.mimetype == PROBLEM, resp.get_data(as_text=True)
    return {e["path"]: e["message"] for e in resp.json["errors"]}


@pytest.mark.parametrize("loai", ["Giấy xác nhận", "Công văn hỏa tốc", "Bản sao y", "Quyết"])
def test_loai_not_in_dieu_7(client, loai):
    data = load_fixture("van-ban") | {"loai": loai}
    errors = _errors(client.post("/api/v1/documents/van-ban", json=data))
    assert list(errors) == ["/loai"] and "Điều 7" in errors["/loai"] and loai in errors["/loai"]


@pytest.mark.parametrize(
    ("loai", "words"),
    [("Giấy mời", "giay-moi"), ("Công văn", "cong-van"), ("Nghị quyết", "Mẫu 1.1"), ("Hợp đồng", "Mẫu 1.4")],
)
def test_types_with_a_layout_of_their_own(client, loai, words):
    errors = _errors(client.post("/api/v1/documents/van-ban", json=load_fixture("van-ban") | {"loai": loai}))
    assert list(errors) == ["/loai"] and words in errors["/loai"]


@pytest.mark.parametrize("ky_hieu", ["KH-SNV", "SNV-HD", "hd-SNV", "HD"])
def test_ky_hieu_must_start_with_the_abbreviation(client, ky_hieu):
    data = load_fixture("van-ban") | {"ky_hieu": ky_hieu}
    errors = _errors(client.post("/api/v1/documents/van-ban", json=data))
    assert list(errors) == ["/ky_hieu"] and "HD" in errors["/ky_hieu"]


def test_schema_problems_come_first_and_all_at_once(client):
    data = load_fixture("van-ban") | {"loai": "", "ky_hieu": "KH-SNV"}
    data.pop("noi_dung")
    errors = _errors(client.post("/api/v1/documents/van-ban", json=data))
    assert {"/loai", "/noi_dung"} <= set(errors)


@pytest.mark.parametrize("loai", ["hướng dẫn", "HƯỚNG DẪN", "huong dan", " Hướng  dẫn. "])
def test_clerk_spellings_are_accepted(client, loai):
    resp = client.post("/api/v1/documents/van-ban", json=load_fixture("van-ban") | {"loai": loai})
    assert resp.status_code == 200


def test_batch_row_with_wrong_symbol_is_named(client):
    items = [{"so": 1}, {"so": 2, "ky_hieu": "KH-SNV"}, {"so": 3, "loai": "Giấy khen"}]
    resp = client.post("/api/v1/batches/van-ban", json={"chung": load_fixture("van-ban"), "items": items})
    errors = _errors(resp)
    assert set(errors) == {"/items/1/ky_hieu", "/items/2/loai"}


@pytest.mark.parametrize(("kind", "abbr"), [("to-trinh", "TTr"), ("thong-bao", "TB")])
def test_fixed_type_kinds_check_their_symbol(client, kind, abbr):
    errors = _errors(
        client.post(f"/api/v1/documents/{kind}", json=load_fixture(kind) | {"ky_hieu": "KH-SNV"})
    )
    assert list(errors) == ["/ky_hieu"] and abbr in errors["/ky_hieu"]


def test_form_shows_the_message_beside_the_field_and_keeps_the_typing(client):
    token = csrf(client, "van-ban")
    form = {"_csrf": token, "_hanh_dong": "xem", "loai": "Giấy xác nhận", "ky_hieu": "GXN-SNV"}
    page = client.post("/mau/van-ban", data=form).get_data(as_text=True)
    assert "không phải tên loại văn bản hành chính tại Điều 7" in page
    assert 'value="Giấy xác nhận"' in page


def test_form_suggests_the_mau_1_4_types(client):
    from service.domain.loai_van_ban import THEO_MAU_1_4

    page = client.get("/mau/van-ban").get_data(as_text=True)
    assert 'name="loai" type="text" value="" placeholder="Hướng dẫn" list="f-loai-goi-y"' in page
    datalist = page[page.index('<datalist id="f-loai-goi-y">') :].split("</datalist>")[0]
    assert [f'<option value="{t.ten}">' in datalist for t in THEO_MAU_1_4] == [True] * 17
