"""WordprocessingML properties resolved as Word resolves them: run and paragraph properties,
style chains (basedOn), document defaults, theme fonts, automatic list numbers, drawn lines;
and the one walk over paragraphs that the reader and the commenter share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from service.adapters.docx_zip import A_NS, FALLBACK, V_NS, W_P, W_PPR, W_RPR, W_VAL, WP, w

_OFF = {"0", "false", "off", "none"}
_EMU_PER_TWIP = 635


# --------------------------------------------------------------------------- properties


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return (el.get(W_VAL) or "true").lower() not in _OFF


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def rpr_props(rpr: etree._Element | None, theme: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "rFonts":
            for slot in ("ascii", "hAnsi"):
                themed = child.get(w(slot + "Theme"))
                name = theme.get(themed or "") if themed else child.get(w(slot))
                if name:
                    out[slot] = name
        elif tag == "sz":
            half = _int(child.get(W_VAL))
            if half is not None:
                out["size"] = half / 2
        elif tag in ("b", "i", "caps", "smallCaps", "vanish"):
            out["caps" if tag == "smallCaps" else tag] = _on(child)
        elif tag == "u":
            out["u"] = (child.get(W_VAL) or "single") != "none"
        elif tag == "color":
            value = (child.get(W_VAL) or "auto").upper()
            out["color"] = None if value in ("AUTO", "000000") else value
        elif tag == "rStyle":
            out["rStyle"] = child.get(W_VAL)
    return out


def ppr_props(ppr: etree._Element | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "jc":
            out["align"] = {"start": "left", "end": "right"}.get(child.get(W_VAL) or "", child.get(W_VAL))
        elif tag == "ind":
            left = child.get(w("left")) or child.get(w("start"))
            right = child.get(w("right")) or child.get(w("end"))
            if left is not None:
                out["ind_left"] = _int(left) or 0
            if right is not None:
                out["ind_right"] = _int(right) or 0
            if child.get(w("hanging")) is not None:
                out["ind_first"] = -(_int(child.get(w("hanging"))) or 0)
            elif child.get(w("firstLine")) is not None:
                out["ind_first"] = _int(child.get(w("firstLine"))) or 0
        elif tag == "spacing":
            for key, attr in (("before", "before"), ("after", "after"), ("line", "line")):
                value = _int(child.get(w(attr)))
                if value is not None:
                    out[key] = value
            if child.get(w("lineRule")):
                out["line_rule"] = child.get(w("lineRule"))
            for key in ("beforeAutospacing", "afterAutospacing"):
                if child.get(w(key)) is not None:
                    out[key] = (child.get(w(key)) or "1").lower() not in _OFF
        elif tag == "contextualSpacing":
            out["contextual"] = _on(child)
        elif tag == "pageBreakBefore":
            out["page_break_before"] = _on(child)
        elif tag == "pBdr":
            for side in ("top", "bottom"):
                el = child.find(w(side))
                if el is not None:
                    out["border_" + side] = (el.get(W_VAL) or "nil") not in ("nil", "none")
        elif tag == "numPr":
            ilvl, num = child.find(w("ilvl")), child.find(w("numId"))
            out["num"] = (
                num.get(W_VAL) if num is not None else None,
                _int(ilvl.get(W_VAL)) if ilvl is not None else 0,
            )
        elif tag == "pStyle":
            out["pStyle"] = child.get(W_VAL)
    return out


class Styles:
    """styles.xml resolved: defaults, style chains (basedOn) and the default styles."""

    def __init__(self, root: etree._Element | None, theme: dict[str, str]) -> None:
        self.theme = theme
        self.raw: dict[str, tuple[str, str | None, etree._Element]] = {}
        self.names: dict[str, str] = {}
        self.default_para: str | None = None
        self.default_table: str | None = None
        self.default_ppr: dict[str, Any] = {}
        self.default_rpr: dict[str, Any] = {}
        self._cache: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        if root is None:
            return
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.default_rpr = rpr_props(defaults.find(f"{w('rPrDefault')}/{W_RPR}"), theme)
            self.default_ppr = ppr_props(defaults.find(f"{w('pPrDefault')}/{W_PPR}"))
        for st in root.iter(w("style")):
            sid = st.get(w("styleId")) or ""
            kind = st.get(w("type")) or "paragraph"
            based = st.find(w("basedOn"))
            self.raw[sid] = (kind, based.get(W_VAL) if based is not None else None, st)
            name = st.find(w("name"))
            self.names[sid] = name.get(W_VAL) if name is not None else sid
            if (st.get(w("default")) or "").lower() in ("1", "true", "on"):
                if kind == "paragraph":
                    self.default_para = sid
                elif kind == "table":
                    self.default_table = sid

    def resolved(self, sid: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
        """(paragraph properties, run properties) of a style through its basedOn chain."""
        if not sid or sid not in self.raw:
            return {}, {}
        if sid in self._cache:
            return self._cache[sid]
        chain = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur in self.raw and cur not in seen and len(chain) < 30:
            seen.add(cur)
            chain.append(self.raw[cur][2])
            cur = self.raw[cur][1]
        ppr: dict[str, Any] = {}
        rpr: dict[str, Any] = {}
        for st in reversed(chain):
            ppr.update(ppr_props(st.find(W_PPR)))
            rpr.update(rpr_props(st.find(W_RPR), self.theme))
        ppr.pop("pStyle", None)
        self._cache[sid] = (ppr, rpr)
        return ppr, rpr


def _theme_fonts(root: etree._Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if root is None:
        return out
    for kind, prefix in (("majorFont", "major"), ("minorFont", "minor")):
        el = root.find(f".//{{{A_NS}}}{kind}/{{{A_NS}}}latin")
        if el is not None and el.get("typeface"):
            for suffix in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                out[prefix + suffix] = el.get("typeface") or ""
    return out


# --------------------------------------------------------------------------- numbering

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:  # Word's lowerLetter: a..z, then aa, bb ...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class Numbering:
    """Word's automatic list numbers, turned back into the label a reader sees ("a)", "1.")."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, dict[str, Any]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, dict[str, Any]]] = {}
        for an in root.iter(w("abstractNum")):
            levels = {}
            for lvl in an.iter(w("lvl")):
                ilvl = _int(lvl.get(w("ilvl"))) or 0
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                levels[ilvl] = {
                    "fmt": fmt.get(W_VAL) if fmt is not None else "decimal",
                    "text": text.get(W_VAL) if text is not None else "",
                    "start": _int(start.get(W_VAL)) if start is not None else 1,
                    "ppr": ppr_props(lvl.find(W_PPR)),
                }
            abstract[an.get(w("abstractNumId")) or ""] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = abstract.get(ref.get(W_VAL) if ref is not None else "", {})
            self.levels[num.get(w("numId")) or ""] = levels

    def label(self, num_id: str | None, ilvl: int) -> tuple[str, dict[str, Any]]:
        levels = self.levels.get(num_id or "")
        if not levels or num_id == "0" or ilvl not in levels:
            return "", {}
        counters = self.counters.setdefault(num_id or "", {})
        lvl = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, (lvl["start"] or 1) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = lvl["text"] or ""
        for k in range(ilvl + 1):
            if f"%{k + 1}" in text:
                value = counters.get(k, levels.get(k, {}).get("start") or 1)
                text = text.replace(f"%{k + 1}", _format_number(value, levels.get(k, lvl)["fmt"]))
        if lvl["fmt"] == "bullet":
            text = "-" if text.strip() in ("-", "–", "") else "•"
        return text, lvl["ppr"]


# --------------------------------------------------------------------------- paragraphs


def iter_paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """Every w:p of `body` in document order, skipping the fallback copies of mc:AlternateContent.

    The commenting adapter uses the same walk, so paragraph indices agree.
    """
    if body.find(f".//{FALLBACK}") is None:  # the common case: lxml's own walk, in C
        yield from body.iter(W_P)
        return
    for p in body.iter(W_P):
        if next(p.iterancestors(FALLBACK), None) is None:
            yield p


def _line_width(el: etree._Element) -> int | None:
    """Width in twips of a drawn horizontal line (DrawingML or VML), else None."""
    if el.tag == w("drawing"):
        geom = el.find(f".//{{{A_NS}}}prstGeom")
        connector = any(etree.QName(x).localname == "cNvCnPr" for x in el.iter() if isinstance(x.tag, str))
        if (geom is not None and geom.get("prst") in ("line", "straightConnector1")) or connector:
            extent = el.find(f".//{{{WP}}}extent")
            if extent is not None:
                cx, cy = _int(extent.get("cx")) or 0, _int(extent.get("cy")) or 0
                if cy <= cx // 10:
                    return cx // _EMU_PER_TWIP
        return None
    for shape in el.iter(f"{{{V_NS}}}line", f"{{{V_NS}}}shape"):
        if shape.tag == f"{{{V_NS}}}line":
            x1, x2 = _vml_pt(shape.get("from")), _vml_pt(shape.get("to"))
            if x1 is not None and x2 is not None:
                return int(abs(x2 - x1) * 20)
        elif "32" in (shape.get("type") or "") or shape.get(
            "{urn:schemas-microsoft-com:office:office}connectortype"
        ):
            m = re.search(r"width:\s*([\d.]+)(pt|in|cm|mm|px)?", shape.get("style") or "")
            if m:
                factor = {"pt": 20, "in": 1440, "cm": 567, "mm": 56.7, "px": 15}.get(m.group(2) or "pt", 20)
                return int(float(m.group(1)) * factor)
    return None


def _vml_pt(value: str | None) -> float | None:
    if not value:
        return None
    m = re.match(r"\s*(-?[\d.]+)(pt|in|cm|mm)?", value.split(",")[0])
    if not m:
        return None
    factor = {"pt": 1, "in": 72, "cm": 28.35, "mm": 2.835}.get(m.group(2) or "pt", 1)
    return float(m.group(1)) * factor
