"""The one adapter around docxtpl: templates compiled once, rendered many times, safely.

A `CompiledTemplate` runs docxtpl's tag preprocessing (`patch_xml`) and the Jinja compile of
each templated XML part once. Rendering a document then only runs the compiled Jinja
templates and writes a new zip, copying the unchanged members' compressed bytes as they are.
The field notes measure docxtpl's stock render at ~30 documents/s, almost all of it spent
re-preprocessing and re-compiling; this path does that work once per template.

Safety: the Jinja environment is a `SandboxedEnvironment` with autoescape and
`StrictUndefined`; user data is only ever a value in the context, never template source.
Every rendered part is parsed back (lxml, strict) before the file is returned, so a
malformed document can never leave the service.

The stock path (`render_stock`: a new DocxTemplate per document) is kept for comparison in
tests and benchmarks; the reuse of one CompiledTemplate for many renders is proven equal to
fresh stock renders by tests/adapters/test_docx_render.py.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from service.adapters import docx_xml
from service.adapters.docx_package import build_template
from service.domain import so_thanh_chu as words
from service.domain import vn_format as fmt
from service.domain.kinds import KINDS
from service.domain.tham_quyen import ten_tu_tham_quyen
from service.errors import AdapterError

_TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


class RenderError(AdapterError):
    """A template failed to render (a defect of the template, not of the client's data)."""


def make_env() -> SandboxedEnvironment:
    """The Jinja environment of every render: sandboxed, autoescaped, strict, with the filters."""
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    env.globals.update(
        duong_ke=docx_xml.duong_ke,
        bang=docx_xml.bang,
        khung=docx_xml.khung,
        ngat_phan=docx_xml.ngat_phan,
        phan_cuoi=docx_xml.phan_cuoi,
    )
    return env


# Template helpers: the decree's Vietnamese formatters offered to every template as Jinja filters,
# e.g. {{ so | so_kieu_viet }}. The built-in templates get their text computed by
# domain/context.build_context and use none of them; they are here for templates written by
# offices (issue 11, "Own templates"), each documented by the worked examples (doctests) of its
# formatter in service/domain.
FILTERS: dict[str, Callable[..., Any]] = {
    "ngay_day_du": fmt.ngay_day_du,
    "dong_ngay_thang": fmt.dong_ngay_thang,
    "so_van_ban": fmt.so_van_ban,
    "dong_so_ky_hieu": fmt.dong_so_ky_hieu,
    "dong_noi_nhan": fmt.dong_noi_nhan,
    "dong_kinh_gui": fmt.dong_kinh_gui,
    "chu_cai_diem": fmt.chu_cai_diem,
    "so_la_ma": fmt.so_la_ma,
    "so_kieu_viet": fmt.so_kieu_viet,
    "so_tien": fmt.so_tien,
    "viet_hoa": fmt.viet_hoa,
    "ten_tu_tham_quyen": ten_tu_tham_quyen,
    "so_thanh_chu": words.so_thanh_chu,
    "so_tien_bang_chu": words.so_tien_bang_chu,
}


@dataclass(frozen=True)
class Member:
    name: bytes
    method: int
    crc: int
    compressed: bytes
    size: int


def _raw_members(source: bytes) -> list[tuple[str, Member]]:
    """Each zip member with its compressed bytes exactly as stored."""
    import zipfile

    out = []
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        for info in zf.infolist():
            off = info.header_offset
            name_len, extra_len = struct.unpack("<HH", source[off + 26 : off + 30])
            start = off + 30 + name_len + extra_len
            data = source[start : start + info.compress_size]
            out.append(
                (
                    info.filename,
                    Member(info.filename.encode("utf-8"), info.compress_type, info.CRC, data, info.file_size),
                )
            )
    return out


_DOS_TIME, _DOS_DATE = 0, (2026 - 1980) << 9 | 1 << 5 | 1


def write_zip(members: list[Member]) -> bytes:
    """A zip archive of members already compressed (deflate or stored)."""
    out = io.BytesIO()
    central = []
    for m in members:
        offset = out.tell()
        # method, time, date, crc, sizes and name length: shared by both headers
        common = (m.method, _DOS_TIME, _DOS_DATE, m.crc, len(m.compressed), m.size, len(m.name))
        out.write(struct.pack("<4s2H3H3L2H", b"PK\x03\x04", 20, 0, *common, 0))
        out.write(m.name)
        out.write(m.compressed)
        central.append(
            struct.pack("<4s3H3H3L5H2L", b"PK\x01\x02", 20, 20, 0, *common, 0, 0, 0, 0, 0, offset) + m.name
        )
    cd_start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - cd_start, cd_start, 0
        )
    )
    return out.getvalue()


def deflate(name: str, data: bytes) -> Member:
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)  # speed over a few % of size
    compressed = comp.compress(data) + comp.flush()
    return Member(name.encode("utf-8"), 8, zlib.crc32(data), compressed, len(data))


_FINAL_SECTION = re.compile(r"<w:sectPr\b(?:(?!<w:sectPr\b).)*</w:sectPr>\s*(?=</w:body>)", re.S)


def computed_final_section(xml: str) -> str:
    """The body's final w:sectPr made conditional: when the context describes the last section
    (`trang_cuoi`: a landscape appendix, a section without the ô 13 footer), it is computed;
    otherwise the template's own is kept. The template file itself stays a valid document.

    >>> computed_final_section('<w:body><w:p/><w:sectPr><w:titlePg/></w:sectPr></w:body>')
    '<w:body><w:p/>{% if trang_cuoi is defined %}{{ phan_cuoi(trang_cuoi) }}{% else %}<w:sectPr><w:titlePg/></w:sectPr>{% endif %}</w:body>'
    """
    return _FINAL_SECTION.sub(
        lambda m: (
            "{% if trang_cuoi is defined %}{{ phan_cuoi(trang_cuoi) }}{% else %}" + m.group(0) + "{% endif %}"
        ),
        xml,
        count=1,
    )


def _patch(xml: str) -> str:
    """docxtpl's own preprocessing of tags split across runs, {%p %}, {%tr %} … (stateless),
    then the computed final section."""
    return computed_final_section(DocxTemplate.patch_xml(None, xml))  # type: ignore[arg-type]


class _StockTemplate(DocxTemplate):
    """docxtpl's own class with the same final-section rule as the compiled path."""

    def patch_xml(self, xml: str) -> str:
        return computed_final_section(super().patch_xml(xml))


class CompiledTemplate:
    """A .docx template prepared once and rendered any number of times (thread-safe)."""

    def __init__(self, source: bytes, *, env: SandboxedEnvironment | None = None, check: bool = True):
        self.env = env or make_env()
        self.check = check
        self._parts: list[tuple[str, Member | Any]] = []
        for name, member in _raw_members(source):
            if _TEMPLATED_PART.match(name):
                xml = (
                    zlib.decompress(member.compressed, -15).decode("utf-8")
                    if member.method == 8
                    else member.compressed.decode("utf-8")
                )
                if "{{" in xml or "{%" in xml:
                    self._parts.append((name, self.env.from_string(_patch(xml))))
                    continue
            self._parts.append((name, member))

    @classmethod
    def from_path(cls, path: str | Path, **kw: Any) -> CompiledTemplate:
        return cls(Path(path).read_bytes(), **kw)

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The .docx bytes of one document."""
        return finish(self.render_parts(context))

    def render_parts(self, context: Mapping[str, Any]) -> list[tuple[str, Member | bytes]]:
        """Every part of one document, the templated ones rendered (and checked well-formed)
        but not yet compressed: `finish` makes the file of them."""
        parts: list[tuple[str, Member | bytes]] = []
        for name, part in self._parts:
            if isinstance(part, Member):
                parts.append((name, part))
                continue
            try:
                data = part.render(context).encode("utf-8")
            except TemplateError as exc:
                raise RenderError(f"{name}: {exc}") from exc
            if self.check:
                try:
                    etree.fromstring(data)
                except etree.XMLSyntaxError as exc:
                    raise RenderError(f"{name} is not well-formed after rendering: {exc}") from exc
            parts.append((name, data))
        return parts


def finish(parts: list[tuple[str, Member | bytes]]) -> bytes:
    """The .docx of rendered parts."""
    return write_zip([p if isinstance(p, Member) else deflate(name, p) for name, p in parts])


class TemplateCache:
    """Compiled templates by kind id, compiled on first use (one per process): the file
    `<directory>/<id>.docx` when there is one, else the kind's template built in memory from
    its blocks (a kind loaded from another directory has no committed file)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._compiled: dict[str, CompiledTemplate] = {}

    def get(self, template_id: str) -> CompiledTemplate:
        with self._lock:
            tpl = self._compiled.get(template_id)
            if tpl is None:
                path = self.directory / f"{template_id}.docx"
                if path.is_file() or template_id not in KINDS:
                    tpl = CompiledTemplate.from_path(path)
                else:
                    tpl = CompiledTemplate(build_template(KINDS[template_id]))
                self._compiled[template_id] = tpl
            return tpl


def render_stock(path: str | Path, context: Mapping[str, Any]) -> bytes:
    """docxtpl's own path, as documented: a new DocxTemplate per document (the baseline)."""
    tpl = _StockTemplate(str(path))
    tpl.render(dict(context), jinja_env=make_env(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
