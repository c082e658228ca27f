"""Local date-times in administrative Vietnamese: meeting times with their weekday.

A giấy mời prints its time as ``08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026``; a biên bản
its start and end as ``08 giờ 00, ngày 07 tháng 12 năm 2026``. Dates keep the decree's zero
rule (``ngay_day_du``: a zero before a day below 10 and before months 1 and 2); hours and
minutes always have two digits. Inputs are ISO local date-times (``2026-12-07T08:00``, seconds
allowed, no time zone: a meeting happens at the local time of its place). Pure and
null-tolerant like every formatter: ``None`` gives ``""``.
"""

from __future__ import annotations

import datetime
import re

from service.domain.vn_format import nfc, ngay_day_du

# Monday first, as datetime.weekday() counts.
THU: tuple[str, ...] = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_ISO_LOCAL = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?")

NgayGio = datetime.datetime | str | None


def doc_ngay_gio(value: NgayGio) -> datetime.datetime | None:
    """The local date-time of an ISO string (``T`` or a space between date and time).

    >>> doc_ngay_gio("2026-12-07T08:00")
    datetime.datetime(2026, 12, 7, 8, 0)
    >>> doc_ngay_gio("2026-12-07 14:30:15")
    datetime.datetime(2026, 12, 7, 14, 30, 15)
    >>> doc_ngay_gio(None) is None, doc_ngay_gio("  ") is None
    (True, True)
    >>> doc_ngay_gio("2026-12-07T08:00+07:00")
    Traceback (most recent call last):
    ...
    ValueError: expected a local date-time YYYY-MM-DDTHH:MM, got '2026-12-07T08:00+07:00'
    >>> doc_ngay_gio("2026-02-30T08:00")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        raise TypeError(f"expected a date-time, an ISO string or None, got {type(value).__name__}")
    text = nfc(value).strip()
    if not text:
        return None
    m = _ISO_LOCAL.fullmatch(text)
    if not m:
        raise ValueError(f"expected a local date-time YYYY-MM-DDTHH:MM, got {value!r}")
    day = datetime.date.fromisoformat(m.group(1))
    return datetime.datetime(
        day.year, day.month, day.day, int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
    )


def la_ngay_gio(value: object) -> bool:
    """True for a valid ISO local date-time string (the schema format ``ngay-gio``).

    >>> la_ngay_gio("2026-12-07T08:00"), la_ngay_gio("2026-12-07T24:00"), la_ngay_gio("07/12/2026")
    (True, False, False)
    """
    if not isinstance(value, str):
        return False
    try:
        return doc_ngay_gio(value) is not None
    except ValueError:
        return False


def thu(value: NgayGio | datetime.date) -> str:
    """The Vietnamese weekday.

    >>> thu("2026-12-07T08:00"), thu(datetime.date(2026, 12, 13))
    ('thứ Hai', 'Chủ nhật')
    >>> thu(None)
    ''
    """
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return THU[value.weekday()]
    d = doc_ngay_gio(value)
    return THU[d.weekday()] if d else ""


def gio_phut(value: NgayGio) -> str:
    """Hours and minutes, two digits each.

    >>> gio_phut("2026-12-07T08:00"), gio_phut("2026-12-07T14:05")
    ('08 giờ 00', '14 giờ 05')
    >>> gio_phut(None)
    ''
    """
    d = doc_ngay_gio(value)
    return f"{d.hour:02d} giờ {d.minute:02d}" if d else ""


def thoi_gian_co_thu(value: NgayGio) -> str:
    """A meeting's time with its weekday (giấy mời, Mẫu 1.7).

    >>> thoi_gian_co_thu("2026-12-07T08:00")
    '08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026'
    >>> thoi_gian_co_thu("2027-01-03T14:30")
    '14 giờ 30, Chủ nhật, ngày 03 tháng 01 năm 2027'
    >>> thoi_gian_co_thu("2026-03-05T07:45")
    '07 giờ 45, thứ Năm, ngày 05 tháng 3 năm 2026'
    >>> thoi_gian_co_thu(None)
    ''
    """
    d = doc_ngay_gio(value)
    if d is None:
        return ""
    return f"{gio_phut(d)}, {thu(d)}, {ngay_day_du(d.date())}"


def thoi_diem(value: NgayGio) -> str:
    """A moment without the weekday (biên bản, Mẫu 1.9: start and end of the meeting).

    >>> thoi_diem("2026-12-07T11:30")
    '11 giờ 30, ngày 07 tháng 12 năm 2026'
    >>> thoi_diem("")
    ''
    """
    d = doc_ngay_gio(value)
    return f"{gio_phut(d)}, {ngay_day_du(d.date())}" if d else ""
