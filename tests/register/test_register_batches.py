"""Batches with "cap_so": true: every document takes the next number of its register, the
batch a consecutive block, all or none (a refused row or a failed render takes no number),
also while single documents are issued at the same moment; SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import threading
import zipfile

import docx
import pytest

from service.adapters.documents import NumberedDraft
from service.errors import ValidationFailed
from tests.register.conftest import document

KIND = "quyet-dinh-khen-thuong"


def chung() -> dict:
    return document(KIND)


def batch(n: int, **extra) -> dict:
    return {
        "chung": chung(),
        "items": [{"trich_yeu": f"Về việc khen thưởng đợt {i}"} for i in range(n)],
        "cap_so": True,
        **extra,
    }


def manifest(zip_bytes: bytes) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        text = zf.read("manifest.csv").decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        for r in rows:
            d = docx.Document(io.BytesIO(zf.read(r["file"])))
            body = "\n".join(
                p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs
            )
            r["text"] = body
    return rows


def single(client) -> int:
    return client.post(f"/api/v1/van-ban-di/{KIND}", json=chung()).json["so"]


def test_batch_takes_a_consecutive_block(reg_client):
    assert single(reg_client) == 1
    r = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(4))
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    rows = manifest(r.data)
    assert [int(x["so"]) for x in rows] == [2, 3, 4, 5]
    for x in rows:
        assert f"Số: {int(x['so']):02d}/QĐ-UBND" in x["text"]
    assert single(reg_client) == 6
    listed = reg_client.get("/api/v1/van-ban-di?so_muc=10").json
    assert listed["tong_so"] == 6
    stored = {m["so"]: m for m in listed["muc"]}
    assert stored[3]["trich_yeu"] == "Về việc khen thưởng đợt 1"


def test_merged_batch_numbers_each_document(reg_client):
    r = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(3, dau_ra="gop"))
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.data))
    text = "\n".join(p.text for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    for n in (1, 2, 3):
        assert f"Số: {n:02d}/QĐ-UBND" in text


def test_refused_rows_take_no_number(reg_client):
    bad = batch(3)
    bad["items"][1]["trich_yeu"] = ""
    r = reg_client.post(f"/api/v1/batches/{KIND}", json=bad)
    assert r.status_code == 422
    assert any(e["path"].startswith("/items/1") for e in r.json["errors"])
    assert reg_client.post(f"/api/v1/batches/{KIND}", json=batch(2, so_bat_dau=5)).status_code == 422
    with_so = batch(2)
    with_so["items"][0]["so"] = 9
    assert reg_client.post(f"/api/v1/batches/{KIND}", json=with_so).status_code == 422
    assert reg_client.post(f"/api/v1/batches/{KIND}", json=batch(2, cap_so="yes")).status_code == 422
    future = batch(2)
    future["items"][1]["ngay_ban_hanh"] = "2030-01-01"
    r = reg_client.post(f"/api/v1/batches/{KIND}", json=future)
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "/items/1/ngay_ban_hanh"
    assert single(reg_client) == 1


def test_a_failed_render_mid_batch_leaves_nothing(reg_app, reg_client, monkeypatch):
    """Drafts render before the lock; the number goes in inside the transaction. A failure
    there, with numbers already taken, leaves no entry and no gap."""
    register = reg_app.extensions["register"]
    real = NumberedDraft.with_number
    calls = {"n": 0}

    def flaky(self, so):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(self, so)

    prepared = register.prepare_batch(KIND, [chung() for _ in range(5)], [])
    monkeypatch.setattr(NumberedDraft, "with_number", flaky)
    with pytest.raises(RuntimeError):
        register.issue_batch(prepared)
    monkeypatch.setattr(NumberedDraft, "with_number", real)
    assert calls["n"] == 3
    assert reg_client.get("/api/v1/van-ban-di").json["tong_so"] == 0
    assert single(reg_client) == 1


def test_batch_errors_list_every_row(reg_app):
    register = reg_app.extensions["register"]
    docs = [chung(), {**chung(), "ngay_ban_hanh": "2031-01-01"}, {**chung(), "ngay_ban_hanh": "2031-02-01"}]
    with pytest.raises(ValidationFailed) as info:
        register.prepare_batch(KIND, docs, [2, 3, 4])
    assert [e["row"] for e in info.value.errors] == [3, 4]
    assert info.value.errors[0]["message"].startswith("Dòng 3:")


def test_batches_and_singles_at_once_keep_blocks_consecutive(reg_app):
    register = reg_app.extensions["register"]
    blocks: list[list[int]] = []
    singles: list[int] = []
    errors: list[BaseException] = []

    def batches() -> None:
        try:
            for _ in range(3):
                issued = register.issue_batch(register.prepare_batch(KIND, [chung() for _ in range(5)], []))
                blocks.append([e["so"] for e, _d in issued])
        except BaseException as exc:  # reported below
            errors.append(exc)

    def singles_() -> None:
        try:
            for _ in range(8):
                singles.append(register.issue(KIND, chung())[0]["so"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=batches) for _ in range(2)] + [
        threading.Thread(target=singles_) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    for b in blocks:
        assert b == list(range(b[0], b[0] + 5))
    numbers = sorted([n for b in blocks for n in b] + singles)
    assert numbers == list(range(1, 2 * 3 * 5 + 2 * 8 + 1))


def test_spreadsheet_batch_with_cap_so(reg_client):
    import json

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["trich_yeu"])
    for i in range(3):
        ws.append([f"Về việc khen thưởng tổ {i}"])
    buf = io.BytesIO()
    wb.save(buf)
    form = {
        "file": (io.BytesIO(buf.getvalue()), "lo.xlsx"),
        "chung": json.dumps(chung(), ensure_ascii=False),
        "cap_so": "1",
    }
    r = reg_client.post(f"/api/v1/batches/{KIND}", data=form, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    assert [int(x["so"]) for x in manifest(r.data)] == [1, 2, 3]


def test_a_numbered_batch_larger_than_the_plain_synchronous_limit_is_answered_at_once(
    reg_client, monkeypatch
):
    """Plain batches over 200 documents become jobs; a numbered one is answered in the request
    up to MAX_NUMBERED_BATCH (500). Its drafts are rendered on the helper pool too (from
    LARGE_BATCH documents), each in its place with its own number."""
    from service.application import batches_numbered
    from tests.adapters.test_batch import CountingPool

    pools: list[CountingPool] = []

    def counting(total):
        pool = batches_numbered.pool_for.__wrapped__(total)
        pools.append(CountingPool(pool))
        return pools[-1]

    counting.__wrapped__ = batches_numbered.pool_for
    monkeypatch.setattr(batches_numbered, "pool_for", counting)
    r = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(230))
    assert r.status_code == 200 and r.headers["X-Batch-Total"] == "230"
    rows = manifest(r.data)
    assert [int(x["so"]) for x in rows] == list(range(1, 231))
    for i, x in enumerate(rows):
        assert f"Số: {i + 1:02d}/QĐ-UBND" in x["text"], i
    listed = [
        e
        for page in (1, 2)
        for e in reg_client.get(f"/api/v1/van-ban-di?so_muc=200&trang={page}").json["muc"]
    ]
    assert {e["so"]: e["trich_yeu"] for e in listed} == {
        i + 1: f"Về việc khen thưởng đợt {i}" for i in range(230)
    }
    assert len(pools) == 1 and set(pools[0].tasks) == {"draft_chunk"} and len(pools[0].tasks) >= 2
    # once the answer is sent, the helpers are stopped and the batch's memory handed back
    from service.adapters import batch_pool

    r.close()
    assert batch_pool._POOL is None


def _cause(app, state: dict) -> str:
    return app.extensions["jobs"].store.read(state["id"]).get("cause") or ""


def _finished(app, client, location: str) -> dict:
    app.extensions["jobs"].runner.close()  # waits for the job processes of this test
    return client.get(location).json


def test_a_numbered_batch_over_the_limit_is_a_job_that_takes_one_block(tmp_path, database_url, clock):
    """Past MAX_NUMBERED_BATCH (here 3) the batch is checked in the request and numbered when
    its job runs: one consecutive block, the entries named by the job, the numbers in the file."""
    from tests.register.conftest import make_app

    clock.value = _today()  # the job's own interpreter has the real clock
    app = make_app(tmp_path, database_url, clock, MAX_NUMBERED_BATCH=3)
    c = app.test_client()
    assert single(c) == 1
    r = c.post(f"/api/v1/batches/{KIND}", json=batch(7))
    assert r.status_code == 202, r.get_data(as_text=True)[:500]
    assert r.json["cap_so"] is True and r.json["total"] == 7
    state = _finished(app, c, r.headers["Location"])
    assert (state["state"], state["done"], state["total"]) == ("done", 7, 7), (state, _cause(app, state))
    rows = manifest(c.get(r.headers["Location"] + "/result").data)
    assert [int(x["so"]) for x in rows] == [2, 3, 4, 5, 6, 7, 8]
    for x in rows:
        assert f"Số: {int(x['so']):02d}/QĐ-UBND" in x["text"]
    listed = c.get("/api/v1/van-ban-di?so_muc=100").json
    assert listed["tong_so"] == 8
    by_job = c.get(state["van_ban_di"]).json  # the job's link: the entries it numbered
    assert sorted(e["so"] for e in by_job["muc"]) == [2, 3, 4, 5, 6, 7, 8]
    assert {e["lo"] for e in by_job["muc"]} == {r.json["id"]}
    assert c.get("/api/v1/van-ban-di?lo=../x").status_code == 422
    register = app.extensions["register"]
    with app.extensions["db"].session() as s:
        from sqlalchemy import select

        from service.adapters.db.register_tables import RegisterEntry

        lots = s.scalars(select(RegisterEntry.lo).where(RegisterEntry.so > 1)).all()
    assert set(lots) == {r.json["id"]}
    assert register.numbers(listed["muc"][0]["so_dang_ky"]) == list(range(1, 9))
    assert single(c) == 9
    app.extensions["db"].dispose()


def test_a_numbered_batch_is_normalised_once(reg_app, monkeypatch):
    """The batch's validation normalises every document (NFC, line breaks); the register's
    own check of them then validates only, without walking the data again, and what is
    stored is the normalised text."""
    from service.adapters.documents import DocumentService

    calls: list[bool] = []
    real = DocumentService.check

    def spy(self, kind_id, data, *, normalised=False):
        calls.append(normalised)
        return real(self, kind_id, data, normalised=normalised)

    monkeypatch.setattr(DocumentService, "check", spy)
    body = batch(3)
    body["items"][1]["trich_yeu"] = "Về việc khen thưởng ho\u0323c sinh\r\ngio\u0309i"
    r = reg_app.test_client().post(f"/api/v1/batches/{KIND}", json=body)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    # batch.prepare: 3 checks of normalised documents; the register: 3 in the request's check
    # and 3 when numbering, all without normalising again
    assert calls == [True] * 9
    stored = {e["so"]: e["trich_yeu"] for e in reg_app.extensions["register"].list()["muc"]}
    assert stored[2] == "Về việc khen thưởng học sinh giỏi"


def test_a_numbered_job_renders_its_drafts_on_its_helpers(reg_app):
    """A job numbered from the register forks its helper processes as a plain job does and
    renders its drafts on them before its one transaction; every document keeps its place."""
    from service.adapters.jobs_runner import run_job
    from service.application.batches_numbered import issue_numbered
    from tests.adapters.test_batch import CountingPool

    svc, register = reg_app.extensions["batches"], reg_app.extensions["register"]
    spec = svc.check_numbered(KIND, svc.from_json(batch(120)))
    name, mime = spec.output_name()
    store = reg_app.extensions["jobs"].store
    job_id = store.create(spec, runner="local", total=120, file_name=name, mimetype=mime)["id"]
    pools: list[CountingPool] = []

    def issue(spec, lo, pool):
        pools.append(CountingPool(pool))
        return issue_numbered(register, spec, lo, pool=pools[-1])

    data_dir, templates = reg_app.config["DATA_DIR"], reg_app.config["TEMPLATES_DIR"]
    assert run_job(data_dir, job_id, templates, processes=2, issue=issue) == "done"
    assert len(pools) == 1 and set(pools[0].tasks) == {"draft_chunk"} and len(pools[0].tasks) >= 1
    path, _state = store.result(job_id)
    rows = manifest(path.read_bytes())
    assert [int(x["so"]) for x in rows] == list(range(1, 121))
    for i, x in enumerate(rows):
        assert f"Số: {i + 1:02d}/QĐ-UBND" in x["text"], i
    entries = register.list(so_muc=200)["muc"]
    assert {e["so"]: e["trich_yeu"] for e in entries} == {
        i + 1: f"Về việc khen thưởng đợt {i}" for i in range(120)
    }
    assert {e["lo"] for e in entries} == {job_id}


def test_a_numbered_job_whose_helper_is_killed_fails_and_takes_no_number(reg_app, monkeypatch):
    """Its drafts are rendered before its transaction: a helper killed meanwhile (the system
    out of memory) fails the job within seconds, and the register has given nothing."""
    from service.adapters import batch_pool
    from service.adapters.jobs_runner import run_job
    from service.adapters.render_pool import HelperLost
    from service.application.batches_numbered import issue_numbered
    from tests.adapters.test_batch import dying_draft_chunk

    monkeypatch.setattr(dying_draft_chunk, "real", batch_pool.draft_chunk, raising=False)
    monkeypatch.setattr(batch_pool, "draft_chunk", dying_draft_chunk)
    svc, register = reg_app.extensions["batches"], reg_app.extensions["register"]
    body = batch(120)
    body["items"][0]["trich_yeu"] = "boom"  # chunk 0: a helper's
    spec = svc.check_numbered(KIND, svc.from_json(body))
    name, mime = spec.output_name()
    store = reg_app.extensions["jobs"].store
    job_id = store.create(spec, runner="local", total=120, file_name=name, mimetype=mime)["id"]
    data_dir, templates = reg_app.config["DATA_DIR"], reg_app.config["TEMPLATES_DIR"]
    issue = lambda spec, lo, pool: issue_numbered(register, spec, lo, pool=pool)  # noqa: E731
    assert run_job(data_dir, job_id, templates, processes=2, issue=issue) == "failed"
    assert store.get(job_id)["error"] == HelperLost.public_message
    assert register.list()["tong_so"] == 0
    assert register.issue(KIND, chung())[0]["so"] == 1


def test_a_numbered_job_is_checked_in_the_request_and_fails_whole(tmp_path, database_url, clock):
    """Its problems come back at once (422, nothing queued); a job that cannot get the
    register in time (another writer holds it past VB_DB_TIMEOUT_S) fails and takes nothing."""
    from sqlalchemy import text

    from tests.register.conftest import make_app

    clock.value = _today()
    app = make_app(tmp_path, database_url, clock, MAX_NUMBERED_BATCH=3, DB_TIMEOUT_S=1)
    c = app.test_client()
    bad = batch(5)
    bad["items"][2]["ngay_ban_hanh"] = "2099-01-01"
    r = c.post(f"/api/v1/batches/{KIND}", json=bad)
    assert r.status_code == 422 and r.json["errors"][0]["path"] == "/items/2/ngay_ban_hanh"
    assert single(c) == 1
    db = app.extensions["db"]
    with db.write_core() as conn:  # SQLite: the machine's write turn; PostgreSQL: the table
        if db.dialect == "postgresql":
            conn.execute(text("LOCK TABLE so_dang_ky IN EXCLUSIVE MODE"))
        r = c.post(f"/api/v1/batches/{KIND}?async=1", json=batch(5))
        assert r.status_code == 202
        state = _finished(app, c, r.headers["Location"])
    assert state["state"] == "failed" and state["error"], state
    assert c.get(r.headers["Location"] + "/result").status_code in (404, 409)
    assert c.get("/api/v1/van-ban-di").json["tong_so"] == 1
    assert single(c) == 2
    app.extensions["db"].dispose()


def _today():
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def test_a_numbered_job_answers_pdf(tmp_path, database_url, clock):
    """`dinh_dang: pdf`: the register keeps each .docx, the job's file holds their PDFs
    (LibreOffice in the job's own interpreter), each with its number."""
    import pypdf

    from tests.register.conftest import make_app

    clock.value = _today()
    app = make_app(tmp_path, database_url, clock, MAX_NUMBERED_BATCH=2, PDF_ENABLED=True)
    c = app.test_client()
    r = c.post(f"/api/v1/batches/{KIND}", json={**batch(3), "dinh_dang": "pdf"})
    assert r.status_code == 202, r.get_data(as_text=True)[:300]
    state = _finished(app, c, r.headers["Location"])
    assert state["state"] == "done", (state, _cause(app, state))
    with zipfile.ZipFile(io.BytesIO(c.get(r.headers["Location"] + "/result").data)) as zf:
        pdfs = [zf.read(n) for n in zf.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 3
    for so, data in enumerate(pdfs, start=1):
        text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert f"Số: {so:02d}/QĐ-UBND" in text
    stored = c.get(c.get(state["van_ban_di"]).json["muc"][0]["tai_lieu"])
    assert stored.data[:2] == b"PK"  # the register holds the .docx
    app.extensions["db"].dispose()


def test_a_keyed_numbered_batch_is_numbered_once(reg_app, reg_client, clock):
    """Idempotency-Key on a numbered batch: a retry (the next day too) gets the same documents
    with the same numbers and takes none; other data under the key is 409."""
    headers = {"Idempotency-Key": "khen-thuong-2026-dot-1"}
    first = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(4), headers=headers)
    assert first.status_code == 200
    assert single(reg_client) == 5
    clock.value = clock.value.replace(day=clock.value.day + 1)
    again = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(4), headers=headers)
    assert again.status_code == 200
    rows, rows_again = manifest(first.data), manifest(again.data)
    assert [int(x["so"]) for x in rows_again] == [1, 2, 3, 4]
    assert [x["text"] for x in rows_again] == [x["text"] for x in rows]  # the stored files
    other = batch(4)
    other["items"][3]["trich_yeu"] = "Về việc khác"
    assert reg_client.post(f"/api/v1/batches/{KIND}", json=other, headers=headers).status_code == 409
    assert reg_client.post(f"/api/v1/batches/{KIND}", json=batch(3), headers=headers).status_code == 409
    assert reg_client.get("/api/v1/van-ban-di").json["tong_so"] == 5
    assert single(reg_client) == 6
    bad = reg_client.post(f"/api/v1/batches/{KIND}", json=batch(2), headers={"Idempotency-Key": "x" * 301})
    assert bad.status_code == 400


def test_keyed_numbered_retries_arriving_together_take_one_block(reg_app):
    """Four clients send the same keyed batch at once: one block is taken, every answer holds
    the same numbers (SQLite's write turn; PostgreSQL's advisory lock on the batch)."""
    answers: list = []

    def send() -> None:
        client = reg_app.test_client()
        r = client.post(f"/api/v1/batches/{KIND}", json=batch(5), headers={"Idempotency-Key": "cung-luc"})
        answers.append(
            (r.status_code, [int(x["so"]) for x in manifest(r.data)] if r.status_code == 200 else r.json)
        )

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers == [(200, [1, 2, 3, 4, 5])] * 4
    assert reg_app.test_client().get("/api/v1/van-ban-di").json["tong_so"] == 5


def test_a_keyed_numbered_job_retried_gives_the_same_numbers(tmp_path, database_url, clock):
    """A job's retry with the same key (a lost 202): the second job finds the batch numbered
    and builds its file from the stored documents; the key names the entries (lo) for both."""
    from tests.register.conftest import make_app

    clock.value = _today()
    app = make_app(tmp_path, database_url, clock, MAX_NUMBERED_BATCH=2)
    c = app.test_client()
    headers = {"Idempotency-Key": "lo-nam-2026"}
    first = c.post(f"/api/v1/batches/{KIND}", json=batch(4), headers=headers)
    state = _finished(app, c, first.headers["Location"])
    assert state["state"] == "done", (state, _cause(app, state))
    second = c.post(f"/api/v1/batches/{KIND}", json=batch(4), headers=headers)
    assert second.status_code == 202 and second.json["id"] != first.json["id"]
    state2 = _finished(app, c, second.headers["Location"])
    assert state2["state"] == "done", (state2, _cause(app, state2))
    rows = manifest(c.get(first.headers["Location"] + "/result").data)
    rows2 = manifest(c.get(second.headers["Location"] + "/result").data)
    assert [int(x["so"]) for x in rows2] == [int(x["so"]) for x in rows] == [1, 2, 3, 4]
    assert state["van_ban_di"] == state2["van_ban_di"]
    assert c.get(state2["van_ban_di"]).json["tong_so"] == 4
    assert c.get("/api/v1/van-ban-di").json["tong_so"] == 4
    app.extensions["db"].dispose()
