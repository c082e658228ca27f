"""Own templates: an office uploads a docxtpl .docx, the service checks it and keeps its versions.

Upload (`create`, `new_version`): the file's size; the package read within limits (not a .docx,
a zip bomb, a DOCTYPE: 422 on ``/file``); every tag parsed, each problem with its paragraph
and tag (422); the variables found and, without a given schema, a JSON Schema inferred; an
example made from the schema and rendered once in the sandbox, the result opened (a template
that cannot render is refused now, not at the first clerk); the format checker's findings on
that render when the checker is installed; then the version stored with its bytes and hash.
Owners: a template belongs to the caller that created it (`owner`, the API key's `principal()`
as jobs record it; None on an open service); only its owner adds versions or deletes it (403),
checked before the work and again inside the write (`template_store.may_change`). Reading and
rendering stay open to every caller. Limits: `MAX_TEMPLATES` templates, `MAX_TEMPLATE_VERSIONS`
versions per template (409 past them), counted inside the write.
Rendering goes through `DocumentService` like every kind (`adapters/template_kinds.py`).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from lxml import etree

from service.adapters.template_blocks import make_sandbox
from service.adapters.template_inspect import parse_tags, read_package
from service.adapters.template_kinds import UploadedKind, UploadedTemplates
from service.adapters.template_schema import example_data, infer
from service.adapters.template_store import StoreRefused, TemplateStore, TemplateVersion, may_change
from service.adapters.template_worker import TemplateRenderFailed
from service.domain.kind import KIND_ID
from service.domain.kinds import KINDS
from service.errors import (
    Conflict,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)

Checker = Callable[[bytes], dict[str, Any]]


def _field(path: str, message: str) -> dict[str, str]:
    return {"path": path, "message": message}


class TemplateService:
    """The use case of uploaded templates, called by the API (and any page that manages them)."""

    def __init__(
        self,
        store: TemplateStore,
        uploaded: UploadedTemplates,
        config: dict[str, Any],
        *,
        checker: Checker | None = None,
    ):
        self.store, self.uploaded, self.config, self.checker = store, uploaded, config, checker

    # ---------------------------------------------------------------- reading
    def list(self) -> list[dict[str, Any]]:
        return [k.tom_tat() for k in self.uploaded.all()]

    def kind(self, template_id: str, version: int | None = None) -> UploadedKind:
        name = template_id if version is None else f"{template_id}@{version}"
        kind = self.uploaded.kind(name)
        if kind is None:
            what = f"phiên bản {version} của mẫu" if version else "mẫu"
            raise NotFound(f"Không có {what} '{template_id[:100]}'.")
        return kind

    @staticmethod
    def _named(template_id: str) -> str:
        """`template_id` when it can name an uploaded template, else 404 (before any query)."""
        if len(template_id) > 100 or not KIND_ID.match(template_id):
            raise NotFound(f"Không có mẫu '{template_id[:100]}'.")
        return template_id

    def describe(self, template_id: str, version: int | None = None) -> dict[str, Any]:
        stored = self.store.get(self._named(template_id), version, with_bytes=False)
        if stored is None:
            raise NotFound(
                f"Không có mẫu '{template_id[:100]}'" + (f" phiên bản {version}." if version else ".")
            )
        return self._public(stored)

    def versions(self, template_id: str) -> list[dict[str, Any]]:
        if template_id in KINDS:
            return []
        rows = self.store.versions(self._named(template_id))
        if not rows:
            raise NotFound(f"Không có mẫu '{template_id[:100]}'.")
        return [r.summary() for r in rows]

    # ---------------------------------------------------------------- writing
    def create(
        self,
        form: dict[str, str],
        file: bytes | None,
        *,
        template_id: str | None = None,
        owner: str | None = None,
    ) -> dict[str, Any]:
        """A new template (POST) or, with `template_id`, a new version of it (PUT), by `owner`."""
        new = template_id is None
        tid = (form.get("id") or "").strip() if new else template_id
        assert tid is not None
        if not new and tid in KINDS:
            raise MethodNotAllowed(
                f"'{tid}' là mẫu có sẵn của dịch vụ: không thay được.", headers={"Allow": "GET"}
            )
        if not new:
            head = self.store.head(self._named(tid))
            if head is None:
                raise NotFound(
                    f"Không có mẫu '{tid[:100]}' để tải phiên bản mới; hãy dùng POST /api/v1/templates."
                )
            if not may_change(head[1], owner):
                raise self._not_owner(tid, "tải phiên bản mới cho")
        errors = self._check_form(tid, form, file, new=new)
        if errors:
            raise ValidationFailed(f"Có {len(errors)} lỗi trong mẫu gửi lên.", errors=errors)
        assert file is not None
        limit = int(self.config["TEMPLATE_MAX_BYTES"])
        if len(file) > limit:
            raise PayloadTooLarge(f"Tệp mẫu lớn hơn {limit // (1024 * 1024)} MB.")
        given = self._given_schema(form.get("schema"))
        version = self._inspect(tid, form, file, given)
        try:
            number = self.store.add(
                version,
                new=new,
                owner=owner,
                max_templates=int(self.config.get("MAX_TEMPLATES") or 0),
                max_versions=int(self.config.get("MAX_TEMPLATE_VERSIONS") or 0),
            )
        except StoreRefused as exc:
            raise self._refused(exc.reason, tid) from None
        self.uploaded.forget(tid)
        stored = self.store.get(tid, number, with_bytes=False)
        assert stored is not None
        return self._public(stored)

    def delete(self, template_id: str, *, owner: str | None = None) -> None:
        if template_id in KINDS:
            raise MethodNotAllowed(
                f"'{template_id}' là mẫu có sẵn của dịch vụ: không xóa được.", headers={"Allow": "GET"}
            )
        try:
            deleted = self.store.delete(self._named(template_id), owner=owner)
        except StoreRefused:
            raise self._not_owner(template_id, "xóa") from None
        if not deleted:
            raise NotFound(f"Không có mẫu '{template_id[:100]}'.")
        self.uploaded.forget(template_id)

    @staticmethod
    def _not_owner(tid: str, action: str) -> Forbidden:
        return Forbidden(
            f"Mẫu '{tid[:100]}' do khóa API khác tải lên (hoặc tải lên trước khi có chủ sở hữu): "
            f"chỉ khóa đã tải mẫu lên mới được {action} mẫu này. Các khóa khác vẫn xem và dùng được mẫu."
        )

    def _refused(self, reason: str, tid: str) -> Exception:
        if reason == "owner":
            return self._not_owner(tid, "tải phiên bản mới cho")
        if reason == "missing":
            return NotFound(f"Không có mẫu '{tid[:100]}' để tải phiên bản mới.")
        if reason == "templates":
            return Conflict(
                f"Đã lưu đủ {self.config.get('MAX_TEMPLATES')} mẫu tải lên (giới hạn VB_MAX_TEMPLATES): "
                "hãy xóa mẫu không dùng nữa trước khi tải mẫu mới."
            )
        if reason == "versions":
            return Conflict(
                f"Mẫu '{tid}' đã có {self.config.get('MAX_TEMPLATE_VERSIONS')} phiên bản "
                "(giới hạn VB_MAX_TEMPLATE_VERSIONS): không lưu thêm phiên bản được; hãy tạo mẫu mới "
                "với mã khác hoặc xóa mẫu này rồi tải lại."
            )
        return Conflict(f"Mẫu '{tid}' đã có; tải phiên bản mới bằng PUT /api/v1/templates/{tid}.")

    # ---------------------------------------------------------------- steps
    def _check_form(
        self, tid: str, form: dict[str, str], file: bytes | None, *, new: bool
    ) -> list[dict[str, str]]:
        errors = []
        if new:
            if not tid:
                errors.append(_field("/id", "Cần mã mẫu (id), ví dụ: giay-chung-nhan."))
            elif len(tid) > 100 or not KIND_ID.match(tid):
                errors.append(
                    _field(
                        "/id",
                        "Mã mẫu chỉ gồm chữ thường không dấu, chữ số và dấu '-', ví dụ: giay-chung-nhan.",
                    )
                )
            elif tid in KINDS:
                errors.append(_field("/id", f"'{tid}' là mã của một mẫu có sẵn; hãy chọn mã khác."))
        ten = (form.get("ten") or "").strip()
        if not ten:
            errors.append(_field("/ten", "Cần tên mẫu, ví dụ: Giấy chứng nhận."))
        elif len(ten) > 300 or re.search(r"[\x00-\x1f\x7f]", ten):
            errors.append(_field("/ten", "Tên mẫu tối đa 300 ký tự, trên một dòng."))
        if len(form.get("mo_ta") or "") > 2000:
            errors.append(_field("/mo_ta", "Mô tả tối đa 2.000 ký tự."))
        if not file:
            errors.append(_field("/file", "Cần tệp mẫu .docx (trường 'file')."))
        return errors

    @staticmethod
    def _given_schema(text: str | None) -> dict[str, Any] | None:
        if text is None or not text.strip():
            return None
        try:
            schema = json.loads(text)
        except (ValueError, RecursionError):
            raise ValidationFailed(
                "Schema không phải JSON hợp lệ.", errors=[_field("/schema", "Không đọc được JSON.")]
            ) from None
        if not isinstance(schema, dict) or schema.get("type") != "object":
            raise ValidationFailed(
                "Schema phải là một JSON Schema kiểu object.",
                errors=[_field("/schema", 'Cần {"type": "object", "properties": {…}}.')],
            )
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise ValidationFailed(
                "Schema không hợp lệ.",
                errors=[_field("/schema", f"JSON Schema không hợp lệ: {exc.message[:300]}")],
            ) from None
        return schema

    def _inspect(
        self, tid: str, form: dict[str, str], file: bytes, given: dict[str, Any] | None
    ) -> TemplateVersion:
        members = read_package(file, max_uncompressed=int(self.config["TEMPLATE_MAX_UNCOMPRESSED"]))
        parsed, problems = parse_tags(make_sandbox(), members)
        if problems:
            raise ValidationFailed(
                f"Mẫu có {len(problems)} thẻ không dùng được.", errors=[p.as_error() for p in problems[:50]]
            )
        variables, inferred = infer(parsed.asts.values())
        schema = given or inferred
        example = example_data(schema)
        digest = hashlib.sha256(file).hexdigest()
        try:
            sample = self.uploaded.runner.render(file, digest, example)
        except TemplateRenderFailed as exc:
            raise ValidationFailed(
                "Mẫu không tạo được văn bản với dữ liệu ví dụ.",
                errors=[_field("/file", f"Thử tạo văn bản từ mẫu: {exc.message}")],
            ) from None
        self._open(sample)
        findings = self.checker(sample) if self.checker is not None else None
        return TemplateVersion(
            id=tid,
            phien_ban=0,
            ten=" ".join((form.get("ten") or "").split()),
            mo_ta=(form.get("mo_ta") or "").strip(),
            sha256=digest,
            kich_thuoc=len(file),
            schema=schema,
            schema_suy_ra=given is None,
            bien=variables,
            vi_du=example,
            kiem_tra=findings,
            tep=file,
        )

    @staticmethod
    def _open(sample: bytes) -> None:
        """The trial render opened as Word would: a zip of well-formed parts python-docx reads."""
        import docx

        try:
            with zipfile.ZipFile(io.BytesIO(sample)) as zf:
                for name in zf.namelist():
                    if name.endswith((".xml", ".rels")):
                        etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False))
            docx.Document(io.BytesIO(sample))
        except Exception as exc:  # whatever the reader says, the upload is refused with it
            raise ValidationFailed(
                "Văn bản thử tạo từ mẫu không mở được.",
                errors=[_field("/file", f"Văn bản thử tạo từ mẫu không mở được: {str(exc)[:300]}")],
            ) from None

    @staticmethod
    def _public(v: TemplateVersion) -> dict[str, Any]:
        return {
            "id": v.id,
            "ten": v.ten,
            "loai_van_ban": "",
            "mo_ta": v.mo_ta,
            "phien_ban": v.phien_ban,
            "sha256": v.sha256,
            "kich_thuoc": v.kich_thuoc,
            "tao_luc": v.tao_luc,
            "bien": v.bien,
            "schema_suy_ra": v.schema_suy_ra,
            "schema": v.schema,
            "vi_du": v.vi_du,
            "kiem_tra": v.kiem_tra,
        }
