"""Issues that arrive together share one transaction (group commit), on SQLite and PostgreSQL:
every document still gets its own number, exactly once, with its own file; keys, replays,
conflicts and a failing document are answered one by one."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import time

import docx
import pytest
from sqlalchemy import select

from service.adapters.db.register_tables import RegisterDocument, RegisterEntry
from service.adapters.db.register_writes import RegisterWrites
from service.adapters.documents import NumberedDraft
from service.errors import Conflict
from tests.register.conftest import document

KIND = "cong-van"


def _so_line(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = [p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    return next(t for t in cells if t.startswith("Số:"))


def _prepared(register, n: int, **changes):
    return [register.prepare(KIND, document(KIND, trich_yeu=f"V/v số {i}", **changes)) for i in range(n)]


def test_a_group_numbers_each_document_once_with_its_own_file(reg_app, monkeypatch):
    register = reg_app.extensions["register"]
    rows_per_insert: list[int] = []
    real = RegisterWrites.insert_entries

    def spy(self, conn, rows):
        rows_per_insert.append(len(rows))
        return real(self, conn, rows)

    monkeypatch.setattr(RegisterWrites, "insert_entries", spy)
    items = [(p, None) for p in _prepared(register, 6)]
    outcomes = register._issue_items(items)
    assert [err for _v, err in outcomes] == [None] * 6
    entries = [value[0] for value, _err in outcomes]
    assert [e["so"] for e in entries] == [1, 2, 3, 4, 5, 6]
    assert rows_per_insert == [6]  # one transaction for the six
    for i, e in enumerate(entries):
        data, _name = register.document(e["id"])
        assert _so_line(data).startswith(f"Số: {e['so']:02d}/")
        assert e["trich_yeu"] == f"V/v số {i}"


def test_entry_ids_follow_the_order_of_issue(reg_app):
    """Ids in time order (ids.new_id): the rows issued together share the last page of the
    key indexes instead of landing on random ones; every id stays 32 hex digits."""
    register = reg_app.extensions["register"]
    ids = []
    for i in range(4):
        entry, _created = register.issue(KIND, document(KIND, trich_yeu=f"V/v thứ tự {i}"))
        ids.append(entry["id"])
        time.sleep(0.002)  # the next millisecond
    assert all(re.fullmatch(r"[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}", i) for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == 4
    listed = register.list()["muc"]
    assert sorted(e["id"] for e in listed) == ids


def test_keys_in_a_group_replay_conflict_or_issue_one_by_one(reg_app):
    register = reg_app.extensions["register"]
    stored, created = register.issue(KIND, document(KIND, trich_yeu="Đã có"), idempotency_key="k-stored")
    assert created and stored["so"] == 1
    a, b, c, d = _prepared(register, 4)
    other_body = register.prepare(KIND, document(KIND, trich_yeu="Khác hẳn"))
    stored_again = register.prepare(KIND, document(KIND, trich_yeu="Đã có"))
    outcomes = register._issue_items(
        [
            (a, "k-new"),
            (stored_again, "k-stored"),  # already issued: the stored entry, no new number
            (b, None),
            (a, "k-new"),  # the same key twice in one group: one number
            (other_body, "k-stored"),  # a used key with another document: 409 for this one only
            (c, "k-other"),
            (d, None),
        ]
    )
    values = [v for v, _e in outcomes]
    errors = [e for _v, e in outcomes]
    assert isinstance(errors[4], Conflict) and values[4] is None
    assert all(e is None for i, e in enumerate(errors) if i != 4)
    assert values[1] == (stored, False)
    assert values[0][1] is True and values[3] == (values[0][0], False)
    new = sorted(values[i][0]["so"] for i in (0, 2, 5, 6))
    assert new == [2, 3, 4, 5]  # consecutive, no number for a replay or a conflict
    assert register.numbers(stored["so_dang_ky"]) == [1, 2, 3, 4, 5]


def test_a_failing_document_does_not_fail_its_group_nor_leave_a_gap(reg_app, monkeypatch):
    register = reg_app.extensions["register"]
    items = [(p, None) for p in _prepared(register, 5)]
    bad = items[2][0].draft
    real = NumberedDraft.with_number

    def flaky(self, so):
        if self is bad:
            raise RuntimeError("template defect")
        return real(self, so)

    monkeypatch.setattr(NumberedDraft, "with_number", flaky)
    outcomes = register._issue_items(items)
    assert isinstance(outcomes[2][1], RuntimeError)
    good = [v[0]["so"] for i, (v, _e) in enumerate(outcomes) if i != 2]
    assert good == [1, 2, 3, 4]  # retried alone after the group rolled back: 1..4, no hole
    assert register.numbers(outcomes[0][0][0]["so_dang_ky"]) == [1, 2, 3, 4]


def test_concurrent_issues_share_transactions_and_stay_exact(reg_app, monkeypatch):
    register = reg_app.extensions["register"]
    rows_per_insert: list[int] = []
    real = RegisterWrites.insert_entries

    def slow_spy(self, conn, rows):  # a slow disk: the others pile up behind the lock
        rows_per_insert.append(len(rows))
        threading.Event().wait(0.02)
        return real(self, conn, rows)

    monkeypatch.setattr(RegisterWrites, "insert_entries", slow_spy)
    n = 24
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def one(i: int) -> None:
        barrier.wait()
        results[i] = register.issue(KIND, document(KIND, trich_yeu=f"Luồng {i}"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    numbers = sorted(r[0]["so"] for r in results)
    assert numbers == list(range(1, n + 1))
    assert sum(rows_per_insert) == n and max(rows_per_insert) > 1  # groups formed
    with reg_app.extensions["db"].session() as s:
        rows = s.execute(
            select(RegisterEntry.so, RegisterEntry.trich_yeu, RegisterDocument.docx).join(
                RegisterDocument, RegisterDocument.van_ban_id == RegisterEntry.id
            )
        ).all()
    assert len(rows) == n
    for so, trich_yeu, data in rows:  # each number is in its own document, with its own text
        assert _so_line(bytes(data)).startswith(f"Số: {so:02d}/")
        assert trich_yeu.startswith("Luồng ")


@pytest.mark.parametrize("with_key", [False, True])
def test_rows_written_on_the_driver_read_back_through_the_orm(reg_app, with_key):
    register = reg_app.extensions["register"]
    entry, _ = register.issue(
        KIND,
        document(KIND, so_luong_ban=3, ghi_chu="Ghi chú ổn"),
        idempotency_key="key-1" if with_key else None,
    )
    with reg_app.extensions["db"].session() as s:
        row = s.get(RegisterEntry, entry["id"])
        file = s.get(RegisterDocument, entry["id"])
    assert row.so == 1 and row.so_luong_ban == 3 and row.ghi_chu == "Ghi chú ổn"
    assert row.idempotency_key == ("key-1" if with_key else None)
    assert row.ly_do_thu_hoi is None and row.thu_hoi_luc is None and row.lo is None
    assert row.ngay_ban_hanh.isoformat() == entry["ngay_ban_hanh"]
    assert json.loads(file.du_lieu)["trich_yeu"] == entry["trich_yeu"] and "so" not in json.loads(
        file.du_lieu
    )
    assert row.tao_luc is not None
    assert register.get(entry["id"]) == {**register.get(entry["id"]), **entry}
    assert len(file.sha256) == 64 and bytes(file.docx) == register.document(entry["id"])[0]


def test_a_group_larger_than_one_statement_allows_is_inserted_in_parts(reg_app):
    """SQLite inserts a group's rows as one statement, in parts when they would pass its limit
    on bound values: every row still read back through the ORM, each file with its sha256."""
    register = reg_app.extensions["register"]
    for stmt in (register.writes._entry, register.writes._document):
        stmt.max_rows = 2
    outcomes = register._issue_items([(p, None) for p in _prepared(register, 5)])
    entries = [value[0] for value, _err in outcomes]
    assert [e["so"] for e in entries] == [1, 2, 3, 4, 5]
    with reg_app.extensions["db"].session() as s:
        for e in entries:
            row, file = s.get(RegisterEntry, e["id"]), s.get(RegisterDocument, e["id"])
            assert row.so == e["so"] and json.loads(file.du_lieu)["trich_yeu"] == e["trich_yeu"]
            assert file.sha256 == hashlib.sha256(bytes(file.docx)).hexdigest()
            assert _so_line(bytes(file.docx)).startswith(f"Số: {e['so']:02d}/")
