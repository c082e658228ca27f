"""Reading an uploaded .docx template before anything renders it: the package, then its tags.

`read_package` refuses what is not a .docx, zip bombs (sizes counted while decompressing, not
taken from the zip's headers), too many members and XML with a DOCTYPE. `parse_tags` then finds
every docxtpl tag paragraph by paragraph, checks each tag and the nesting of blocks, and reports
each problem with the part, the paragraph number, the paragraph's text and the tag itself;
`forbidden_constructs` of the sandbox runs on the parsed templates. The parsed templates (Jinja
ASTs) are returned for variable discovery (`template_schema`).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import TemplateAssertionError
from lxml import etree

from service.adapters.template_sandbox import TemplateSandbox, forbidden_constructs
from service.errors import AdapterError, ValidationFailed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
PART_NAMES = {
    "document": "thân văn bản",
    "header": "đầu trang",
    "footer": "chân trang",
    "footnotes": "chú thích",
}
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_PREFIX = re.compile(r"^(\{[{%])-?\s*(?:p|tr|tc|r)\s+")
OPENERS = {"for", "if", "macro", "call", "filter", "with", "autoescape", "raw", "block"}
FORBIDDEN = {"include", "import", "extends", "from"}


class PackageInvalid(AdapterError):
    """The upload is not a .docx the service can read safely: 422 naming the file field."""

    problem = ValidationFailed

    def __init__(self, message: str):
        super().__init__(f"template package refused: {message}", message)

    def problem_errors(self) -> list[dict[str, Any]]:
        return [{"path": "/file", "message": self.public_message}]


@dataclass
class TagProblem:
    part: str
    doan: int | None  # 1-based paragraph number in the part
    the: str  # the tag as written
    message: str
    text: str = ""  # the paragraph's text, shortened

    def as_error(self) -> dict[str, Any]:
        where = PART_NAMES.get(re.sub(r"^word/|\d*\.xml$", "", self.part), self.part)
        at = f"đoạn {self.doan} ({where})" if self.doan else where
        excerpt = f" «{self.text}»" if self.text else ""
        return {
            "path": "/file",
            "message": f"{at.capitalize()}{excerpt}, thẻ {self.the}: {self.message}",
            "phan": self.part,
            "doan": self.doan,
            "the": self.the,
        }


@dataclass
class Parsed:
    """An uploaded template that parsed: its templated parts and their Jinja ASTs."""

    parts: dict[str, str] = field(default_factory=dict)  # part name -> patched source
    asts: dict[str, nodes.Template] = field(default_factory=dict)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 16):
            out += chunk
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise PackageInvalid("Tệp .docx giải nén ra quá lớn (có thể là tệp nén bom).")
    return bytes(out)


def read_package(data: bytes, *, max_uncompressed: int, max_members: int = 2000) -> dict[str, bytes]:
    """The XML members of a .docx, read within limits; PackageInvalid when it is not one."""
    if not data.startswith(b"PK"):
        raise PackageInvalid("Tệp gửi lên không phải tệp .docx (Word 2007 trở lên).")
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PackageInvalid("Tệp gửi lên không phải tệp .docx hợp lệ (tệp nén hỏng).") from exc
    if len(infos) > max_members:
        raise PackageInvalid("Tệp .docx có quá nhiều thành phần.")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise PackageInvalid("Tệp gửi lên không phải tệp .docx: thiếu word/document.xml.")
    budget = [max_uncompressed]
    out: dict[str, bytes] = {}
    try:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                out[info.filename] = _read_member(zf, info, budget)
            elif info.file_size > max_uncompressed or info.compress_size > max_uncompressed:
                raise PackageInvalid("Tệp .docx có thành phần quá lớn.")
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
        raise PackageInvalid("Tệp gửi lên không phải tệp .docx hợp lệ (tệp nén hỏng).") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    for name, xml in out.items():
        if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
            raise PackageInvalid(f"Tệp .docx có khai báo DOCTYPE/ENTITY trong {name}: không được phép.")
        try:
            etree.fromstring(xml, parser)
        except etree.XMLSyntaxError as exc:
            raise PackageInvalid(f"Tệp .docx hỏng: {name} không phải XML hợp lệ.") from exc
    return out


def _paragraph_tags(xml: bytes) -> list[tuple[int, str, list[str]]]:
    """(paragraph number, text, tags) of each paragraph holding a tag."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for n, p in enumerate(root.iter(f"{W}p"), start=1):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if "{" not in text:
            continue
        text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
        tags = TAG.findall(text)
        if tags:
            out.append((n, text, tags))
    return out


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _check_tags(env: TemplateSandbox, part: str, xml: bytes) -> list[TagProblem]:
    """Each tag checked alone, then the nesting of blocks: the first problems, located."""
    problems: list[TagProblem] = []
    stack: list[tuple[str, int, str, str]] = []  # (block word, paragraph, tag, text)

    def bad(doan: int, text: str, tag: str, message: str) -> None:
        problems.append(TagProblem(part, doan, tag, message, _short(text)))

    def parses(source: str) -> str | None:
        try:
            env.parse(source)
        except TemplateSyntaxError as exc:
            return exc.message or "sai cú pháp"
        return None

    for doan, text, tags in _paragraph_tags(xml):
        for tag in tags:
            if tag.startswith("{#"):
                continue
            plain = _PREFIX.sub(r"\1 ", tag)
            inner = plain[2:-2].strip("-").strip()
            if plain.startswith("{{"):
                if (err := parses("{{ " + inner + " }}")) is not None:
                    bad(doan, text, tag, f"biểu thức sai: {err}")
                continue
            word = inner.split(None, 1)[0] if inner else ""
            if word in FORBIDDEN:
                bad(doan, text, tag, f"không được dùng {word} (mẫu không được đọc tệp khác)")
            elif word.startswith("end"):
                if stack and stack[-1][0] == word[3:]:
                    stack.pop()
                else:
                    opened = f" (đang mở {stack[-1][2]} ở đoạn {stack[-1][1]})" if stack else ""
                    bad(doan, text, tag, f"thẻ đóng không khớp với thẻ mở nào{opened}")
            elif word in ("else", "elif"):
                if not stack or stack[-1][0] not in ("if", "for"):
                    bad(doan, text, tag, f"{word} nằm ngoài khối if/for")
                elif word == "elif" and (err := parses("{% if 1 %}{% " + inner + " %}{% endif %}")):
                    bad(doan, text, tag, f"điều kiện sai: {err}")
            elif word in OPENERS or (word == "set" and "=" not in inner):
                if (err := parses("{% " + inner + " %}{% end" + word + " %}")) is not None:
                    bad(doan, text, tag, f"thẻ sai: {err}")
                stack.append((word, doan, tag, text))
            elif (err := parses("{% " + inner + " %}")) is not None:
                bad(doan, text, tag, f"thẻ sai: {err}")
    for word, doan, tag, text in stack:
        bad(doan, text, tag, f"thẻ mở chưa được đóng bằng {{% end{word} %}}")
    return problems


def _patched(xml: bytes) -> str:
    """The Jinja source docxtpl renders for a part, one paragraph a line (as docxtpl does)."""
    source = DocxTemplate.patch_xml(None, xml.decode("utf-8"))  # type: ignore[arg-type]
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


def _line_problem(part: str, source: str, lineno: int | None, message: str) -> TagProblem:
    lines = source.split("\n")
    if not lineno or lineno > len(lines):
        return TagProblem(part, None, "", message)
    line = lines[lineno - 1]
    doan = sum(1 for x in lines[:lineno] if x.startswith("<w:p"))
    text = re.sub(r"<[^>]+>", "", line)
    tags = TAG.findall(text)
    return TagProblem(part, doan or None, tags[0] if len(tags) == 1 else "", message, _short(text))


def parse_tags(env: TemplateSandbox, members: dict[str, bytes]) -> tuple[Parsed, list[TagProblem]]:
    """Every templated part parsed and checked; the problems located for the uploader."""
    parsed = Parsed()
    problems: list[TagProblem] = []
    for name in sorted(members, key=lambda n: (n != "word/document.xml", n)):
        if not TEMPLATED.match(name):
            continue
        xml = members[name]
        if b"{" not in xml:
            continue
        found = _check_tags(env, name, xml)
        problems += found
        source = _patched(xml)
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            if not found:
                problems.append(_line_problem(name, source, exc.lineno, f"sai cú pháp: {exc.message}"))
            continue
        bad = forbidden_constructs(ast)
        problems += [_line_problem(name, source, line, msg) for line, msg in bad]
        if not bad:
            try:
                env.from_string(source)  # unknown filters and tests are found by the compiler
            except (TemplateAssertionError, TemplateSyntaxError) as exc:
                problems.append(_line_problem(name, source, exc.lineno, exc.message or "không dịch được"))
                continue
        parsed.parts[name] = source
        parsed.asts[name] = ast
    core = members.get("docProps/core.xml", b"")
    if b"{{" in core or b"{%" in core:
        problems.append(
            TagProblem(
                "docProps/core.xml", None, "", "thuộc tính của tệp (tiêu đề, tác giả…) không được chứa thẻ"
            )
        )
    return parsed, problems
