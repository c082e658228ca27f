"""Attacks on the register: odd and hostile input, the same key or the same withdrawal raced
from many threads, a huge document, a database that is down. Never a 500, never two numbers
for one key, never a second withdrawal."""

from __future__ import annotations

import io
import threading

import docx
import pytest

from service import create_app
from tests.register.conftest import document


def _all_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    return "\n".join(
        [p.text for p in d.paragraphs]
        + [p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    )


def _race(n: int, fn) -> list:
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = fn()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_same_key_raced_from_eight_threads_takes_one_number(reg_app):
    register = reg_app.extensions["register"]
    results = _race(8, lambda: register.issue("ke-hoach", document(), idempotency_key="race-1"))
    assert len({entry["id"] for entry, _created in results}) == 1
    assert sum(created for _entry, created in results) == 1
    assert register.issue("ke-hoach", document())[0]["so"] == 2


def test_one_withdrawal_wins_a_race(reg_app):
    register = reg_app.extensions["register"]
    entry = register.issue("ke-hoach", document())[0]

    def withdraw():
        try:
            register.withdraw(entry["id"], "Trùng nội dung")
            return "ok"
        except Exception as exc:
            return type(exc).__name__

    results = _race(6, withdraw)
    assert results.count("ok") == 1 and results.count("Conflict") == 5


@pytest.mark.parametrize(
    "query",
    [
        {"q": "a\x00b"},
        {"co_quan": "\x00"},
        {"loai": "x\x00"},
        {"q": "%" * 400},
        {"q": "' OR 1=1 --"},
        {"co_quan": "Ủy ban" * 500},
        {"trang": "999999999", "so_muc": "200"},
    ],
)
def test_hostile_filters_never_fail(reg_client, query):
    reg_client.post("/api/v1/van-ban-di/ke-hoach", json=document())
    r = reg_client.get("/api/v1/van-ban-di", query_string=query)
    assert r.status_code == 200
    assert reg_client.get("/so-dang-ky", query_string=query).status_code == 200
    assert reg_client.get("/api/v1/so-dang-ky", query_string={**query, "trang": None}).status_code in (
        200,
        404,
    )


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"ghi_chu": "ghi\x07chú"}, "/ghi_chu"),
        ({"ghi_chu": 5}, "/ghi_chu"),
        ({"ma_co_quan": 12}, "/ma_co_quan"),
        ({"ma_co_quan": "x" * 101}, "/ma_co_quan"),
        ({"so_luong_ban": True}, "/so_luong_ban"),
        ({"so_luong_ban": 0}, "/so_luong_ban"),
        ({"so": 0}, "/so"),
        ({"so": "12"}, "/so"),
        ({"ngay_ban_hanh": "2026-02-30"}, "/ngay_ban_hanh"),
    ],
)
def test_odd_register_fields_are_422(reg_client, extra, path):
    r = reg_client.post("/api/v1/van-ban-di/ke-hoach", json=document(**extra))
    assert r.status_code == 422, r.get_data(as_text=True)
    assert path in {e["path"] for e in r.json["errors"]}


def test_withdrawal_reason_with_control_characters_is_422(reg_client):
    entry = reg_client.post("/api/v1/van-ban-di/ke-hoach", json=document()).json
    r = reg_client.post(f"/api/v1/van-ban-di/{entry['id']}/thu-hoi", json={"ly_do": "a\x1bb"})
    assert r.status_code == 422
    assert (
        reg_client.post(f"/api/v1/van-ban-di/{entry['id']}/thu-hoi", json={"ly_do": ["x"]}).status_code == 422
    )
    assert reg_client.post(f"/api/v1/van-ban-di/{entry['id']}/thu-hoi", json="x").status_code == 400


def test_huge_document_is_stored_exactly(reg_client):
    body = "\n".join(f"{i}. Nội dung khoản thứ {i} " + "văn hóa công vụ " * 40 for i in range(1, 700))
    assert 400_000 < len(body) < 500_000
    r = reg_client.post("/api/v1/van-ban-di/ke-hoach", json=document(noi_dung=body))
    assert r.status_code == 201, r.get_data(as_text=True)[:300]
    stored = reg_client.get(r.json["tai_lieu"]).data
    assert reg_client.get(r.json["tai_lieu"]).data == stored
    text = _all_text(stored)
    assert "699. Nội dung khoản thứ 699" in text and "Số: 01/KH-UBND" in text
    listed = reg_client.get("/api/v1/van-ban-di").json["muc"][0]
    assert listed["so"] == 1


def test_database_down_answers_503_and_rendering_still_works(tmp_path):
    url = f"postgresql+psycopg://nobody@/none?host={tmp_path}/no-socket&port=5432"
    app = create_app(
        {
            "DATA_DIR": str(tmp_path / "var"),
            "DATABASE_URL": url,
            "TESTING": True,
            "PDF_ENABLED": False,
            "DB_TIMEOUT_S": 1,
        }
    )
    client = app.test_client()
    r = client.post("/api/v1/van-ban-di/ke-hoach", json=document())
    assert r.status_code == 503 and r.headers.get("Retry-After")
    assert "cơ sở dữ liệu" in r.json["detail"]
    assert client.get("/healthz").json["database"] is False
    assert client.post("/api/v1/documents/ke-hoach", json=document()).status_code == 200
