"""Uploaded templates as document kinds: what lets them work wherever a built-in kind does.

`UploadedTemplates.kind("ten-mau")` (latest version) or `kind("ten-mau@2")` gives an
`UploadedKind`: a `DocumentKind` whose schema and example are the stored ones, so validation,
the clerk's form, the example spreadsheet, batches and PDF read it as they read a built-in kind;
`render` runs it in the sandboxed child process (`template_worker`).
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from service.adapters.template_inspect import TEMPLATED
from service.adapters.template_sandbox import Limits
from service.adapters.template_store import TemplateStore, TemplateVersion
from service.adapters.template_worker import TemplateRenderFailed, TemplateRunner
from service.domain.kind import DocumentKind
from service.domain.vn_format import nfc, so_van_ban, ten_tep

VERSIONED = re.compile(r"^(?P<id>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:@(?P<v>[1-9][0-9]{0,8}))?$")


def _file_name(kind: DocumentKind, data: Mapping[str, Any]) -> str:
    """Template name, then the number when the data has one, then the trích yếu's first line."""
    so, ky_hieu = data.get("so"), data.get("ky_hieu")
    number = (
        f"{so_van_ban(so)}/{nfc(ky_hieu).strip()}" if isinstance(so, int) and isinstance(ky_hieu, str) else ""
    )
    trich_yeu = data.get("trich_yeu")
    first = nfc(trich_yeu).strip().split("\n")[0][:80] if isinstance(trich_yeu, str) else ""
    return ten_tep(kind.ten, number, first)


@dataclass(frozen=True)
class UploadedKind(DocumentKind):
    """A kind whose page is an office's uploaded .docx (one stored version of it)."""

    phien_ban: int = 0
    sha256: str = ""
    tep: bytes = field(default=b"", repr=False)
    bien: tuple[str, ...] = ()

    @classmethod
    def of(cls, v: TemplateVersion) -> UploadedKind:
        return cls(
            id=v.id,
            ten=v.ten,
            loai_van_ban="",
            mo_ta=v.mo_ta,
            ten_loai=None,
            schema=v.schema,
            vi_du=v.vi_du,
            blocks=(),
            file_name=_file_name,
            thu_tu=1000,
            phien_ban=v.phien_ban,
            sha256=v.sha256,
            tep=v.tep,
            bien=tuple(v.bien),
        )

    def tom_tat(self) -> dict[str, Any]:
        return {**super().tom_tat(), "tai_len": True, "phien_ban": self.phien_ban}


class UploadedTemplates:
    """The uploaded kinds of this service (from the database) and their renderer."""

    def __init__(self, store: TemplateStore, runner: TemplateRunner, *, cache_size: int = 32):
        self.store, self.runner = store, runner
        self._cache: OrderedDict[tuple[str, int], UploadedKind] = OrderedDict()
        self._lock = threading.Lock()
        self.cache_size = cache_size

    @staticmethod
    def parse(kind_id: str) -> tuple[str, int | None] | None:
        """("id", version or None) of "id" or "id@N"; None when it cannot name a template."""
        m = VERSIONED.match(kind_id or "")
        if not m or len(m["id"]) > 100:
            return None
        return m["id"], int(m["v"]) if m["v"] else None

    def kind(self, kind_id: str) -> UploadedKind | None:
        parsed = self.parse(kind_id)
        if parsed is None:
            return None
        template_id, version = parsed
        if version is None:
            version = self.store.latest(template_id)
            if version is None:
                return None
        key = (template_id, version)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        stored = self.store.get(template_id, version)
        if stored is None:
            return None
        kind = UploadedKind.of(stored)
        with self._lock:
            self._cache[key] = kind  # a version never changes: safe to keep
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return kind

    def forget(self, template_id: str) -> None:
        with self._lock:
            for key in [k for k in self._cache if k[0] == template_id]:
                del self._cache[key]

    def all(self) -> list[UploadedKind]:
        """The latest version of every uploaded template, without bytes (for lists and menus)."""
        return [UploadedKind.of(v) for v in self.store.all_latest()]

    def render(self, kind: UploadedKind, clean: dict[str, Any]) -> bytes:
        """The .docx of validated data (TemplateRenderFailed: 422 with the template's problem);
        every XML part of it parsed back, so a malformed document never leaves the service."""
        data = self.runner.render(kind.tep, kind.sha256, clean)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():  # the parts docxtpl rendered; the others were read at upload
                    if TEMPLATED.match(name) or name == "docProps/core.xml":
                        etree.fromstring(zf.read(name), _PARSER)
        except (zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            raise TemplateRenderFailed(f"Văn bản tạo từ mẫu bị hỏng ({str(exc)[:200]}).") from None
        return data

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any], store: TemplateStore) -> UploadedTemplates:
        """The uploaded kinds of `store`, rendered in a sandbox bounded as `cfg` says (the web
        app and the RQ worker make theirs alike)."""
        timeout = float(cfg["TEMPLATE_TIMEOUT_S"]) or Limits.timeout_s  # 0: the default, never "none"
        limits = Limits(timeout_s=timeout, max_output=int(cfg["TEMPLATE_MAX_OUTPUT"]))
        return cls(store, TemplateRunner(limits, memory_mb=int(cfg["TEMPLATE_MEMORY_MB"])))

    def activate(self) -> UploadedTemplates:
        """Make these the uploaded kinds batches and jobs of this process render (`render_many`)."""
        global _ACTIVE
        _ACTIVE = self
        return self


_ACTIVE: UploadedTemplates | None = None
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def kind_of(kind_id: str) -> UploadedKind:
    """The uploaded kind `kind_id` names in this process (KeyError when there is none)."""
    kind = _ACTIVE.kind(kind_id) if _ACTIVE is not None else None
    if kind is None:
        raise KeyError(kind_id)
    return kind


def render_many(kind_id: str, documents: list[dict[str, Any]]) -> Iterator[bytes]:
    """The .docx of each validated document of a batch of an uploaded template, in order."""
    if _ACTIVE is None:
        raise TemplateRenderFailed("Các mẫu tải lên chưa sẵn sàng trong tiến trình này.", kind="unavailable")
    kind = _ACTIVE.kind(kind_id)
    if kind is None:
        raise TemplateRenderFailed(f"Mẫu '{kind_id}' không còn.", kind="missing")
    for d in documents:
        yield _ACTIVE.render(kind, d)


__all__ = ["TemplateRenderFailed", "UploadedKind", "UploadedTemplates"]
