"""Batches numbered from the register (`cap_so`): every document takes the next number of its
register, each register's documents a consecutive block in batch order, all stored or none.

Checked in the request (every problem at once, nothing numbered); up to MAX_NUMBERED_BATCH
documents numbered and answered there, a larger batch (or `async`) is a job that takes its
numbers when it runs (`issue_numbered`, called by service/job_process.py). `Numbering` is the
half of `BatchService` (batches.py) that does this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from service.adapters.batch import BatchSpec
from service.adapters.batch_package import merge_documents, zip_stream
from service.adapters.batch_pool import pool_for
from service.application.register_issue import check_key
from service.domain import so_dang_ky as sdk
from service.errors import ValidationFailed

if TYPE_CHECKING:
    from service.application.batches import BatchOutput, BatchRequest


class Numbering:
    """The numbering half of BatchService, which sets these."""

    config: Mapping[str, Any]
    register: Any
    on_rendered: Callable[[str, int], None]
    validate: Callable[..., BatchSpec]
    _as_pdf: Callable[..., BatchOutput]

    def check_numbered(self, kind_id: str, batch: BatchRequest, *, key: str | None = None) -> BatchSpec:
        """A batch with `cap_so` validated (every problem at once, nothing numbered yet): no
        `so` and no `so_bat_dau` in it, every document valid for its kind and its register.

        `key` (Idempotency-Key): the batch's `lo` in the register comes from it, so a retry,
        synchronous or as a job, gets the documents already numbered instead of a new block."""
        key = check_key(key)
        errors: list[dict[str, Any]] = []
        if batch.cap_so is not True:
            errors.append({"path": "/cap_so", "message": "cap_so phải là true hoặc false.", "code": "type"})
        if batch.options.get("so_bat_dau") is not None:
            errors.append(
                {
                    "path": "/so_bat_dau",
                    "message": "Khi cấp số theo sổ, không gửi số bắt đầu.",
                    "code": "cap_so",
                }
            )
        if isinstance(batch.chung, dict) and batch.chung.get("so") is not None:
            errors.append(
                {"path": "/chung/so", "message": "Khi cấp số theo sổ, không gửi số.", "code": "cap_so"}
            )
        for i, item in enumerate(batch.items if isinstance(batch.items, list) else []):
            if isinstance(item, dict) and item.get("so") is not None:
                errors.append(
                    {
                        "path": f"/items/{i}/so",
                        "message": "Khi cấp số theo sổ, không gửi số.",
                        "code": "cap_so",
                    }
                )
        if errors:
            raise ValidationFailed(
                f"Có {len(errors)} lỗi trong dữ liệu của lô; chưa cấp số nào.", errors=errors
            )
        spec = self.validate(kind_id, batch)
        today = self.register.today()
        spec.cap_so = {
            # the register's fields beside each document's
            "truong": {"ma_co_quan": batch.ma_co_quan} if batch.ma_co_quan is not None else {},
            # a date left out is the day the batch was sent, not the day a job runs
            "ngay": today.isoformat(),
            "lo": sdk.lo_cua_khoa(key) if key else None,
        }
        # the register's own rules (dates, ma_co_quan …), checked now without rendering
        self.register.prepare_batch(
            kind_id,
            spec.documents,
            batch.options.get("row_numbers") or [],
            render=False,
            today=today,
            **spec.cap_so["truong"],
        )
        return spec

    def numbered_is_job(self, spec: BatchSpec, *, wants_async: bool) -> bool:
        """A numbered batch is answered in the request up to MAX_NUMBERED_BATCH documents;
        a larger one (or `async`) is a job that takes its numbers when it runs."""
        return wants_async or len(spec.documents) > self.config["MAX_NUMBERED_BATCH"]

    def issue(self, spec: BatchSpec) -> BatchOutput:
        """A checked numbered batch (`check_numbered`) numbered now: every document takes the
        next number of its register (a consecutive block per register), rendered and stored
        in one transaction with the entries, or none is."""
        from service.application.batches import BatchOutput  # the module that uses this one

        documents, data = issue_numbered(self.register, spec, pool=pool_for(len(spec.documents)))
        numbered = replace(spec, documents=documents)
        if numbered.dinh_dang == "pdf":  # the register holds the .docx; the answer is PDF
            return self._as_pdf(numbered, data)
        self.on_rendered(spec.kind_id, len(data))
        name, mimetype = numbered.output_name()
        if numbered.dau_ra != "zip":
            return BatchOutput(
                name, mimetype, data[0] if len(data) == 1 else merge_documents(data), len(data)
            )
        return BatchOutput(name, mimetype, zip_stream(numbered, iter(data)), len(data))


def issue_numbered(
    register: Any, spec: BatchSpec, lo: str | None = None, *, pool: Any = None
) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Number a validated batch from the register (service/application/register.py) in one
    transaction, `lo` naming the batch in its entries (a job's id, unless the batch came with
    an Idempotency-Key): each register's documents take a consecutive block in batch order,
    all are stored or none; a keyed batch already stored comes back as it was. Returns the documents
    with their numbers and the .docx of each exactly as stored. A job runs this too. The drafts
    are rendered before the transaction, on `pool` too (batch_pool.draft_ordered)."""
    cap_so = spec.cap_so or {}
    ngay = cap_so.get("ngay")
    prepared = register.prepare_batch(
        spec.kind_id,
        spec.documents,
        spec.rows,
        today=dt.date.fromisoformat(ngay) if ngay else None,
        pool=pool,
        **(cap_so.get("truong") or {}),
    )
    keyed = cap_so.get("lo")  # sent with an Idempotency-Key: a retry gets the stored batch
    issued = register.issue_batch(prepared, lo=keyed or lo, replay=bool(keyed))
    documents = [{**d, "so": e["so"]} for d, (e, _b) in zip(spec.documents, issued, strict=True)]
    return documents, [docx for _e, docx in issued]
