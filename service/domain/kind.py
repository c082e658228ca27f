"""What a kind of document is: one `DocumentKind` declared in one module of service/domain/kinds/.

A kind declares everything the service needs about it — its id, names, symbol abbreviation,
JSON Schema, example (`vi_du`), the blocks its page is made of, its context hooks, its
batch list (`danh_sach`) and file-name rule — and every other part of the service (template
builder, context, batches, web form, example spreadsheets, OpenAPI) reads it from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.domain.text import shorten
from service.domain.validation import FieldError
from service.domain.vn_format import nfc, so_van_ban, ten_tep

Schema = dict[str, Any]
# A context hook: (validated data, the context built so far, today) -> entries to add.
ContextHook = Callable[[Mapping[str, Any], Mapping[str, Any], Any], dict[str, Any]]
# A check beyond the JSON Schema, run on normalised data beside the schema (so a form shows every
# problem at once): the problems found, e.g. a symbol that does not start with its type's
# abbreviation, an end before a start. A check skips values of the wrong type or shape: the
# schema reports those.
Check = Callable[[Mapping[str, Any]], "list[FieldError]"]

KIND_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class DanhSachSpec:
    """A batch whose rows become the entries of one document's attached list (dau_ra=danh_sach).

    `row_schema`: the columns of a row (spreadsheet headers, JSON item keys, their labels);
    `classify`: the group (a key of data[field]) a row belongs to, None when it cannot tell;
    `classify_column` and `classify_message`: where and how an undecidable row is reported.
    """

    row_schema: Schema
    classify: Callable[[Mapping[str, Any]], str | None]
    groups: tuple[str, ...]
    classify_message: str
    classify_column: str = "loai"
    field: str = "danh_sach"


def default_ten_tep(kind: DocumentKind, data: Mapping[str, Any]) -> str:
    """Download file name (without extension): kind name, number or "Dự thảo", first line of
    the trích yếu.

    >>> k = DocumentKind(id="vi-du", ten="Kế hoạch", loai_van_ban="KH", mo_ta="", ten_loai="KẾ HOẠCH",
    ...                  schema={}, vi_du={}, blocks=())
    >>> k.ten_tep({"so": 5, "ky_hieu": "KH-UBND", "trich_yeu": "Về việc A"})
    'Kế hoạch - 05-KH-UBND - Về việc A'
    >>> k.ten_tep({"ky_hieu": "KH-UBND", "trich_yeu": "B\\nC"})
    'Kế hoạch - Dự thảo - B'
    """
    so = data.get("so")
    number = f"{so_van_ban(so)}/{nfc(data.get('ky_hieu')).strip()}" if so else "Dự thảo"
    first_line = nfc(data.get("trich_yeu")).strip().split("\n")[0]
    return ten_tep(kind.ten, number, shorten(first_line, 80))  # cut between words, never inside one


def ten_tep_theo_nguoi(field: str) -> Callable[[DocumentKind, Mapping[str, Any]], str]:
    """A file-name rule for a form about one person (giấy giới thiệu, giấy nghỉ phép): the
    person's name `field`.ho_ten stands where a trích yếu would.

    >>> k = DocumentKind(id="vi-du", ten="Giấy nghỉ phép", loai_van_ban="GNP", mo_ta="",
    ...                  ten_loai="GIẤY NGHỈ PHÉP", schema={}, vi_du={}, blocks=())
    >>> ten_tep_theo_nguoi("nguoi_nghi")(k, {"so": 3, "ky_hieu": "GNP-SNV", "nguoi_nghi": {"ho_ten": "An"}})
    'Giấy nghỉ phép - 03-GNP-SNV - An'
    """

    def rule(kind: DocumentKind, data: Mapping[str, Any]) -> str:
        nguoi = data.get(field)
        ho_ten = nguoi.get("ho_ten") if isinstance(nguoi, dict) else None
        return default_ten_tep(kind, {**data, "trich_yeu": ho_ten or data.get("trich_yeu")})

    return rule


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document (id = template file name in templates_docx/ and URL segment).

    * `ten`: its Vietnamese name (menus, file names); `loai_van_ban`: the abbreviation of
      Phụ lục III Mục I (KH, BC, QĐ …); `ten_loai`: the type name printed on the page in
      capitals (None for a công văn, which has none); `mo_ta`: one line for the clerk.
    * `schema`: its JSON Schema (service.domain.schemas has the shared parts); `vi_du`: a
      valid example.
    * `blocks`: names of the shared page blocks, in page order (service.adapters.docx_blocks).
    * `context`: hooks adding kind-specific entries to the render context.
    * `checks`: rules the JSON Schema cannot say (across fields, against the decree's tables),
      run with it on every document, single or in a batch; each returns FieldErrors.
    * `danh_sach`: set when a batch may become one document's attached list.
    * `file_name`: the download-name rule (default: `default_ten_tep`).
    * `thu_tu`: position in lists (index page, OpenAPI); ties by id.
    * `any_type`: the kind renders any type name of Điều 7 given in its data (the checker falls
      back to it for a type no other kind has).
    """

    id: str
    ten: str
    loai_van_ban: str
    mo_ta: str
    ten_loai: str | None
    schema: Schema = field(repr=False)
    vi_du: dict[str, Any] = field(repr=False)
    blocks: tuple[str, ...]
    context: tuple[ContextHook, ...] = ()
    checks: tuple[Check, ...] = ()
    danh_sach: DanhSachSpec | None = None
    file_name: Callable[[DocumentKind, Mapping[str, Any]], str] = default_ten_tep
    thu_tu: int = 100
    any_type: bool = False  # the type name comes from the data (any type of Điều 7, e.g. van-ban)

    def __post_init__(self) -> None:
        if not KIND_ID.match(self.id):
            raise ValueError(f"kind id {self.id!r}: lower-case ASCII words joined by '-'")

    def tom_tat(self) -> dict[str, str]:
        return {"id": self.id, "ten": self.ten, "loai_van_ban": self.loai_van_ban, "mo_ta": self.mo_ta}

    def check(self, data: Mapping[str, Any]) -> list[FieldError]:
        """The problems the kind's own checks find in `data`."""
        return [e for rule in self.checks for e in rule(data)]

    def row_schema(self, dau_ra: str = "zip") -> Schema:
        """The schema of one batch row: the list's columns for dau_ra=danh_sach, else the kind's."""
        if dau_ra == "danh_sach" and self.danh_sach is not None:
            return self.danh_sach.row_schema
        return self.schema

    def ten_tep(self, data: Mapping[str, Any]) -> str:
        """Download file name (without extension) derived from the data."""
        return self.file_name(self, data)
