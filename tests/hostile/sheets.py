"""Hostile spreadsheets: .xlsx packages written part by part, so that every trick of issue 13
item 4 can be built (DOCTYPE after a long comment, in a part with another name, in UTF-16;
millions of tiny shared strings at a modest ratio; a huge row; many cells)."""

from __future__ import annotations

import io
import random
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SECRET = "BÍ-MẬT-ENTITY-0xE7"


def col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def package(
    sheet_xml: bytes,
    strings_xml: bytes | None = None,
    *,
    sheet_name: str = "xl/worksheets/sheet1.xml",
    strings_name: str = "xl/sharedStrings.xml",
    extra: dict[str, bytes] | None = None,
    level: int = 6,
) -> bytes:
    """An .xlsx from its worksheet and shared-strings parts (any part names)."""
    overrides = [
        f'<Override PartName="/{sheet_name}" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/>',
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>',
    ]
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="/{sheet_name}"/>']
    if strings_xml is not None:
        overrides.append(
            f'<Override PartName="/{strings_name}" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="/{strings_name}"/>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
        ).encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
            f'org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
            'org/package/2006/relationships">' + "".join(rels) + "</Relationships>"
        ).encode(),
        sheet_name: sheet_xml,
        **({strings_name: strings_xml} if strings_xml is not None else {}),
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def sheet(rows: list[list[int]]) -> bytes:
    """A worksheet whose cells refer to shared strings by index."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{col(c)}{r}" t="s"><v>{v}</v></c>' for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{"".join(body)}</sheetData></worksheet>'.encode()


def strings(values: list[str], prolog: str = "") -> bytes:
    si = "".join(f"<si><t>{v}</t></si>" for v in values)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst xmlns="{MAIN}">{si}</sst>'.encode()


ENTITY_DTD = f'<!DOCTYPE sst [<!ENTITY x "{SECRET}">]>'


def plain() -> bytes:
    """A harmless sheet: header trich_yeu, one row."""
    return package(sheet([[0], [1]]), strings(["trich_yeu", "Về việc khen thưởng"]))


def doctype_after_comment() -> bytes:
    prolog = "<!--" + "x" * 20_000 + "-->" + ENTITY_DTD
    return package(sheet([[0], [1]]), strings(["trich_yeu", "&x;"], prolog))


def bare_doctype_after_comment() -> bytes:
    """A DOCTYPE without entities (defusedxml lets those through) behind a 20 KB comment."""
    prolog = "<!--" + "x" * 20_000 + "--><!DOCTYPE sst>"
    return package(sheet([[0], [1]]), strings(["trich_yeu", "A"], prolog))


def bare_doctype_in_sheet_other_name() -> bytes:
    xml = sheet([[0], [1]]).replace(b"<worksheet", b"<!DOCTYPE worksheet [<!-- x -->]><worksheet", 1)
    return package(xml, strings(["trich_yeu", "A"]), sheet_name="xl/worksheets/trang.dat")


def doctype_in_other_name() -> bytes:
    return package(
        sheet([[0], [1]]),
        strings(["trich_yeu", "&x;"], ENTITY_DTD),
        strings_name="xl/chuoi.bin",
    )


def doctype_in_sheet_other_name() -> bytes:
    xml = sheet([[0], [1]]).replace(
        b"<worksheet", ENTITY_DTD.replace("sst", "worksheet").encode() + b"<worksheet", 1
    )
    return package(xml, strings(["trich_yeu", "A"]), sheet_name="xl/worksheets/trang.dat")


def doctype_utf16() -> bytes:
    text = strings(["trich_yeu", "&x;"], ENTITY_DTD).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(sheet([[0], [1]]), text.encode("utf-16"))


def external_entity() -> bytes:
    dtd = '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return package(sheet([[0], [1]]), strings(["trich_yeu", "&x;"], dtd))


def laughs_in_styles() -> bytes:
    dtd = (
        '<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
        + "]>"
    )
    styles = f'<?xml version="1.0"?>{dtd}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="&i;"/></numFmts></styleSheet>'
    return package(sheet([[0], [1]]), strings(["trich_yeu", "A"]), extra={"xl/styles.xml": styles.encode()})


def tiny_strings(count: int, seed: int = 7) -> bytes:
    """`count` tiny shared strings at a modest compression ratio (under the bomb guard)."""
    rnd = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>trich_yeu</t></si>'
    body = "".join(f"<si><t>{rnd.choice(alphabet)}{rnd.choice(alphabet)}</t></si>" for _ in range(count))
    xml = (head + body + "</sst>").encode()
    return package(sheet([[0], [1]]), xml, level=1)


def many_cells(count: int) -> bytes:
    """One header cell, then `count` tiny cells spread over rows of 50."""
    rows = [[0]] + [[1] * 50 for _ in range(count // 50)]
    return package(sheet(rows), strings(["trich_yeu", "x"]), level=1)


def wide_row(count: int, seed: int = 11) -> bytes:
    """A header row, then one row of `count` numeric cells without references."""
    rnd = random.Random(seed)
    cells = "".join(f"<c><v>{rnd.randrange(100)}</v></c>" for _ in range(count))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2">{cells}</row></sheetData></worksheet>'
    ).encode()
    return package(xml, strings(["trich_yeu", "x"]), level=1)


HOSTILE = {
    "bare-doctype-after-comment": bare_doctype_after_comment,
    "bare-doctype-sheet-other-name": bare_doctype_in_sheet_other_name,
    "doctype-after-comment": doctype_after_comment,
    "doctype-other-name": doctype_in_other_name,
    "doctype-sheet-other-name": doctype_in_sheet_other_name,
    "doctype-utf16": doctype_utf16,
    "external-entity": external_entity,
    "laughs-in-styles": laughs_in_styles,
    "tiny-strings": lambda: tiny_strings(1_200_000),
    "many-cells": lambda: many_cells(1_100_000),
    "wide-row": lambda: wide_row(2_000_000),
}
