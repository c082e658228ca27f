"""The .docx package read under limits: zip members bounded in number and size (declared and
actual), XML parsed without DTDs, entities or network; OLE containers (encrypted .docx, .doc)
and anything that is not a zip refused with a clerk's message."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from service.errors import AdapterError, PayloadTooLarge, UnreadableDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_VAL = w("pPr"), w("rPr"), w("val")
FALLBACK = f"{{{MC}}}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class DocxReadError(AdapterError):
    """The bytes are not a .docx the checker can read: 422, or 413 when they are too large."""

    problem = UnreadableDocument

    def __init__(self, public: str, cause: str = "", *, too_large: bool = False) -> None:
        super().__init__(cause or public, public)
        self.too_large = too_large
        if too_large:
            self.problem = PayloadTooLarge


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = 20 * 1024 * 1024  # the upload
    max_parts: int = 2000  # members of the zip
    max_part_bytes: int = 64 * 1024 * 1024  # one XML part, uncompressed
    max_total_bytes: int = 160 * 1024 * 1024  # every part read, uncompressed
    max_paragraphs: int = 20_000


MSG_NOT_DOCX = (
    "Tệp gửi lên không phải tệp Word .docx. Hãy mở tệp trong Word rồi chọn Lưu thành "
    "(Save As) → Word Document (*.docx) và gửi lại."
)
MSG_OLE = (
    "Tệp này là tệp Word cũ (.doc) hoặc tệp .docx đã đặt mật khẩu, nên không đọc được. "
    "Hãy bỏ mật khẩu hoặc lưu lại thành .docx rồi gửi lại."
)
MSG_CORRUPT = (
    "Tệp .docx bị hỏng hoặc không đầy đủ, không đọc được. Hãy mở tệp trong Word, lưu lại rồi gửi lại."
)
MSG_TOO_LARGE = "Tệp quá lớn để kiểm tra: giới hạn là {limit}. Hãy tách văn bản hoặc bỏ bớt hình ảnh."
MSG_TOO_COMPLEX = "Văn bản quá dài để kiểm tra (quá {n} đoạn văn)."


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


# --------------------------------------------------------------------------- the package


class Package:
    """The zip, read under limits: part names resolved, XML parsed without DTDs or entities."""

    def __init__(self, data: bytes, limits: ReadLimits) -> None:
        self.limits = limits
        if len(data) > limits.max_bytes:
            raise DocxReadError(MSG_TOO_LARGE.format(limit=_size(limits.max_bytes)), too_large=True)
        if data[:8] == OLE_MAGIC:
            raise DocxReadError(MSG_OLE, "OLE compound file (encrypted .docx or .doc)")
        if data[:2] != b"PK":
            raise DocxReadError(MSG_NOT_DOCX, "not a zip")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise DocxReadError(MSG_CORRUPT, f"bad zip: {exc}") from exc
        if len(infos) > limits.max_parts:
            raise DocxReadError(MSG_CORRUPT, f"{len(infos)} zip members")
        self.names = {i.filename.lstrip("/"): i for i in infos}
        self.read_total = 0

    def read(self, name: str) -> bytes | None:
        info = self.names.get(name.lstrip("/"))
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise DocxReadError(MSG_OLE, "encrypted zip member")
        budget = min(self.limits.max_part_bytes, self.limits.max_total_bytes - self.read_total)
        if info.file_size > budget:
            raise DocxReadError(
                MSG_TOO_LARGE.format(limit=_size(self.limits.max_part_bytes)),
                f"{name}: {info.file_size} bytes uncompressed",
                too_large=True,
            )
        try:
            with self.zip.open(info) as fh:
                data = fh.read(budget + 1)  # the declared size may lie: read one byte more
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise DocxReadError(MSG_CORRUPT, f"{name}: {exc}") from exc
        if len(data) > budget:
            raise DocxReadError(
                MSG_TOO_LARGE.format(limit=_size(self.limits.max_part_bytes)),
                f"{name}: more than {budget} bytes",
                too_large=True,
            )
        self.read_total += len(data)
        return data

    def xml(self, name: str | None) -> etree._Element | None:
        if not name:
            return None
        data = self.read(name)
        if data is None:
            return None
        return parse_xml(data, name)

    def rels(self, part: str) -> dict[str, str]:
        """rId -> part name of the relationships of `part`."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id") or ""] = posixpath.normpath(name)
        return out

    def main_part(self) -> str:
        root = self.xml("_rels/.rels")
        if root is not None:
            for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type") == OFFICE_DOC:
                    return posixpath.normpath((rel.get("Target") or "").lstrip("/"))
        return "word/document.xml"


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def parse_xml(data: bytes, name: str = "") -> etree._Element:
    try:
        tree = etree.parse(io.BytesIO(data), _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise DocxReadError(MSG_CORRUPT, f"{name}: {exc}") from exc
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise DocxReadError(MSG_CORRUPT, f"{name}: DOCTYPE in a part")
    return tree.getroot()
