"""Numbering a whole batch (Điều 15 for a year-end list): every document of a validated
batch takes the next number of its register, each register's documents a consecutive block
in batch order, all stored in one transaction or none (`issue_batch`); `prepare_batch`
checks and renders them first, every problem at once.

A batch sent with an Idempotency-Key is numbered once: its `lo` comes from the key
(so_dang_ky.lo_cua_khoa), and a retry finds it under the write lock and gets the stored
entries and files back. `BatchIssuing` is the part of `RegisterService` (register.py) that
does this, over `Issuing` (register_issue.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from service.adapters.db.register_tables import RegisterDocument, RegisterEntry
from service.application.register_issue import Issuing, Prepared
from service.errors import Conflict, ValidationFailed

_ENTRY = RegisterEntry.__table__
_FILE = RegisterDocument.__table__
MSG_KEY_BATCH = "Idempotency-Key này đã được dùng cho một lô cấp số khác; hãy dùng khóa mới cho lô mới."


class BatchIssuing(Issuing):
    def issue_batch(
        self, documents: list[Prepared], *, lo: str | None = None, replay: bool = False
    ) -> list[tuple[dict[str, Any], bytes]]:
        """Number a whole validated batch in one transaction: each register's documents take a
        consecutive block, in batch order; all are stored, or none. Returns (entry, .docx) pairs.

        `replay` (a batch sent with an Idempotency-Key, `lo` derived from it): when the register
        already holds a batch with that `lo`, its entries and files come back instead, in batch
        order, and no number is taken; other data under the same key is 409. Checked under the
        write lock (SQLite's turn; on PostgreSQL an advisory lock on the `lo`), so two retries
        arriving together number the batch once."""
        lo = lo or uuid.uuid4().hex
        with self.db.write_core() as conn:
            if replay:
                stored = self._stored_batch(conn, lo, documents)
                if stored is not None:
                    return stored
            return [(self.public(e), docx) for e, docx in self._issue_all(conn, documents, lo=lo)]

    def _stored_batch(
        self, conn: Connection, lo: str, documents: list[Prepared]
    ) -> list[tuple[dict[str, Any], bytes]] | None:
        if self.db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:lo))"), {"lo": lo})
        rows = conn.execute(
            select(_ENTRY, _FILE.c.docx)
            .join(_FILE, _FILE.c.van_ban_id == _ENTRY.c.id)
            .where(_ENTRY.c.lo == lo)
            .order_by(_ENTRY.c.so_dang_ky_id, _ENTRY.c.so)
        ).all()
        if not rows:
            return None
        if len(rows) != len(documents):
            raise Conflict(MSG_KEY_BATCH)
        by_hash: dict[str, list[Any]] = {}
        for row in rows:  # per document's data, in number order: batch order within a register
            by_hash.setdefault(row.request_hash, []).append(row)
        out = []
        for p in documents:
            same = by_hash.get(p.request_hash)
            if not same:
                raise Conflict(MSG_KEY_BATCH)
            row = same.pop(0)
            out.append((self.public(row), bytes(row.docx)))
        return out

    def prepare_batch(
        self,
        kind_id: str,
        documents: list[dict[str, Any]],
        rows: list[int],
        *,
        render: bool = True,
        today: dt.date | None = None,
        pool: Any = None,
        **extra: Any,
    ) -> list[Prepared]:
        """Every document of a validated batch (normalised by batch.prepare) prepared for the
        register; every problem at once (`render=False`: checked only; `today` as in
        `prepare`). The drafts are rendered once all are valid, on `pool` too when one is given
        (batch_pool.pool_for)."""
        out: list[Prepared] = []
        errors: list[dict[str, Any]] = []
        for i, doc in enumerate(documents):
            row = rows[i] if i < len(rows) else None
            try:
                out.append(
                    self.prepare(
                        kind_id,
                        {**doc, **extra},
                        path=f"/items/{i}",
                        row=row,
                        render=False,
                        today=today,
                        normalised=True,  # a validated batch's documents (batch.prepare)
                    )
                )
            except ValidationFailed as exc:
                errors.extend(exc.errors or [])
        if errors:
            raise ValidationFailed(
                f"Có {len(errors)} lỗi trong dữ liệu của lô; chưa cấp số nào.", errors=errors
            )
        if not render:
            return out
        drafts = self.documents.drafts(kind_id, [p.clean for p in out], pool=pool)
        return [p.ready(d) for p, d in zip(out, drafts, strict=True)]
