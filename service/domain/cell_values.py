"""Cell text (giá trị ô): reading what a clerk typed in a spreadsheet cell, and back.

Pure helpers shared by the spreadsheet reader and the example writers: dates typed day
first as in Vietnam, numbers typed with a decimal comma, the text Excel shows for a stored
number, NFC clean-up, and the short forms used to quote a cell in a message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

_INT_RE = re.compile(r"[+-]?[0-9]{1,30}")
_NUM_RE = re.compile(r"[+-]?[0-9]{1,30}(?:[.,][0-9]{1,30})?")
_DATE_RE = re.compile(
    r"(?:([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}))"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_DATE_WORDS_RE = re.compile(r"ngày\s*([0-9]{1,2})\s*tháng\s*([0-9]{1,2})\s*năm\s*([0-9]{4})", re.IGNORECASE)


def parse_date_text(text: str) -> date | None:
    """A date typed as text, day first as in Vietnam; None when it is not one.

    >>> [str(parse_date_text(t)) for t in ("05/02/2024", "5/2/2024", "05-02-2024",
    ...                                     "2024-02-05", "05.02.2024")]
    ['2024-02-05', '2024-02-05', '2024-02-05', '2024-02-05', '2024-02-05']
    >>> parse_date_text("ngày 5 tháng 2 năm 2024")
    datetime.date(2024, 2, 5)
    >>> parse_date_text("31/02/2024") is None, parse_date_text("5/2/24") is None
    (True, True)
    """
    text = text.strip()
    match = _DATE_RE.fullmatch(text)
    if match:
        day, _, month, year, iso_year, iso_month, iso_day = match.groups()
        parts = (year, month, day) if year else (iso_year, iso_month, iso_day)
    elif found := _DATE_WORDS_RE.fullmatch(text):
        parts = (found.group(3), found.group(2), found.group(1))
    else:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


_DATE_TIME_RE = re.compile(
    r"(?:([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}))"
    r"[ T]+([0-9]{1,2})\s*(?::|h|g|giờ)\s*([0-9]{2})(?::[0-9]{2})?\s*(?:phút)?"
)


def parse_date_time_text(text: str) -> datetime | None:
    """A date and time typed as text (day first, or ISO); None when it is not one.

    >>> [parse_date_time_text(t).isoformat() for t in ("07/12/2026 08:00", "7/12/2026 8h30",
    ...                                               "2026-12-07T14:05", "07-12-2026 08 giờ 00")]
    ['2026-12-07T08:00:00', '2026-12-07T08:30:00', '2026-12-07T14:05:00', '2026-12-07T08:00:00']
    >>> parse_date_time_text("07/12/2026") is None, parse_date_time_text("31/02/2026 08:00") is None
    (True, True)
    """
    match = _DATE_TIME_RE.fullmatch(text.strip())
    if not match:
        return None
    day, month, year, iso_year, iso_month, iso_day, hour, minute = match.groups()
    parts = (year, month, day) if year else (iso_year, iso_month, iso_day)
    try:
        return datetime(int(parts[0]), int(parts[1]), int(parts[2]), int(hour), int(minute))
    except ValueError:
        return None


def to_number(value: Any, *, integer: bool) -> int | float | None:
    """An int (or float for a "number" field) from a cell value, or None.

    >>> to_number(12.0, integer=True), to_number(" 007 ", integer=True)
    (12, 7)
    >>> to_number(12.5, integer=True) is None, to_number("2,5", integer=False)
    (True, 2.5)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) or (isinstance(value, float) and not integer):
        return value
    if not isinstance(value, str):
        return None
    text = clean(value)
    if _INT_RE.fullmatch(text):
        return int(text)
    if not integer and _NUM_RE.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def number_text(value: float, fmt: str) -> str:
    """The text Excel shows for a number: integers without ".0", codes with their zeros.

    >>> number_text(123, "00000"), number_text(12.0, "General"), number_text(-5, "000")
    ('00123', '12', '-005')
    >>> number_text(0.1 + 0.2, "General"), number_text(0.5, "0%")
    ('0.3', '50%')
    """
    section = (fmt or "General").split(";")[0]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if section.endswith("%") and not section.endswith("\\%"):
        return number_text(value * 100, "General") + "%"
    if isinstance(value, int):
        if re.fullmatch(r"0+", section):
            return ("-" if value < 0 else "") + str(abs(value)).zfill(len(section))
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def example_text(value: Any, kind: str | None) -> str:
    """The example value as a clerk would type it (dates day first, lists one a line)."""
    if value is None:
        return ""
    if kind == "datetime" and isinstance(value, str) and (moment := parse_date_time_text(value)):
        return f"{moment.day:02d}/{moment.month:02d}/{moment.year} {moment.hour:02d}:{moment.minute:02d}"
    if kind == "date" and isinstance(value, str):
        found = _DATE_RE.fullmatch(value)
        if found and found.group(5):
            return f"{int(found.group(7)):02d}/{int(found.group(6)):02d}/{found.group(5)}"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def clean(text: str) -> str:
    """NFC text with ``\\n`` line ends and no surrounding blanks.

    >>> clean(" Nguye\\u0302\\u0303n\\r\\nVa\\u0306n ") == "Nguyễn\\nVăn"
    True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def fold(text: str) -> str:
    """The form two names are compared in: clean, case-folded, blanks collapsed."""
    return " ".join(clean(text).casefold().split())


def show(text: str, limit: int = 80) -> str:
    """A cell's text as quoted in a message: clean, cut to ``limit`` characters."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
