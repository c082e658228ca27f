"""Issuing numbers (Điều 15-16): a document's data in, the next number of its register out,
with the entry and the .docx stored in ONE transaction.

The request validates and renders its document first, outside any lock (`prepare`: the
number's place holds a token, see `NumberedDraft`). Requests of one worker that arrive
together then share one transaction (`GroupCommit`): the leader waits for the write lock,
takes every request waiting by then, increments each register's counter row once for all of
them (UPDATE … RETURNING, which locks the row on PostgreSQL; SQLite's writers take turns on
BEGIN IMMEDIATE), puts each number in its document, inserts the entries and the files and
commits — or nothing is stored, so a crash, a kill or a render error leaves no gap and no
number without its document. `issue_batch` (register_batch.py) does the same for a whole
batch (a consecutive block per register, all or none).

`Issuing` is the half of `RegisterService` (register.py) that writes; the API and the clerks'
pages call it through that service.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from service.adapters.db import Database
from service.adapters.db.ids import new_id
from service.adapters.db.register_tables import Register, RegisterEntry
from service.adapters.db.register_writes import RegisterWrites
from service.adapters.documents import DocumentService, NumberedDraft, Rendered
from service.application.group_commit import GroupCommit, Outcome
from service.domain import so_dang_ky as sdk
from service.domain.text import compact
from service.domain.validation import normalize
from service.errors import BadRequest, Conflict, ServiceUnavailable, ValidationFailed

# Fields a client may send beside the document's own (kept in the register, not rendered).
REGISTER_FIELDS = ("ma_co_quan", "so_luong_ban", "ghi_chu")
MAX_KEY = 300
MSG_SO = (
    "Số văn bản do hệ thống cấp theo sổ đăng ký (Điều 15 Nghị định 30/2020/NĐ-CP); không gửi trường 'so'."
)

_ENTRY = RegisterEntry.__table__


@dataclass(frozen=True)
class Prepared:
    """A document ready to be numbered: its clean data (no `so` yet) and its register."""

    kind_id: str
    clean: dict[str, Any]
    ngay: dt.date
    khoa: str  # the body's key (normalised)
    co_quan: str  # the body on one line, for the register's title
    ma_co_quan: str | None
    chuoi: str
    so_luong_ban: int | None
    ghi_chu: str
    request_hash: str
    du_lieu: str | None = None  # `clean` as JSON text, stored beside the file (`ready`)
    draft: NumberedDraft | None = None  # rendered ahead, outside the write lock

    @property
    def register_key(self) -> tuple[str, int, str]:
        return (sdk.bam_khoa(self.khoa), self.ngay.year, self.chuoi)

    def ready(self, draft: NumberedDraft | None) -> Prepared:
        """Ready to be numbered: its draft (None: an uploaded template, rendered once numbered)
        and its data as stored beside the file, both made before the write lock (a document
        only checked needs neither)."""
        return replace(
            self, draft=draft, du_lieu=json.dumps(self.clean, ensure_ascii=False, separators=(",", ":"))
        )


class Issuing:
    """The writing half of RegisterService, which sets these and provides `public`."""

    db: Database
    documents: DocumentService
    writes: RegisterWrites
    today: Callable[[], dt.date]
    separate: list[str]
    _group: GroupCommit[tuple[Prepared, str | None]]
    public: Callable[..., dict[str, Any]]

    def prepare(
        self,
        kind_id: str,
        body: Any,
        *,
        path: str = "",
        row: int | None = None,
        render: bool = True,
        today: dt.date | None = None,
        normalised: bool = False,
    ) -> Prepared:
        """Validate one document for the register (every problem at once, ValidationFailed)
        and render its draft (`render=False`: only the check, for a batch numbered later).
        `today`: the day a date left out takes (a batch checked on one day, numbered later).
        `normalised`: a batch's document, already normalised by its validation (only the
        schema and the register's rules are checked again)."""
        kind = self.documents.kind(kind_id)
        if not isinstance(body, dict):
            raise BadRequest("Cần một đối tượng JSON chứa dữ liệu của văn bản.")
        request_hash = _hash(kind_id, body)
        data = dict(body)
        props = kind.schema.get("properties", {})
        extra = {k: data.pop(k) for k in REGISTER_FIELDS if k in data and k not in props}
        errors: list[dict[str, Any]] = []

        def err(field: str, message: str, code: str) -> None:
            e = {"path": f"{path}/{field}", "message": f"Dòng {row}: {message}" if row else message}
            errors.append({**e, "code": code, **({"row": row} if row else {})})

        if data.get("so") is not None:
            err("so", MSG_SO, "so_do_he_thong_cap")
        data.pop("so", None)
        ma = extra.get("ma_co_quan")
        if ma is not None and not sdk.ma_co_quan_hop_le(ma):
            err(
                "ma_co_quan",
                "Mã cơ quan chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang (tối đa 100).",
                "pattern",
            )
        so_luong = extra.get("so_luong_ban")
        if so_luong is not None and (
            isinstance(so_luong, bool) or not isinstance(so_luong, int) or not 1 <= so_luong <= 100_000
        ):
            err("so_luong_ban", "Số lượng bản phải là số nguyên từ 1 đến 100000.", "type")
        ghi_chu = extra.get("ghi_chu")
        if ghi_chu is not None and (not isinstance(ghi_chu, str) or len(ghi_chu) > 1000):
            err("ghi_chu", "Ghi chú phải là văn bản, tối đa 1000 ký tự.", "type")
            ghi_chu = None
        elif ghi_chu is not None:
            ghi_chu, bad = _clean_text(ghi_chu)
            if bad:
                err("ghi_chu", bad, "control_character")
        today = today or self.today()
        if data.get("ngay_ban_hanh") in (None, ""):
            data["ngay_ban_hanh"] = today.isoformat()
        data.pop("nam", None)  # the year is the date's
        clean, problems = self.documents.check(kind_id, data, normalised=normalised)
        errors.extend(
            {
                "path": path + p.path,
                "message": f"Dòng {row}: {p.message}" if row else p.message,
                "code": p.code,
                **({"row": row} if row else {}),
            }
            for p in problems
        )
        ngay = _date(clean.get("ngay_ban_hanh"))
        if ngay is not None and not problems:
            if ngay > today:
                err("ngay_ban_hanh", "Ngày ban hành không được sau ngày hôm nay.", "ngay_tuong_lai")
            elif ngay.year < today.year - 1:
                err(
                    "ngay_ban_hanh",
                    f"Chỉ cấp số cho văn bản ban hành trong năm {today.year} hoặc {today.year - 1}.",
                    "ngay_qua_cu",
                )
        if errors:
            raise ValidationFailed(f"Có {len(errors)} lỗi trong dữ liệu.", errors=errors)
        assert ngay is not None
        prepared = Prepared(
            kind_id=kind_id,
            clean=clean,
            ngay=ngay,
            khoa=sdk.khoa_co_quan(clean.get("co_quan_ban_hanh"), ma),
            co_quan=sdk.co_quan_mot_dong(clean.get("co_quan_ban_hanh")),
            ma_co_quan=compact(ma).upper() if ma else None,
            chuoi=sdk.chuoi_so(kind_id, kind.loai_van_ban, self.separate),
            so_luong_ban=so_luong,
            ghi_chu=compact(ghi_chu),
            request_hash=request_hash,
        )
        return prepared.ready(self.documents.draft(kind_id, clean)) if render else prepared

    # ------------------------------------------------------------------ issuing
    def issue(self, kind_id: str, body: Any, *, idempotency_key: str | None = None) -> tuple[dict, bool]:
        """Number, render and store one document. Returns (entry, created); a retry with the
        same `Idempotency-Key` returns the stored entry and created=False. Requests arriving
        together in this process share one transaction (see `group_commit`)."""
        key = check_key(idempotency_key)
        self.documents.kind(kind_id)  # 404 first
        if key:
            found = self._by_key(key)
            if found is not None:
                return self._replay(found, _hash(kind_id, body)), False
        with self._group.announce() as arrival:
            prepared = self.prepare(kind_id, body)
            return arrival.submit((prepared, key))

    def _issue_items(
        self, items: list[tuple[Prepared, str | None]] | Callable[[], list[tuple[Prepared, str | None]]]
    ) -> list[Outcome]:
        """One transaction for a group; each request gets its own outcome. Given `take` (the
        group commit leader's run), the write lock comes first and the group second: every
        request waiting by then, so the time spent waiting for the lock grows the group."""
        taken = None if callable(items) else items
        try:
            with self.db.write_core() as conn:
                if taken is None:
                    taken = items()  # type: ignore[operator]
                return self._issue_in(conn, taken)
        except Exception as exc:
            if taken is None:
                raise  # no group yet: GroupCommit gives every waiting request this answer
            if isinstance(exc, ServiceUnavailable):  # the database is busy or down: alike for all
                return [(None, exc)] * len(taken)
            return self._failed_group(taken, exc)

    def _failed_group(self, items: list[tuple[Prepared, str | None]], exc: Exception) -> list[Outcome]:
        """A group's transaction failed (a render error, a twin key committed by another
        machine): each document is tried again alone, so one bad document never fails the
        others; a document alone gets its own error (or, for a twin, the stored entry)."""
        if len(items) > 1:
            return [self._issue_items([item])[0] for item in items]
        prepared, key = items[0]
        if key and isinstance(exc, IntegrityError):  # PostgreSQL: a twin committed first
            found = self._by_key(key)
            if found is not None:
                return [_outcome(lambda: (self._replay(found, prepared.request_hash), False))]
        return [(None, exc)]

    def _issue_in(self, conn: Connection, items: Sequence[tuple[Prepared, str | None]]) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(items)
        keys = {key for _p, key in items if key}
        twins: dict[str, Any] = {}
        if keys:  # under the write lock (SQLite) a concurrent twin has committed by now
            for row in conn.execute(select(_ENTRY).where(_ENTRY.c.idempotency_key.in_(keys))):
                twins[row.idempotency_key] = row
        todo: list[int] = []
        first: dict[str, int] = {}  # key -> the group's first document with it
        for i, (p, key) in enumerate(items):
            if key in twins:
                outcomes[i] = _outcome(lambda p=p, key=key: (self._replay(twins[key], p.request_hash), False))
            elif key is None or key not in first:
                todo.append(i)
                if key:
                    first[key] = i
        issued = (
            self._issue_all(conn, [items[i][0] for i in todo], keys=[items[i][1] for i in todo])
            if todo
            else []
        )
        entries = {i: entry for i, (entry, _docx) in zip(todo, issued, strict=True)}
        for i in todo:
            outcomes[i] = ((self.public(entries[i]), True), None)
        for i, (p, key) in enumerate(items):  # the same key twice in one group: the second replays
            if outcomes[i] is None and key:
                outcomes[i] = _outcome(
                    lambda p=p, key=key: (self._replay(entries[first[key]], p.request_hash), False)
                )
        return [o for o in outcomes if o is not None]

    def _issue_all(
        self,
        s: Connection,
        documents: list[Prepared],
        *,
        keys: Sequence[str | None] | None = None,
        lo: str | None = None,
    ) -> list[tuple[SimpleNamespace, bytes]]:
        if any(p.du_lieu is None for p in documents):  # only checked: its data would be lost
            raise ValueError("a document to number was not made ready (Prepared.ready)")
        groups: dict[tuple[str, int, str], list[int]] = {}
        for i, p in enumerate(documents):
            groups.setdefault(p.register_key, []).append(i)
        numbers: dict[int, tuple[int, int]] = {}  # document index -> (register id, number)
        for reg_key in sorted(groups):  # one lock order for every transaction: no deadlock
            first = documents[groups[reg_key][0]]
            reg_id, last = self._take(s, first, len(groups[reg_key]))
            start = last - len(groups[reg_key]) + 1
            for offset, i in enumerate(groups[reg_key]):
                numbers[i] = (reg_id, start + offset)
        datas = []
        for i, p in enumerate(documents):
            data = dict(p.clean)
            data["so"] = numbers[i][1]
            datas.append(data)
        rendered = self._render(documents, datas)
        entries = [
            self._entry(p, data, numbers[i][0], r.ten_tep, idempotency_key=keys[i] if keys else None, lo=lo)
            for i, (p, data, r) in enumerate(zip(documents, datas, rendered, strict=True))
        ]
        # entries first, the files reference them
        self.writes.insert_entries(s, [vars(e) for e in entries])
        self.writes.insert_documents(
            s,
            [
                {"van_ban_id": e.id, "docx": r.data, "sha256": _sha256(r.data), "du_lieu": p.du_lieu}
                for e, r, p in zip(entries, rendered, documents, strict=True)
            ],
        )
        return [(e, r.data) for e, r in zip(entries, rendered, strict=True)]

    def _render(self, documents: list[Prepared], datas: list[dict[str, Any]]) -> list[Rendered]:
        """Each document with its number: the draft made before the lock gets the number put
        in; an uploaded template renders now."""
        return [
            p.draft.with_number(d["so"]) if p.draft else self.documents.render_clean(p.kind_id, d)
            for p, d in zip(documents, datas, strict=True)
        ]

    def _take(self, s: Connection, p: Prepared, n: int) -> tuple[int, int]:
        """Reserve `n` numbers of p's register (created at 0 if new): (register id, last number)."""
        khoa, nam, chuoi = p.register_key
        row = self.writes.take(s, khoa, nam, chuoi, n)
        if row is None:  # the register's first number: create it (a concurrent twin may win)
            dialect = postgresql if self.db.dialect == "postgresql" else sqlite
            s.execute(
                dialect.insert(Register)
                .values(
                    co_quan_khoa=khoa,
                    co_quan=p.co_quan,
                    ma_co_quan=p.ma_co_quan,
                    nam=nam,
                    chuoi=chuoi,
                    so_cuoi=0,
                    tao_luc=dt.datetime.now(dt.UTC),
                )
                .on_conflict_do_nothing(index_elements=["co_quan_khoa", "nam", "chuoi"])
            )
            row = self.writes.take(s, khoa, nam, chuoi, n)
            assert row is not None
        return row

    def _entry(
        self,
        p: Prepared,
        data: dict[str, Any],
        register_id: int,
        ten_tep: str,
        *,
        idempotency_key: str | None,
        lo: str | None,
    ) -> SimpleNamespace:
        """The entry's row (attribute access like a stored row, for `public`)."""
        kind = self.documents.kind(p.kind_id)
        ky = data.get("nguoi_ky") or {}
        nguoi_ky = " ".join(
            x for x in (compact(ky.get("chuc_vu")).capitalize(), compact(ky.get("ho_ten"))) if x
        )
        so_kh = sdk.so_ky_hieu(data["so"], data.get("ky_hieu") or "")
        trich_yeu = compact(data.get("trich_yeu"))
        return SimpleNamespace(
            id=new_id(),  # in time order: a group's rows share the key indexes' last page
            so_dang_ky_id=register_id,
            so=data["so"],
            ky_hieu=compact(data.get("ky_hieu")),
            so_ky_hieu=so_kh,
            ngay_ban_hanh=p.ngay,
            loai=p.kind_id,
            ten_loai=kind.ten,
            trich_yeu=trich_yeu,
            nguoi_ky=nguoi_ky,
            noi_nhan=sdk.noi_nhan_so(data.get("kinh_gui"), data.get("noi_nhan")),
            luu=sdk.luu_so(data.get("luu")),
            so_luong_ban=p.so_luong_ban,
            ghi_chu=p.ghi_chu,
            trang_thai="da_ban_hanh",
            idempotency_key=idempotency_key,
            request_hash=p.request_hash,
            lo=lo,
            ten_tep=ten_tep[:400],
            tim_kiem=sdk.tim_kiem(so_kh, kind.ten, trich_yeu, nguoi_ky, p.co_quan),
            tao_luc=dt.datetime.now(dt.UTC),
        )

    def _by_key(self, key: str) -> RegisterEntry | None:
        with self.db.session() as s:
            return s.scalar(select(RegisterEntry).where(RegisterEntry.idempotency_key == key))

    def _replay(self, entry: Any, request_hash: str) -> dict[str, Any]:
        if entry.request_hash != request_hash:
            raise Conflict(
                "Idempotency-Key này đã được dùng cho một văn bản khác; hãy dùng khóa mới cho văn bản mới."
            )
        return self.public(entry)


def _outcome(compute: Callable[[], Any]) -> Outcome:
    try:
        return compute(), None
    except Exception as exc:
        return None, exc


def _clean_text(text: str) -> tuple[str, str]:
    """(NFC text, "" or the clerk's message about a character no document can hold)."""
    clean, errors = normalize({"x": text})
    return clean["x"], (errors[0].message if errors else "")


def _hash(kind_id: str, body: Any) -> str:
    raw = json.dumps([kind_id, body], ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _sha256(data: bytes) -> str:
    """hashlib.sha256 fed in pieces below 2 KiB, where it keeps the interpreter lock: this
    runs in the write lock, and a thread that gives the interpreter up in a busy worker can
    wait milliseconds to get it back (docx_slots.py).

    >>> _sha256(b"x" * 5000) == hashlib.sha256(b"x" * 5000).hexdigest()
    True
    """
    h = hashlib.sha256()
    view = memoryview(data)
    for start in range(0, len(data), 2000):
        h.update(view[start : start + 2000])
    return h.hexdigest()


def check_key(key: str | None) -> str | None:
    """An Idempotency-Key as sent (None when absent), or BadRequest."""
    if key is None or key == "":
        return None
    if len(key) > MAX_KEY or not key.isprintable() or not key.isascii():
        raise BadRequest(f"Idempotency-Key phải là chuỗi ASCII in được, tối đa {MAX_KEY} ký tự.")
    return key


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
