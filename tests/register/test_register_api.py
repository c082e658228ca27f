"""The outgoing register through the API, the same tests on SQLite and on PostgreSQL:
numbers per body and year from 1, separate sequences, idempotent retries, withdrawal, restarts,
stored documents exactly as issued, filters and paging, refusals."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from tests.register.conftest import document, make_app


def issue(client, kind="ke-hoach", headers=None, **changes):
    return client.post(f"/api/v1/van-ban-di/{kind}", json=document(kind, **changes), headers=headers or {})


def paragraphs(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def test_issue_numbers_from_one_and_stores_the_document(reg_client):
    r = issue(reg_client)
    assert r.status_code == 201
    body = r.json
    assert body["so"] == 1 and body["so_ky_hieu"] == "01/KH-UBND" and body["trang_thai"] == "da_ban_hanh"
    assert body["ngay_ban_hanh"] == "2026-03-10"  # today by default
    assert r.headers["Location"] == f"/api/v1/van-ban-di/{body['id']}"
    assert set(body) >= {
        "id",
        "so",
        "ky_hieu",
        "so_ky_hieu",
        "ngay_ban_hanh",
        "so_dang_ky",
        "trang_thai",
        "tai_lieu",
    }
    doc = reg_client.get(body["tai_lieu"])
    assert doc.status_code == 200
    text = paragraphs(doc.data)
    assert any("Số: 01/KH-UBND" in t for t in text)
    assert any("ngày 10 tháng 3 năm 2026" in t for t in text)
    again = reg_client.get(body["tai_lieu"])
    assert again.data == doc.data  # exactly as issued
    assert issue(reg_client).json["so"] == 2
    assert reg_client.get(f"/api/v1/van-ban-di/{body['id']}").json["so"] == 1


def test_caller_chosen_number_is_refused_with_every_problem(reg_client):
    r = issue(reg_client, so=7, trich_yeu="", ngay_ban_hanh="2026-12-31")
    assert r.status_code == 422
    paths = {e["path"] for e in r.json["errors"]}
    assert {"/so", "/trich_yeu"} <= paths
    assert issue(reg_client, ngay_ban_hanh="2026-12-31").status_code == 422  # after today
    assert issue(reg_client, ngay_ban_hanh="2020-01-01").status_code == 422
    assert issue(reg_client).json["so"] == 1  # nothing was taken by the refusals


def test_year_change_starts_again_at_one(reg_client, reg_app, clock):
    clock.value = dt.date(2026, 12, 31)
    assert [issue(reg_client).json["so"] for _ in range(3)] == [1, 2, 3]
    clock.value = dt.date(2027, 1, 1)
    first = issue(reg_client).json
    assert first["so"] == 1 and first["ngay_ban_hanh"] == "2027-01-01"
    # signed on 31 December, numbered on 2 January: the old year's register (Điều 15.2)
    clock.value = dt.date(2027, 1, 2)
    late = issue(reg_client, ngay_ban_hanh="2026-12-31").json
    assert late["so"] == 4
    assert issue(reg_client).json["so"] == 2
    regs = reg_client.get("/api/v1/so-dang-ky/danh-muc").json
    assert sorted((r["nam"], r["so_cuoi"]) for r in regs) == [(2026, 4), (2027, 2)]


def test_each_body_has_its_own_register(reg_client):
    assert issue(reg_client).json["so"] == 1
    other = issue(reg_client, co_quan_ban_hanh="SỞ NỘI VỤ", co_quan_chu_quan="UBND TỈNH THÁI NGUYÊN")
    assert other.json["so"] == 1
    # the same body written differently (case, line breaks, old tone placement) is the same register
    same = issue(reg_client, co_quan_ban_hanh="Uỷ ban nhân dân\ntỉnh  Thái Nguyên")
    assert same.json["so"] == 2
    by_code = issue(reg_client, ma_co_quan="000.00.01.H55").json
    assert by_code["so"] == 1
    assert issue(reg_client, ma_co_quan="000.00.01.h55", co_quan_ban_hanh="TÊN KHÁC").json["so"] == 2
    bad = issue(reg_client, ma_co_quan="a b/../c")
    assert bad.status_code == 422 and bad.json["errors"][0]["path"] == "/ma_co_quan"


def test_a_kind_may_have_its_own_sequence(tmp_path, database_url, clock):
    app = make_app(tmp_path, database_url, clock, REGISTER_SEPARATE=["QĐ"])
    c = app.test_client()
    kinds = ["ke-hoach", "quyet-dinh-khen-thuong", "bao-cao", "quyet-dinh-khen-thuong"]
    got = []
    for kind in kinds:
        data = document(kind, co_quan_ban_hanh="ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN")
        data.pop("co_quan_chu_quan", None)
        got.append(c.post(f"/api/v1/van-ban-di/{kind}", json=data).json["so"])
    assert got == [1, 1, 2, 2]
    app.extensions["db"].dispose()


def test_idempotent_retry_returns_the_same_entry(reg_client):
    key = {"Idempotency-Key": "3f1c-retry-1"}
    first = issue(reg_client, headers=key)
    retry = issue(reg_client, headers=key)
    assert first.status_code == 201 and retry.status_code == 200
    assert retry.json == first.json
    assert retry.headers["Location"] == first.headers["Location"]
    other = issue(reg_client, headers=key, trich_yeu="Văn bản khác")
    assert other.status_code == 409
    assert issue(reg_client).json["so"] == 2
    assert issue(reg_client, headers={"Idempotency-Key": "x" * 301}).status_code == 400


def test_withdrawal_keeps_the_number(reg_client):
    first = issue(reg_client).json
    url = f"/api/v1/van-ban-di/{first['id']}/thu-hoi"
    assert reg_client.post(url, json={}).status_code == 422
    r = reg_client.post(url, json={"ly_do": "Sai thẩm quyền ký"})
    assert (
        r.status_code == 200
        and r.json["trang_thai"] == "thu_hoi"
        and r.json["ly_do_thu_hoi"] == "Sai thẩm quyền ký"
    )
    assert reg_client.post(url, json={"ly_do": "lần nữa"}).status_code == 409
    assert issue(reg_client).json["so"] == 2  # never given again
    assert reg_client.get(first["tai_lieu"]).status_code == 200  # still kept
    listed = reg_client.get("/api/v1/van-ban-di?trang_thai=thu_hoi").json
    assert [m["so"] for m in listed["muc"]] == [1]


def test_numbers_survive_a_restart(tmp_path, database_url, clock):
    app = make_app(tmp_path, database_url, clock)
    c = app.test_client()
    ids = [issue(c).json["id"] for _ in range(3)]
    app.extensions["db"].dispose()
    again = make_app(tmp_path, database_url, clock)
    c2 = again.test_client()
    assert issue(c2).json["so"] == 4
    assert [c2.get(f"/api/v1/van-ban-di/{i}").json["so"] for i in ids] == [1, 2, 3]
    again.extensions["db"].dispose()


def test_list_filters_and_pages(reg_client):
    for i in range(5):
        issue(reg_client, trich_yeu=f"Về việc thứ {i} ĐẶC BIỆT" if i % 2 else f"Về việc thường {i}")
    issue(reg_client, co_quan_ban_hanh="SỞ TÀI CHÍNH")
    page = reg_client.get("/api/v1/van-ban-di?so_muc=2&trang=1").json
    assert page["tong_so"] == 6 and len(page["muc"]) == 2
    assert page["muc"][0]["co_quan"] == "SỞ TÀI CHÍNH"  # newest first
    ubnd = reg_client.get(
        "/api/v1/van-ban-di", query_string={"co_quan": "Ủy ban nhân dân tỉnh Thái Nguyên"}
    ).json
    assert [m["so"] for m in ubnd["muc"]] == [5, 4, 3, 2, 1]
    found = reg_client.get("/api/v1/van-ban-di", query_string={"q": "đặc biệt"}).json
    assert sorted(m["so"] for m in found["muc"]) == [2, 4]
    assert reg_client.get("/api/v1/van-ban-di", query_string={"q": "100%_"}).json["tong_so"] == 0
    assert reg_client.get("/api/v1/van-ban-di?nam=2025").json["tong_so"] == 0
    assert reg_client.get("/api/v1/van-ban-di?nam=abc").status_code == 422
    assert reg_client.get("/api/v1/van-ban-di?so_muc=100000").status_code == 422


@pytest.mark.parametrize("bad", ["nothex", "0" * 31, "../../etc/passwd", "g" * 32])
def test_unknown_entries_are_404(reg_client, bad):
    assert reg_client.get(f"/api/v1/van-ban-di/{bad}").status_code == 404
    assert reg_client.get(f"/api/v1/van-ban-di/{'0' * 32}/tai-lieu").status_code == 404
    assert reg_client.post(f"/api/v1/van-ban-di/{bad}/thu-hoi", json={"ly_do": "x"}).status_code == 404


def test_unknown_kind_and_bad_bodies(reg_client):
    assert reg_client.post("/api/v1/van-ban-di/khong-co", json={}).status_code == 404
    assert reg_client.post("/api/v1/van-ban-di/ke-hoach", json=[1]).status_code == 400
    assert (
        reg_client.post("/api/v1/van-ban-di/ke-hoach", data=b"{", content_type="application/json").status_code
        == 400
    )
    assert reg_client.post("/api/v1/van-ban-di/ke-hoach", json={"trich_yeu": "\x07"}).status_code == 422
