"""From a kind id and client data to .docx bytes: validate, build the context, render.

The one place the domain (validation, context) meets the docxtpl adapter; the HTTP layer,
the batch runner and the benchmarks all go through it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.adapters.batch_pool import draft_ordered
from service.adapters.docx_render import TemplateCache
from service.adapters.docx_slots import SlottedDocument, prepare
from service.adapters.template_kinds import UploadedKind, UploadedTemplates
from service.domain.context import build_context
from service.domain.kinds import KINDS, DocumentKind
from service.domain.layout_limits import layout_problems
from service.domain.validation import FieldError, normalize_and_validate, validate
from service.domain.vn_format import so_van_ban
from service.errors import NotFound, ValidationFailed

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Rendered:
    data: bytes
    ten_tep: str  # file name without extension, Vietnamese letters kept


@dataclass(frozen=True)
class NumberedDraft:
    """A document rendered before its number is given, so the register renders outside its
    write lock: wherever the number is printed the parts hold a random 18-digit token (drawn
    per document, never shown). The parts are compressed ahead, cut at the token
    (docx_slots.py); `with_number` writes the number as the decree writes it into the cuts.
    The result holds, part for part, exactly the text of the document rendered with that
    number (tests/register/test_draft.py checks every kind)."""

    kind: DocumentKind
    clean: dict[str, Any]
    document: SlottedDocument
    token: bytes

    def with_number(self, so: int) -> Rendered:
        data = {**self.clean, "so": so}
        return Rendered(self.document.fill(so_van_ban(so).encode()), self.kind.ten_tep(data))


def _token() -> bytes:
    """A draft's stand-in for its number: 18 random digits, drawn per document."""
    return str(secrets.randbelow(9 * 10**17) + 10**17).encode()


class DocumentService:
    def __init__(self, templates_dir: str | Path, *, uploaded: UploadedTemplates | None = None):
        self.templates = TemplateCache(templates_dir)
        self.uploaded = uploaded

    def kind(self, kind_id: str) -> DocumentKind:
        """A built-in kind, or an uploaded template ("id" = latest version, "id@2" = version 2)."""
        kind = KINDS.get(kind_id)
        if kind is None and self.uploaded is not None:
            kind = self.uploaded.kind(kind_id)
        if kind is None:
            raise NotFound(f"Không có mẫu văn bản '{kind_id[:100]}'. Các mẫu có: {', '.join(KINDS)}.")
        return kind

    def pinned(self, kind_id: str) -> str:
        """The id a batch or job keeps: an uploaded template's current version ("id@N"), loaded
        now, so a job forked later finds it in memory and a new version does not change it."""
        kind = self.kind(kind_id)
        return f"{kind.id}@{kind.phien_ban}" if isinstance(kind, UploadedKind) else kind_id

    def check(
        self, kind_id: str, data: Any, *, normalised: bool = False
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """Normalised data and every problem in it (none means renderable).

        `normalised=True`: the data already went through `normalize` (a batch normalises
        its shared part once), so only the schema is checked.
        """
        kind = self.kind(kind_id)
        if normalised:
            clean, errors = data, validate(kind.schema, data)
        else:
            clean, errors = normalize_and_validate(kind.schema, data)
        if isinstance(clean, dict):
            # the printed layout: a title or a header line too long for the decree's page
            refused = {e.path for e in errors}
            cong_van = "header_cong_van" in kind.blocks
            layout = [e for e in layout_problems(clean, cong_van=cong_van) if e.path not in refused]
            errors = sorted([*errors, *layout], key=lambda e: (e.path, e.code)) if layout else errors
        if kind.checks and isinstance(clean, dict):
            # the kind's own rules, alongside the schema's problems (every problem at once); a
            # field the schema already refused is not reported twice
            refused = {e.path for e in errors}
            extra = [e for e in kind.check(clean) if e.path not in refused]
            errors = sorted([*errors, *extra], key=lambda e: (e.path, e.code)) if extra else errors
        return clean, errors

    def validate(self, kind_id: str, data: Any) -> dict[str, Any]:
        clean, errors = self.check(kind_id, data)
        if errors:
            raise ValidationFailed(
                f"Có {len(errors)} lỗi trong dữ liệu.", errors=[e.as_dict() for e in errors]
            )
        return clean

    def render_clean(self, kind_id: str, clean: dict[str, Any]) -> Rendered:
        """Render data that `validate` already accepted."""
        kind = self.kind(kind_id)
        if isinstance(kind, UploadedKind) and self.uploaded is not None:
            return Rendered(self.uploaded.render(kind, clean), kind.ten_tep(clean))
        data = self.templates.get(kind_id).render(build_context(kind_id, clean))
        return Rendered(data, kind.ten_tep(clean))

    def draft(self, kind_id: str, clean: dict[str, Any]) -> NumberedDraft | None:
        """Validated data rendered with its number left to fill (see `NumberedDraft`); None for
        an uploaded template, which renders in its sandbox once its number is known."""
        kind = self.kind(kind_id)
        if isinstance(kind, UploadedKind):
            return None
        token = _token()
        parts = self.templates.get(kind_id).render_parts(build_context(kind_id, {**clean, "so": int(token)}))
        return NumberedDraft(kind, clean, prepare(parts, token), token)

    def drafts(
        self, kind_id: str, cleans: list[dict[str, Any]], *, pool: Any = None
    ) -> list[NumberedDraft | None]:
        """`draft` for each of a batch's validated documents, in order; a built-in kind's are
        rendered on `pool` too (batch_pool.draft_ordered), each with its own token."""
        kind = self.kind(kind_id)
        if isinstance(kind, UploadedKind):
            return [None] * len(cleans)
        tokens = [_token() for _ in cleans]
        documents = draft_ordered(
            str(self.templates.directory), kind_id, list(zip(cleans, tokens, strict=True)), pool=pool
        )
        return [
            NumberedDraft(kind, clean, document, token)
            for clean, token, document in zip(cleans, tokens, documents, strict=True)
        ]

    def render(self, kind_id: str, data: Any) -> Rendered:
        return self.render_clean(kind_id, self.validate(kind_id, data))
