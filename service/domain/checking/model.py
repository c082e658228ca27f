"""A small reading model of a Word document: what the checker needs, already resolved.

An adapter (service/adapters/docx_reader.py) builds it from the .docx; the checker reads only
this. Every formatting value is the effective one (direct formatting over the character style,
the paragraph style chain, the table style and the document defaults). Lengths are in twips
(1/20 pt), font sizes in points.

Paragraph indices (`Paragraph.index`) count every paragraph of word/document.xml in document
order, including those in table cells and text boxes (the fallback copy of a text box is not
counted twice): the same index the API reports as `vi_tri.doan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Run:
    """A piece of text with one formatting. `text` holds "\\n" for line breaks, "\\t" for tabs."""

    text: str
    font: str | None = None  # the font that draws Latin and Vietnamese letters (w:ascii/w:hAnsi)
    font_other: str | None = None  # w:hAnsi when it differs from w:ascii
    size: float | None = None
    bold: bool = False
    italic: bool = False
    caps: bool = False  # w:caps or w:smallCaps: shown in capitals whatever was typed
    underline: bool = False
    color: str | None = None  # hex RGB, None for automatic
    field: str = ""  # instruction of the field this run is the result of (e.g. "PAGE")

    @property
    def shown(self) -> str:
        return self.text.upper() if self.caps else self.text


@dataclass(slots=True)
class Paragraph:
    index: int
    runs: list[Run] = field(default_factory=list)
    style: str = ""
    align: str = "left"  # left | center | right | both | distribute
    ind_left: int = 0
    ind_right: int = 0
    ind_first: int = 0  # negative for a hanging indent
    space_before: int = 0
    space_after: int = 0
    auto_before: bool = False  # w:beforeAutospacing
    auto_after: bool = False
    line: int = 240
    line_rule: str = "auto"  # auto (240ths of a line) | exact | atLeast (twips)
    contextual: bool = False
    border_top: bool = False
    border_bottom: bool = False
    mark_size: float | None = None  # size of the paragraph mark (for empty paragraphs)
    page_break_before: bool = False
    section: int = 0
    container: str = "body"  # body | cell | textbox
    table: int | None = None  # index into Document.tables
    row: int | None = None
    col: int | None = None
    cell_width: int | None = None
    line_shapes: list[int] = field(default_factory=list)  # widths of drawn horizontal lines
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # derived values, computed once

    @property
    def text(self) -> str:
        text = self.memo.get("text")
        if text is None:
            text = self.memo["text"] = "".join(r.text for r in self.runs)
        return text

    @property
    def shown(self) -> str:
        return "".join(r.shown for r in self.runs)


@dataclass(slots=True)
class Table:
    index: int
    rows: int
    cols: int
    widths: list[int]
    borders: bool  # visible borders (a data table) rather than a layout grid
    paragraphs: list[int] = field(default_factory=list)  # paragraph indices, in order
    nested: bool = False
    style: str | None = None


@dataclass(slots=True)
class HeaderFooter:
    paragraphs: list[Paragraph]

    @property
    def page_fields(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if any("PAGE" == r.field for r in p.runs)]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(slots=True)
class Section:
    index: int
    page_width: int = 11906
    page_height: int = 16838
    landscape: bool = False
    top: int = 1134
    bottom: int = 1134
    left: int = 1701
    right: int = 850
    gutter: int = 0
    title_page: bool = False
    page_start: int | None = None
    headers: dict[str, HeaderFooter] = field(default_factory=dict)  # default | first | even
    footers: dict[str, HeaderFooter] = field(default_factory=dict)
    first_paragraph: int = 0
    last_paragraph: int = 0
    new_page: bool = True  # w:type is not continuous

    @property
    def text_width(self) -> int:
        return self.page_width - self.left - self.right - self.gutter


@dataclass(slots=True)
class Document:
    paragraphs: list[Paragraph]
    tables: list[Table]
    sections: list[Section]
    default_tab: int = 720
    pages: int | None = None  # docProps/app.xml, as last saved by Word (may be stale)
    even_and_odd_headers: bool = False
    truncated: bool = False  # the reader stopped at its paragraph limit
