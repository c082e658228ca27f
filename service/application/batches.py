"""The batch use case: many documents from one request (JSON or a spreadsheet), for the API
(service/http/batches.py) and the clerks' pages (service/http/web.py) alike.

A batch is read (`from_json`, `from_upload`), validated in full before anything is rendered
(`validate`: ValidationFailed listing every bad row and field), then either rendered at once
(`render`, a ZIP streamed as documents come) or queued as a job (`start_job`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.adapters.batch import BatchSpec, merge_over, prepare
from service.adapters.batch_package import merge_documents, zip_stream
from service.adapters.batch_pool import LARGE_BATCH, pool_for, release_memory, render_ordered
from service.adapters.documents import DocumentService
from service.adapters.jobs import public
from service.adapters.jobs_runner import Jobs
from service.adapters.pdf_batch import documents_to_one_pdf, documents_to_pdfs
from service.adapters.spreadsheet import (
    DATA_SHEET,
    LIST_SHEET,
    ListSheet,
    SheetLimits,
    SheetRows,
    SpreadsheetError,
    example_workbook,
    read_table,
    sheet_names,
)
from service.application.batches_numbered import Numbering
from service.domain.kinds import DocumentKind
from service.domain.text import byte_size, field_labels
from service.errors import (
    AdapterError,
    BadRequest,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    ValidationFailed,
    as_problem,
)

MSG_BAD_JSON_FILE = "Tệp JSON không hợp lệ: không đọc được nội dung."


def so_bat_dau_from_text(text: str) -> Any:
    """The starting number typed in a form: an int when it is digits, the text otherwise (then
    refused by validation with the clerk's message), None when blank.

    >>> so_bat_dau_from_text(" 12 "), so_bat_dau_from_text(""), so_bat_dau_from_text("1a")
    (12, None, '1a')
    """
    text = text.strip()
    return int(text) if text.isdigit() else (text or None)


def looks_like_json(data: bytes) -> bool:
    """Whether an uploaded file is JSON (by content, never by its name).

    >>> looks_like_json(b'\\xef\\xbb\\xbf {"a": 1}'), looks_like_json(b"PK\\x03\\x04")
    (True, False)
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return head in (b"{", b"[")


@dataclass
class BatchRequest:
    """A batch as sent: the shared part, the items and the options of `prepare`."""

    chung: Any
    items: Any
    options: dict[str, Any] = field(default_factory=dict)
    cap_so: Any = False  # number every document from the register (all or none)
    ma_co_quan: Any = None  # the issuing body's code, for the register (optional)
    ignored_columns: list[str] = field(default_factory=list)  # spreadsheet headers of no field

    @property
    def count(self) -> int:
        return len(self.items) if isinstance(self.items, list) else 0


@dataclass
class BatchOutput:
    """A batch rendered at once: the download name, its type and its bytes (or a stream)."""

    name: str
    mimetype: str
    body: bytes | Iterator[bytes]
    total: int


class BatchService(Numbering):
    """The batch use case over the document service and the job runner (numbered batches:
    `Numbering`, batches_numbered.py)."""

    def __init__(
        self,
        documents: DocumentService,
        jobs: Jobs,
        config: Mapping[str, Any],
        *,
        on_rendered: Callable[[str, int], None] | None = None,
        pdf: Any = None,
    ):
        self.documents, self.jobs, self.config = documents, jobs, config
        self.pdf = pdf  # the PDF converter (app.extensions["pdf"]), None when PDF is off
        self.register: Any = None  # the register use case (service/application/register.py), when installed
        self.on_rendered = on_rendered or (lambda kind_id, n: None)

    # ---------------------------------------------------------------- reading
    def kind(self, kind_id: str) -> DocumentKind:
        return self.documents.kind(kind_id)

    def too_large(self) -> PayloadTooLarge:
        limit = self.config["MAX_BATCH_BYTES"]
        return PayloadTooLarge(
            f"Dữ liệu của lô vượt quá giới hạn {byte_size(limit)}; hãy chia thành nhiều lô nhỏ hơn."
        )

    def row_schema(self, kind_id: str, dau_ra: str) -> dict[str, Any]:
        """The columns a row may carry: the list's columns for danh_sach, else the kind's fields."""
        return self.kind(kind_id).row_schema(dau_ra)

    def sheet_limits(self) -> SheetLimits:
        cfg = self.config
        return SheetLimits(
            max_bytes=cfg["MAX_BATCH_BYTES"],
            max_rows=cfg["MAX_SHEET_ROWS"],
            max_uncompressed=cfg["MAX_SHEET_UNCOMPRESSED"],
            max_cells=cfg["MAX_SHEET_CELLS"],
            timeout_s=cfg["SHEET_TIMEOUT_S"],
            memory_bytes=cfg["SHEET_MEMORY_MB"] * 1024 * 1024,
        )

    def read_table(self, data: bytes, schema: dict[str, Any], labels: dict[str, str]) -> SheetRows:
        """A spreadsheet read within the configured limits (SpreadsheetError if unreadable)."""
        return read_table(data, schema, limits=self.sheet_limits(), labels=labels)

    def read_sheet(self, data: bytes, schema: dict[str, Any], *, sheet: str | None = None) -> SheetRows:
        """A spreadsheet upload read as a batch reads it (ValidationFailed if unreadable)."""
        try:
            return read_table(
                data, schema, limits=self.sheet_limits(), labels=field_labels(schema), sheet=sheet
            )
        except SpreadsheetError as exc:  # a 422 the pages show like any other validation failure
            raise as_problem(exc) from exc

    def from_json(self, body: Any) -> BatchRequest:
        """A JSON batch body ``{"chung": {…}, "items": […], "so_bat_dau": n, "dau_ra": …}``."""
        if not isinstance(body, dict):
            raise BadRequest('Cần một đối tượng JSON dạng {"chung": {…}, "items": […]}.')
        options = {
            "so_bat_dau": body.get("so_bat_dau"),
            "dau_ra": body.get("dau_ra"),
            "dinh_dang": body.get("dinh_dang"),
        }
        return BatchRequest(
            body.get("chung"), body.get("items"), options, body.get("cap_so", False), body.get("ma_co_quan")
        )

    def from_sheet(
        self,
        kind_id: str,
        data: bytes,
        *,
        chung: Any,
        so_bat_dau: Any,
        dau_ra: str,
        decision_sheet: bool = True,
        dinh_dang: Any = "docx",
    ) -> BatchRequest:
        """A spreadsheet batch: rows read as the kind's schema (or the list's columns) wants.

        For ``dau_ra=danh_sach`` a workbook with a "Danh sách" sheet (the example workbook)
        gives the list from that sheet and, unless `decision_sheet` is False, the document's
        own fields from its "Dữ liệu" sheet (one row), under the fields of `chung`."""
        names = sheet_names(data, self.sheet_limits()) if dau_ra == "danh_sach" else []
        list_sheet = LIST_SHEET if LIST_SHEET in names else None
        table = self.read_sheet(data, self.row_schema(kind_id, dau_ra), sheet=list_sheet)
        cell_errors, ignored = list(table.cell_errors), list(table.ignored_columns)
        if list_sheet is not None and decision_sheet and DATA_SHEET in names:
            own, own_errors, own_ignored = self._decision_sheet(kind_id, data)
            chung = merge_over(own, chung) if isinstance(chung, dict) else chung if chung else own
            cell_errors += own_errors
            ignored += [c for c in own_ignored if c not in ignored]
        options = {
            "so_bat_dau": so_bat_dau,
            "dau_ra": dau_ra,
            "dinh_dang": dinh_dang,
            "row_numbers": table.row_numbers,
            "cell_errors": cell_errors,
        }
        return BatchRequest(chung, table.items, options, ignored_columns=ignored)

    def _decision_sheet(self, kind_id: str, data: bytes) -> tuple[dict[str, Any], list[dict], list[str]]:
        """(fields, problems, ignored columns) of the document's own row on the "Dữ liệu" sheet;
        problems name the sheet and carry ``/chung`` paths."""
        table = self.read_sheet(data, self.kind(kind_id).schema, sheet=DATA_SHEET)
        where = f"Trang '{DATA_SHEET}'"
        errors = []
        for e in table.cell_errors:
            path = e.get("path") or ""
            head, _, rest = path.removeprefix("/items/").partition("/")
            errors.append(
                {
                    "path": f"/chung/{rest}" if path and head == "0" else "/chung",
                    "message": f"{where}, dòng {e.get('row')}: {e.get('message', '')}",
                    **({"column": e["column"]} if e.get("column") else {}),
                }
            )
        if len(table.items) > 1:
            errors.append(
                {
                    "path": "/chung",
                    "message": f"{where} có {len(table.items)} dòng dữ liệu; các trường của quyết định "
                    "chỉ ở một dòng (dòng 3), danh sách ở trang 'Danh sách'.",
                }
            )
        return (table.items[0] if table.items else {}), errors, table.ignored_columns

    def upload_mode(self, kind_id: str, data: bytes) -> str:
        """How the pages treat an uploaded file: "danh_sach" (one document with its list) for a
        kind with a list when the workbook has a "Danh sách" sheet or its only columns are the
        list's; "zip" (one document a row) otherwise."""
        kind = self.kind(kind_id)
        if kind.danh_sach is None or looks_like_json(data):
            return "zip"
        if LIST_SHEET in sheet_names(data, self.sheet_limits()):
            return "danh_sach"
        try:
            as_list = self.read_table(data, kind.danh_sach.row_schema, {})
            as_documents = self.read_table(data, kind.schema, {})
        except SpreadsheetError:
            return "zip"
        list_headers_ok = not as_list.ignored_columns and not [
            e for e in as_list.cell_errors if not e["path"]
        ]
        return "danh_sach" if list_headers_ok and as_documents.ignored_columns else "zip"

    def list_counts(self, kind_id: str, items: list[dict[str, Any]]) -> dict[str, int]:
        """Rows of a list by group (tap_the, ca_nhan …), and "" for rows of no known group."""
        spec = self.kind(kind_id).danh_sach
        counts: dict[str, int] = dict.fromkeys(spec.groups if spec else (), 0)
        for item in items:
            group = spec.classify(item) if spec else None
            counts[group or ""] = counts.get(group or "", 0) + 1
        return counts

    def decision_schema(self, kind_id: str) -> dict[str, Any]:
        """The kind's schema without the list's groups: the fields typed on the list page."""
        kind = self.kind(kind_id)
        schema = copy.deepcopy(kind.schema)
        spec = kind.danh_sach
        if spec is None:
            return schema
        holder = schema.get("properties", {}).get(spec.field)
        if isinstance(holder, dict):
            for group in spec.groups:
                holder.get("properties", {}).pop(group, None)
            if isinstance(holder.get("required"), list):
                holder["required"] = [r for r in holder["required"] if r not in spec.groups]
        return schema

    def example_workbook(self, kind_id: str) -> bytes:
        """The kind's example .xlsx; a kind with a list gets its "Danh sách" sheet too."""
        kind = self.kind(kind_id)
        list_sheet = None
        spec = kind.danh_sach
        if spec is not None:
            held = kind.vi_du.get(spec.field) or {}
            rows = [
                {spec.classify_column: group, **entry}
                for group in spec.groups
                for entry in held.get(group) or []
                if isinstance(entry, dict)
            ]
            list_sheet = ListSheet(spec.row_schema, field_labels(spec.row_schema), rows, spec.field)
        return example_workbook(kind.schema, kind.vi_du, field_labels(kind.schema), list_sheet=list_sheet)

    def from_upload(
        self,
        kind_id: str,
        data: bytes,
        *,
        dau_ra: str = "zip",
        chung: Any = None,
        so_bat_dau: Any = None,
        decision_sheet: bool = True,
        dinh_dang: Any = "docx",
    ) -> BatchRequest:
        """A file uploaded in the pages: a JSON batch (its own `chung` unless one is given) or a
        spreadsheet (ValidationFailed if unreadable, ValueError for broken JSON)."""
        if looks_like_json(data):
            body = json.loads(data.decode("utf-8-sig"))
            if not isinstance(body, dict):
                raise ValueError("not an object")
            options = {"dau_ra": dau_ra, "so_bat_dau": so_bat_dau, "dinh_dang": dinh_dang}
            return BatchRequest(body.get("chung") if chung is None else chung, body.get("items"), options)
        return self.from_sheet(
            kind_id,
            data,
            chung=chung,
            so_bat_dau=so_bat_dau,
            dau_ra=dau_ra,
            decision_sheet=decision_sheet,
            dinh_dang=dinh_dang,
        )

    # ---------------------------------------------------------------- validating
    def validate(self, kind_id: str, batch: BatchRequest) -> BatchSpec:
        """The batch's BatchSpec: size limit, then every row validated (ValidationFailed)."""
        max_items = self.config["MAX_BATCH_ITEMS"]
        if batch.count > max_items:
            raise PayloadTooLarge(
                f"Lô có {batch.count} mục, vượt quá giới hạn {max_items} mục; hãy chia thành nhiều lô."
            )
        kind_id = self.documents.pinned(kind_id)  # an uploaded template: this version, to the end
        spec = prepare(self.documents.check, kind_id, batch.chung, batch.items, **batch.options)
        spec.ignored_columns = list(batch.ignored_columns)
        if spec.dinh_dang == "pdf":
            self.converter()  # 503 now rather than a failed job later
        return spec

    def converter(self) -> Any:
        """The PDF converter, or 503 when PDF is off or LibreOffice is missing."""
        if self.pdf is None or not self.pdf.available():
            raise ServiceUnavailable(
                "Không tạo được PDF: LibreOffice chưa được cài đặt hoặc đã tắt trên máy chủ. "
                "Hãy chọn định dạng .docx.",
                headers={"Retry-After": "60"},
            )
        return self.pdf

    def check_upload(self, kind_id: str, data: bytes) -> tuple[BatchRequest | None, list[dict[str, Any]]]:
        """(the batch read, its problems) of an uploaded file, one document a row, validated
        exactly as the batch API validates it."""
        batch = None
        try:
            batch = self.from_upload(kind_id, data)
            self.validate(kind_id, batch)
        except (ValidationFailed, PayloadTooLarge) as exc:
            return batch, exc.errors or [{"message": exc.detail}]
        except (UnicodeDecodeError, ValueError, RecursionError):
            return batch, [{"message": MSG_BAD_JSON_FILE}]
        return batch, []

    # ---------------------------------------------------------------- running
    def is_job(self, spec: BatchSpec, *, wants_async: bool) -> bool:
        return wants_async or len(spec.documents) > self.config["SYNC_BATCH_MAX"]

    def start_job(self, spec: BatchSpec, requester: str | None = None) -> dict[str, Any]:
        """Queue a validated batch as a job of `requester` (an API key's name, a user, None on
        an open service); its stored state."""
        return self.jobs.submit(spec, len(spec.documents), requester=requester)

    def render(self, spec: BatchSpec) -> BatchOutput:
        """Render a validated batch at once: a merged .docx, or a ZIP streamed as documents come;
        as PDF (`dinh_dang`), converted in a few LibreOffice calls before answering."""
        templates = str(self.config["TEMPLATES_DIR"])
        name, mimetype = spec.output_name()
        total = len(spec.documents)
        pool = pool_for(total)
        rendered = render_ordered(templates, spec.kind_id, spec.documents, pool=pool)
        if spec.dinh_dang == "pdf":
            return self._as_pdf(spec, rendered)
        if spec.dau_ra != "zip":
            data = merge_documents(rendered)
            self.on_rendered(spec.kind_id, total)
            return BatchOutput(name, mimetype, data, total)

        def body() -> Iterator[bytes]:
            yield from zip_stream(spec, rendered)
            self.on_rendered(spec.kind_id, total)

        return BatchOutput(name, mimetype, body(), total)

    def _as_pdf(self, spec: BatchSpec, rendered: Iterable[bytes]) -> BatchOutput:
        """The batch as PDF: a ZIP of PDFs, or one PDF (gop, danh_sach). Converted before the
        answer starts, so a LibreOffice failure is a 503 problem, not a cut download."""
        converter = self.converter()
        name, mimetype = spec.output_name()
        total = len(spec.documents)
        try:
            if spec.dau_ra != "zip":
                data = documents_to_one_pdf(converter, rendered)
                self.on_rendered(spec.kind_id, total)
                return BatchOutput(name, mimetype, data, total)
            pdfs = documents_to_pdfs(converter, rendered)
        except AdapterError as exc:
            raise as_problem(exc) from exc
        self.on_rendered(spec.kind_id, total)
        return BatchOutput(name, mimetype, zip_stream(spec, pdfs), total)

    @staticmethod
    def after(total: int) -> None:
        """After a large batch's response: the parsed rows and helpers' memory given back."""
        if total >= LARGE_BATCH:
            release_memory()

    # ---------------------------------------------------------------- jobs
    def job(self, job_id: str, requester: str | None = None) -> dict[str, Any]:
        """The job's stored state (NotFound for unknown ids and for jobs of someone else: a
        job id is not a capability, and another requester learns nothing, not even that the
        job exists)."""
        state = self.jobs.store.get(job_id)
        if state.get("requester") != requester:
            raise NotFound("Không có lô văn bản này.")
        return state

    @staticmethod
    def public(state: dict[str, Any]) -> dict[str, Any]:
        """The JSON a client (or a polling page) sees of a job's state."""
        return public(state)

    def public_job(self, job_id: str, requester: str | None = None) -> dict[str, Any]:
        return public(self.job(job_id, requester))

    def cancel(self, job_id: str, requester: str | None = None) -> dict[str, Any]:
        self.job(job_id, requester)
        return self.jobs.store.cancel(job_id)

    def cancel_or_delete(self, job_id: str, requester: str | None = None) -> dict[str, Any] | None:
        """Cancel an unfinished job (its public state); delete a finished one and its file (None)."""
        store = self.jobs.store
        if self.job(job_id, requester)["state"] in ("queued", "running"):
            return public(store.cancel(job_id))
        store.delete(job_id)
        return None

    def result(self, job_id: str, requester: str | None = None) -> tuple[Path, dict[str, Any]]:
        """The finished job's file and state (NotFound unknown, Conflict not done)."""
        self.job(job_id, requester)
        return self.jobs.store.result(job_id)
