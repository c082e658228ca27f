"""A batch's request turned into validated documents: items merged over `chung`, all
validated before anything is rendered.

`prepare` turns a request (items from JSON or from a spreadsheet) into a `BatchSpec` of
validated documents, or raises one ValidationFailed listing every bad row and field. The
documents are then rendered by service.adapters.batch_pool and packaged by
service.adapters.batch_package. Output modes (`dau_ra`):

* ``zip``: one .docx per item plus ``manifest.csv`` (row, file, so, ten_tep; UTF-8 BOM),
  written as a stream: a chunk is yielded as soon as each document is rendered.
* ``gop``: one .docx, each document from a new page (service.adapters.docx_merge).
* ``danh_sach`` (kinds declaring a `DanhSachSpec`, e.g. quyet-dinh-khen-thuong): one
  document; every item is one entry of its attached list, in the group the kind's `classify`
  gives it (row columns: the kind's `row_schema`). The document's own fields come from ``chung``.

``dinh_dang`` ("docx" by default, or "pdf") is the format of the documents: a ZIP of PDFs,
one PDF for ``gop`` and ``danh_sach`` (service.adapters.pdf_batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from service.adapters import template_kinds
from service.domain.kinds import KINDS, DocumentKind
from service.domain.validation import normalize
from service.errors import ValidationFailed

DAU_RA = ("zip", "gop", "danh_sach")
DINH_DANG = ("docx", "pdf")  # the documents' format: Word, or PDF through LibreOffice
ZIP_MIME = "application/zip"
PDF_MIME = "application/pdf"
MAX_ERRORS = 1000


def merge_over(chung: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """`item` deep-merged over `chung` (nested objects merged, item values win).

    >>> merge_over({"a": 1, "nguoi_ky": {"ho_ten": "A", "chuc_vu": "X"}}, {"nguoi_ky": {"ho_ten": "B"}})
    {'a': 1, 'nguoi_ky': {'ho_ten': 'B', 'chuc_vu': 'X'}}
    >>> merge_over({"luu": ["VT"]}, {"luu": ["NC"]})
    {'luu': ['NC']}
    """
    out = dict(chung)
    for key, value in item.items():
        base = out.get(key)
        out[key] = merge_over(base, value) if isinstance(base, dict) and isinstance(value, dict) else value
    return out


def _kind(kind_id: str) -> DocumentKind:
    """A built-in kind, or the uploaded template `kind_id` names (loaded by the document service)."""
    return KINDS.get(kind_id) or template_kinds.kind_of(kind_id)


@dataclass
class BatchSpec:
    """A validated batch: the clean data of each output document, in order."""

    kind_id: str
    dau_ra: str
    documents: list[dict[str, Any]]
    rows: list[int] = field(default_factory=list)  # per document: Excel row, or item number (1-based)
    ignored_columns: list[str] = field(default_factory=list)  # spreadsheet headers of no field
    dinh_dang: str = "docx"  # "docx" or "pdf"
    # numbered from the register (cap_so): the register's fields beside the documents'
    # ({"ma_co_quan": …} or {}); None: not numbered
    cap_so: dict[str, Any] | None = None

    @property
    def kind(self) -> DocumentKind:
        return _kind(self.kind_id)

    @property
    def ext(self) -> str:
        """The extension of each document: ".docx" or ".pdf"."""
        return ".pdf" if self.dinh_dang == "pdf" else ".docx"

    def output_name(self) -> tuple[str, str]:
        """(download file name, MIME type) of the batch's result."""
        if self.dau_ra == "zip":
            return f"{self.kind.ten} - {len(self.documents)} văn bản.zip", ZIP_MIME
        from service.adapters.documents import DOCX_MIME

        mime = PDF_MIME if self.dinh_dang == "pdf" else DOCX_MIME
        if self.dau_ra == "gop":
            return f"{self.kind.ten} - gộp {len(self.documents)} văn bản{self.ext}", mime
        return self.kind.ten_tep(self.documents[0]) + self.ext, mime

    def to_json(self) -> dict[str, Any]:
        return {
            "kind_id": self.kind_id,
            "dau_ra": self.dau_ra,
            "documents": self.documents,
            "rows": self.rows,
            "ignored_columns": self.ignored_columns,
            "dinh_dang": self.dinh_dang,
            "cap_so": self.cap_so,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchSpec:
        return cls(
            data["kind_id"],
            data["dau_ra"],
            data["documents"],
            data.get("rows") or [],
            data.get("ignored_columns") or [],
            data.get("dinh_dang") or "docx",
            data.get("cap_so"),
        )


# --------------------------------------------------------------------------- validation


def _err(path: str, message: str, code: str, row: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": path,
        "message": f"Dòng {row}: {message}" if row else message,
        "code": code,
    }
    if row:
        out["row"] = row
    return out


def _fail(errors: list[dict[str, Any]]) -> ValidationFailed:
    shown = errors[:MAX_ERRORS]
    more = f" (chỉ liệt kê {MAX_ERRORS} lỗi đầu)" if len(errors) > MAX_ERRORS else ""
    return ValidationFailed(
        f"Có {len(errors)} lỗi trong dữ liệu của lô{more}; chưa tạo văn bản nào.", errors=shown
    )


def _covered(path: str, prefixes: set[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def prepare(
    check: Callable[[str, Any], tuple[dict[str, Any], list[Any]]],
    kind_id: str,
    chung: Any,
    items: Any,
    *,
    so_bat_dau: Any = None,
    dau_ra: Any = "zip",
    dinh_dang: Any = "docx",
    row_numbers: list[int] | None = None,
    cell_errors: Iterable[dict[str, Any]] = (),
) -> BatchSpec:
    """Validate every item (merged over `chung`) before anything is rendered.

    `check` is DocumentService.check. Raises ValidationFailed listing every problem, with
    paths ``/items/<index>/<field…>`` and, for spreadsheet rows, ``row`` and "Dòng n: ".
    """
    errors: list[dict[str, Any]] = []
    if dau_ra in (None, ""):
        dau_ra = "zip"
    if dau_ra not in DAU_RA:
        errors.append(_err("/dau_ra", f"Đầu ra phải là một trong: {', '.join(DAU_RA)}.", "enum", None))
    elif dau_ra == "danh_sach" and _kind(kind_id).danh_sach is None:
        with_list = ", ".join(k.id for k in KINDS.values() if k.danh_sach is not None)
        errors.append(_err("/dau_ra", f"Đầu ra 'danh_sach' chỉ dùng cho mẫu: {with_list}.", "enum", None))
    if dinh_dang in (None, ""):
        dinh_dang = "docx"
    if dinh_dang not in DINH_DANG:
        errors.append(
            _err("/dinh_dang", f"Định dạng phải là một trong: {', '.join(DINH_DANG)}.", "enum", None)
        )
        dinh_dang = "docx"
    if chung is None:
        chung = {}
    if not isinstance(chung, dict):
        errors.append(_err("/chung", "Phần 'chung' phải là một đối tượng JSON.", "type", None))
        chung = {}
    if (
        isinstance(so_bat_dau, bool)
        or (so_bat_dau is not None and not isinstance(so_bat_dau, int))
        or (isinstance(so_bat_dau, int) and not 1 <= so_bat_dau <= 999_999)
    ):
        errors.append(
            _err("/so_bat_dau", "Số bắt đầu phải là một số từ 1 đến 999999 (chỉ gồm chữ số).", "type", None)
        )
        so_bat_dau = None
    if not isinstance(items, list) or not items:
        errors.append(_err("/items", "Cần ít nhất một mục trong 'items'.", "required", None))
        raise _fail(errors)
    rows = row_numbers or [None] * len(items)
    for e in cell_errors:
        row = e.get("row")
        errors.append(
            {
                **_err(e.get("path", ""), e.get("message", ""), "cell", row),
                **({"column": e["column"]} if e.get("column") else {}),
            }
        )
    cell_paths = {e["path"] for e in errors if e.get("code") == "cell" and e["path"]}
    if dau_ra == "danh_sach" and _kind(kind_id).danh_sach is None:
        raise _fail(errors)  # the /dau_ra error is listed
    if dau_ra == "danh_sach":
        doc, more = _danh_sach_document(check, _kind(kind_id), chung, items, rows, so_bat_dau, cell_paths)
        errors.extend(more)
        if errors:
            raise _fail(errors)
        return BatchSpec(kind_id, "danh_sach", [doc], [1], dinh_dang=dinh_dang)
    documents: list[dict[str, Any]] = []
    chung_reported: set[str] = set()
    # The shared part is normalised once, each item on its own, then merged: the same result
    # as normalising every merged document, without walking `chung` thousands of times.
    chung, chung_text_errors = normalize(chung)
    for e in chung_text_errors:
        chung_reported.add(e.path)
        errors.append(_err("/chung" + e.path, e.message, e.code, None))
    for i, item in enumerate(items):
        row = rows[i]
        if not isinstance(item, dict):
            errors.append(_err(f"/items/{i}", "Mỗi mục phải là một đối tượng JSON.", "type", row))
            continue
        item, item_text_errors = normalize(item)
        text_paths = {e.path for e in item_text_errors} | {e.path for e in chung_text_errors}
        for e in item_text_errors:
            path = f"/items/{i}{e.path}"
            if not _covered(path, cell_paths):
                errors.append(_err(path, e.message, e.code, row))
        data = merge_over(chung, item)
        if so_bat_dau is not None:
            data["so"] = so_bat_dau + i
        clean, problems = check(kind_id, data, normalised=True)
        for p in problems:
            if p.path in text_paths:
                continue
            top = p.path.split("/")[1] if p.path.count("/") else ""
            if top and top not in item and top in chung and p.path not in chung_reported:
                chung_reported.add(p.path)
                errors.append(_err("/chung" + p.path, p.message, p.code, None))
            elif not (top and top not in item and top in chung):
                path = f"/items/{i}{p.path}"
                if not _covered(path, cell_paths):
                    errors.append(_err(path, p.message, p.code, row))
        documents.append(clean)
    if errors:
        raise _fail(errors)
    rows_ = [r or i + 1 for i, r in enumerate(rows)]
    return BatchSpec(kind_id, dau_ra, documents, rows_, dinh_dang=dinh_dang)


def _danh_sach_document(
    check: Callable[..., Any],
    kind: DocumentKind,
    chung: dict[str, Any],
    items: list[Any],
    rows: list[int | None],
    so_bat_dau: int | None,
    cell_paths: set[str],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    spec = kind.danh_sach
    assert spec is not None  # prepare() refused dau_ra=danh_sach for a kind without a list
    errors: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, Any]]] = {g: [] for g in spec.groups}
    origin: dict[str, list[int]] = {g: [] for g in spec.groups}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(_err(f"/items/{i}", "Mỗi dòng phải là một đối tượng JSON.", "type", rows[i]))
            continue
        group = spec.classify(item)
        if group not in groups:
            path = f"/items/{i}/{spec.classify_column}"
            if path not in cell_paths:
                errors.append(_err(path, spec.classify_message, "required", rows[i]))
            continue
        entry = {k: v for k, v in item.items() if k != spec.classify_column}
        groups[group].append(entry)
        origin[group].append(i)
    field_ = spec.field
    ds = dict(chung.get(field_) or {}) if isinstance(chung.get(field_), dict) else {}
    ds.update({k: v for k, v in groups.items() if v})
    data = {**chung, field_: ds}
    if so_bat_dau is not None:
        data["so"] = so_bat_dau
    clean, problems = check(kind.id, data)
    for p in problems:
        parts = p.path.split("/")
        if len(parts) >= 4 and parts[1] == field_ and parts[2] in origin and parts[3].isdigit():
            i = origin[parts[2]][int(parts[3])]
            path = "/".join([f"/items/{i}", *parts[4:]])
            if not _covered(path, cell_paths):
                errors.append(_err(path, p.message, p.code, rows[i]))
        elif len(parts) == 3 and parts[1] == field_ and parts[2] in origin:
            errors.append(_err("/items", p.message, p.code, None))
        else:
            errors.append(_err("/chung" + p.path, p.message, p.code, None))
    return clean, errors
