"""Reading any .docx into the checker's reading model (service/domain/checking/model.py).

Plain zipfile + lxml, no python-docx: the reader must be fast (a check is a few ms), must bound
the work a hostile file can cause (docx_zip.py: size of the upload, number and size of the
parts; here: number of paragraphs) and must never fail on a document Word would open.
Formatting is resolved as Word does it (docx_props.py): document defaults, table style,
paragraph style chain (basedOn), numbering level, character style chain, direct formatting;
theme fonts through the theme part.
"""

from __future__ import annotations

import posixpath
from typing import Any

from lxml import etree

from service.adapters.docx_props import (
    Numbering,
    Styles,
    _int,
    _line_width,
    _on,
    _theme_fonts,
    iter_paragraphs,
    ppr_props,
    rpr_props,
)
from service.adapters.docx_zip import (
    FALLBACK,
    MC,
    MSG_CORRUPT,
    MSG_NOT_DOCX,
    PKG_REL,
    R_NS,
    W_PPR,
    W_R,
    W_RPR,
    W_TC,
    W_TR,
    W_VAL,
    DocxReadError,
    Package,
    ReadLimits,
    w,
)
from service.domain.checking.model import Document, HeaderFooter, Paragraph, Run, Section, Table

__all__ = ["DocxReadError", "ReadLimits", "iter_paragraphs", "read_document"]


class _Reader:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.main = pkg.main_part()
        root = pkg.xml(self.main)
        if root is None or root.find(w("body")) is None:
            raise DocxReadError(MSG_NOT_DOCX, "no word/document.xml body")
        self.root = root
        self.rels = pkg.rels(self.main)
        by_type = self._rel_types()
        theme = _theme_fonts(pkg.xml(by_type.get("theme")))
        self.styles = Styles(pkg.xml(by_type.get("styles")), theme)
        self.numbering = Numbering(pkg.xml(by_type.get("numbering")))
        self.settings = pkg.xml(by_type.get("settings"))
        # Keyed by id() of lxml proxies: the elements are kept in `_alive` so an id is never reused.
        self.tables: dict[int, int] = {}  # id(tbl element) -> index
        self._alive: list[Any] = []
        self.table_list: list[Table] = []
        self._rows: dict[int, dict[int, int]] = {}

    def _rel_types(self) -> dict[str, str]:
        folder, base = posixpath.split(self.main)
        root = self.pkg.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if root is not None:
            for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                target = rel.get("Target") or ""
                if rel.get("TargetMode") != "External":
                    name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                    out.setdefault(kind, posixpath.normpath(name))
        return out

    # -- one paragraph -------------------------------------------------------------------

    def paragraph(self, el: etree._Element, index: int, table_style: str | None = None) -> Paragraph:
        direct = ppr_props(el.find(W_PPR))
        sid = direct.get("pStyle") or self.styles.default_para
        s_ppr, s_rpr = self.styles.resolved(sid)
        t_ppr, t_rpr = self.styles.resolved(table_style) if table_style else ({}, {})
        ppr: dict[str, Any] = {**self.styles.default_ppr, **t_ppr, **s_ppr}
        num = direct.get("num") or ppr.get("num")
        label = ""
        if num is not None:
            label, num_ppr = self.numbering.label(num[0], num[1] or 0)
            ppr.update(num_ppr)
        ppr.update(direct)
        base_rpr = {**self.styles.default_rpr, **t_rpr, **s_rpr}
        mark = el.find(f"{W_PPR}/{W_RPR}")
        mark_rpr = {**base_rpr, **rpr_props(mark, self.styles.theme)}
        para = Paragraph(
            index=index,
            style=self.styles.names.get(sid or "", sid or ""),
            align=ppr.get("align") or "left",
            ind_left=ppr.get("ind_left", 0),
            ind_right=ppr.get("ind_right", 0),
            ind_first=ppr.get("ind_first", 0),
            space_before=ppr.get("before", 0),
            space_after=ppr.get("after", 0),
            auto_before=bool(ppr.get("beforeAutospacing")),
            auto_after=bool(ppr.get("afterAutospacing")),
            line=ppr.get("line", 240),
            line_rule=ppr.get("line_rule", "auto"),
            contextual=bool(ppr.get("contextual")),
            border_top=bool(ppr.get("border_top")),
            border_bottom=bool(ppr.get("border_bottom")),
            mark_size=mark_rpr.get("size", 10.0),
            page_break_before=bool(ppr.get("page_break_before")),
        )
        if label:
            para.runs.append(self._run(label + " ", mark_rpr, "LIST"))
        self._runs(el, para, base_rpr, [])
        return para

    def _run(self, text: str, props: dict[str, Any], field: str = "") -> Run:
        ascii_font = props.get("ascii") or props.get("hAnsi")
        hansi = props.get("hAnsi") or ascii_font
        return Run(
            text=text,
            font=ascii_font or "Times New Roman",
            font_other=hansi if hansi != ascii_font else None,
            size=props.get("size", 10.0),
            bold=bool(props.get("b")),
            italic=bool(props.get("i")),
            caps=bool(props.get("caps")),
            underline=bool(props.get("u")),
            color=props.get("color"),
            field=field,
        )

    def _runs(
        self, parent: etree._Element, para: Paragraph, base: dict[str, Any], fields: list[list[Any]]
    ) -> None:
        for el in parent:
            if not isinstance(el.tag, str):
                continue
            tag = el.tag
            if tag == W_R:
                self._one_run(el, para, base, fields)
            elif tag == w("fldSimple"):
                instr = (el.get(w("instr")) or "").split()
                fields.append([instr[0].upper() if instr else "", True])
                self._runs(el, para, base, fields)
                fields.pop()
            elif tag in (w("del"), w("moveFrom"), W_PPR, FALLBACK):
                continue
            elif len(el):  # hyperlink, ins, smartTag, sdt, sdtContent, customXml, AlternateContent …
                self._runs(el, para, base, fields)

    def _one_run(
        self, el: etree._Element, para: Paragraph, base: dict[str, Any], fields: list[list[Any]]
    ) -> None:
        direct = rpr_props(el.find(W_RPR), self.styles.theme)
        props = dict(base)
        if direct.get("rStyle"):
            props.update(self.styles.resolved(direct["rStyle"])[1])
        props.update(direct)
        if props.get("vanish"):
            return
        parts: list[str] = []

        def flush() -> None:
            if fields and not fields[-1][1]:
                parts.clear()  # a field instruction, not shown
                return
            field = (fields[-1][0].split() or [""])[0].upper() if fields else ""
            text = "".join(parts)
            parts.clear()
            if text or field == "PAGE":
                para.runs.append(self._run(text, props, field))

        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab" or tag == "ptab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag == "fldChar":
                flush()
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    fields.append(["", False])
                elif kind == "separate" and fields:
                    fields[-1][1] = True
                elif kind == "end" and fields:
                    fields.pop()
            elif tag == "instrText" and fields and not fields[-1][1]:
                words = (fields[-1][0] + " " + (child.text or "")).split()
                fields[-1][0] = " ".join(words)
            elif tag in ("drawing", "pict", "AlternateContent", "object"):
                choice = child.find(f"{{{MC}}}Choice") if tag == "AlternateContent" else None
                width = _line_width(choice if choice is not None else child)
                if width:
                    para.line_shapes.append(width)
        flush()

    # -- the document --------------------------------------------------------------------

    def _context(self, el: etree._Element) -> tuple[str, etree._Element | None, etree._Element | None]:
        """(container, w:tbl, w:tc) of the nearest enclosing cell or text box."""
        cur = el.getparent()
        while cur is not None and cur.tag != w("body"):
            if cur.tag == w("txbxContent"):
                return "textbox", None, None
            if cur.tag == W_TC:
                tbl = cur.getparent().getparent() if cur.getparent() is not None else None
                return "cell", tbl, cur
            cur = cur.getparent()
        return "body", None, None

    def _table(self, tbl: etree._Element) -> int:
        key = id(tbl)
        if key in self.tables:
            return self.tables[key]
        self._alive.append(tbl)
        grid = [(_int(g.get(w("w"))) or 0) for g in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        rows = tbl.findall(W_TR)
        tblpr = tbl.find(w("tblPr"))
        style = tblpr.find(w("tblStyle")) if tblpr is not None else None
        sid = style.get(W_VAL) if style is not None else self.styles.default_table
        borders = _has_borders(tblpr)
        if not borders and sid in self.styles.raw:
            borders = _has_borders(self.styles.raw[sid][2].find(w("tblPr")))
        if not borders:
            borders = any(
                (b.get(W_VAL) or "nil") not in ("nil", "none")
                for b in tbl.iterfind(f"{W_TR}/{W_TC}/{w('tcPr')}/{w('tcBorders')}/*")
            )
        nested = False
        cur = tbl.getparent()
        while cur is not None:
            if cur.tag == W_TC:
                nested = True
                break
            cur = cur.getparent()
        table = Table(len(self.table_list), len(rows), len(grid), grid, borders, nested=nested, style=sid)
        self.tables[key] = table.index
        self.table_list.append(table)
        return table.index

    def _row_index(self, tbl: etree._Element, tr: etree._Element | None) -> int:
        rows = self._rows.get(id(tbl))
        if rows is None:
            row_elements = list(tbl.iterfind(W_TR))
            self._alive.extend(row_elements)
            rows = self._rows[id(tbl)] = {id(r): i for i, r in enumerate(row_elements)}
        return rows.get(id(tr), 0)

    def document(self) -> Document:
        body = self.root.find(w("body"))
        limit = self.pkg.limits.max_paragraphs
        paragraphs: list[Paragraph] = []
        section_ends: list[tuple[int, etree._Element]] = []
        truncated = False
        for el in iter_paragraphs(body):
            if len(paragraphs) >= limit:
                truncated = True
                break
            container, tbl, tc = self._context(el)
            table_style = None
            tindex = None
            if tbl is not None:
                tindex = self._table(tbl)
                table_style = self.table_list[tindex].style
            para = self.paragraph(el, len(paragraphs), table_style)
            para.container = container
            if tbl is not None and tc is not None:
                para.table = tindex
                tr = tc.getparent()
                para.row = self._row_index(tbl, tr)
                cells = [c for c in tr if c.tag == W_TC] if tr is not None else [tc]
                para.col = cells.index(tc) if tc in cells else 0
                tcw = tc.find(f"{w('tcPr')}/{w('tcW')}")
                width = (
                    _int(tcw.get(w("w"))) if tcw is not None and tcw.get(w("type")) in (None, "dxa") else None
                )
                if not width:
                    widths = self.table_list[tindex].widths
                    width = widths[para.col] if para.col < len(widths) else None
                para.cell_width = width
                self.table_list[tindex].paragraphs.append(para.index)
            paragraphs.append(para)
            sect = el.find(f"{W_PPR}/{w('sectPr')}")
            if sect is not None and container == "body":
                section_ends.append((para.index, sect))
        final = body.find(w("sectPr"))
        sections = self._sections(section_ends, final, len(paragraphs), paragraphs)
        default_tab = 720
        even_odd = False
        if self.settings is not None:
            tab = self.settings.find(w("defaultTabStop"))
            default_tab = (_int(tab.get(W_VAL)) if tab is not None else None) or 720
            even_odd = bool(_on(self.settings.find(w("evenAndOddHeaders"))))
        return Document(
            paragraphs=paragraphs,
            tables=self.table_list,
            sections=sections,
            default_tab=default_tab,
            pages=self._pages(),
            even_and_odd_headers=even_odd,
            truncated=truncated,
        )

    def _pages(self) -> int | None:
        try:
            root = self.pkg.xml("docProps/app.xml")
        except DocxReadError:
            return None
        if root is None:
            return None
        for el in root.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == "Pages":
                return _int(el.text)
        return None

    def _sections(
        self,
        ends: list[tuple[int, etree._Element]],
        final: etree._Element | None,
        count: int,
        paras: list[Paragraph],
    ) -> list[Section]:
        sections: list[Section] = []
        start = 0
        pairs = list(ends)
        if final is not None or not pairs:
            pairs.append((count - 1, final))
        inherited_h: dict[str, HeaderFooter] = {}
        inherited_f: dict[str, HeaderFooter] = {}
        for i, (end, sect) in enumerate(pairs):
            s = Section(index=i, first_paragraph=start, last_paragraph=max(end, start))
            if sect is not None:
                self._section_props(s, sect, inherited_h, inherited_f)
            else:
                s.headers, s.footers = dict(inherited_h), dict(inherited_f)
            inherited_h, inherited_f = s.headers, s.footers
            for p in paras[start : end + 1]:
                p.section = i
            sections.append(s)
            start = end + 1
        return sections

    def _section_props(self, s: Section, sect: etree._Element, inh_h: dict, inh_f: dict) -> None:
        size = sect.find(w("pgSz"))
        if size is not None:
            s.page_width = _int(size.get(w("w"))) or s.page_width
            s.page_height = _int(size.get(w("h"))) or s.page_height
            s.landscape = size.get(w("orient")) == "landscape" or s.page_width > s.page_height
        mar = sect.find(w("pgMar"))
        if mar is not None:
            for attr in ("top", "bottom", "left", "right", "gutter"):
                value = _int(mar.get(w(attr)))
                if value is not None:
                    setattr(s, attr, abs(value))
        s.title_page = bool(_on(sect.find(w("titlePg"))))
        num = sect.find(w("pgNumType"))
        s.page_start = _int(num.get(w("start"))) if num is not None else None
        kind = sect.find(w("type"))
        s.new_page = kind is None or kind.get(W_VAL) != "continuous"
        s.headers, s.footers = dict(inh_h), dict(inh_f)
        for tag, target in (("headerReference", s.headers), ("footerReference", s.footers)):
            for ref in sect.iterfind(w(tag)):
                part = self.rels.get(ref.get(f"{{{R_NS}}}id") or "")
                root = self.pkg.xml(part) if part else None
                if root is not None:
                    paras = [self.paragraph(p, -1) for p in iter_paragraphs(root)][:200]
                    target[ref.get(w("type")) or "default"] = HeaderFooter(paras)


def _has_borders(tblpr: etree._Element | None) -> bool:
    if tblpr is None:
        return False
    borders = tblpr.find(w("tblBorders"))
    if borders is None:
        return False
    return any((b.get(W_VAL) or "nil") not in ("nil", "none") for b in borders)


def read_document(data: bytes, limits: ReadLimits | None = None) -> Document:
    """The reading model of a .docx; DocxReadError (with a clerk's message) when it cannot be read."""
    pkg = Package(data, limits or ReadLimits())
    try:
        return _Reader(pkg).document()
    except DocxReadError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise DocxReadError(MSG_CORRUPT, f"{type(exc).__name__}") from exc
