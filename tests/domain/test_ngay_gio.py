"""Meeting times with their Vietnamese weekday (giấy mời, biên bản)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.ngay_gio import THU, doc_ngay_gio, gio_phut, la_ngay_gio, thoi_diem, thoi_gian_co_thu, thu


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2026-12-07T08:00", "08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026"),
        ("2026-12-08T13:30", "13 giờ 30, thứ Ba, ngày 08 tháng 12 năm 2026"),
        ("2026-12-09T07:05", "07 giờ 05, thứ Tư, ngày 09 tháng 12 năm 2026"),
        ("2026-12-10T14:00", "14 giờ 00, thứ Năm, ngày 10 tháng 12 năm 2026"),
        ("2026-12-11T00:00", "00 giờ 00, thứ Sáu, ngày 11 tháng 12 năm 2026"),
        ("2026-12-12T23:59", "23 giờ 59, thứ Bảy, ngày 12 tháng 12 năm 2026"),
        ("2026-12-13T08:00", "08 giờ 00, Chủ nhật, ngày 13 tháng 12 năm 2026"),
        ("2027-01-04T08:00", "08 giờ 00, thứ Hai, ngày 04 tháng 01 năm 2027"),
        ("2027-02-01T08:00", "08 giờ 00, thứ Hai, ngày 01 tháng 02 năm 2027"),
        ("2027-03-01T08:00", "08 giờ 00, thứ Hai, ngày 01 tháng 3 năm 2027"),
        ("2028-02-29T09:15:59", "09 giờ 15, thứ Ba, ngày 29 tháng 02 năm 2028"),
        ("2026-12-07 08:00", "08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026"),
    ],
)
def test_meeting_time_with_weekday(value, text):
    assert thoi_gian_co_thu(value) == text


def test_moment_without_weekday():
    assert thoi_diem("2026-12-07T11:30") == "11 giờ 30, ngày 07 tháng 12 năm 2026"
    assert thoi_diem(datetime.datetime(2026, 2, 5, 8, 0)) == "08 giờ 00, ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize(
    "bad",
    ["2026-12-07", "2026-12-07T8:00", "2026-12-07T08:00Z", "2026-12-07T08:00+07:00", "07/12/2026 08:00",
     "2026-13-01T08:00", "2026-12-32T08:00", "2026-12-07T24:00", "2026-12-07T08:60", "2026-12-07T08:00:60"],
)  # fmt: skip
def test_refused_values(bad):
    assert not la_ngay_gio(bad)
    with pytest.raises(ValueError):
        doc_ngay_gio(bad)


def test_null_tolerant():
    assert (thoi_gian_co_thu(None), thoi_diem(None), gio_phut(""), thu(None)) == ("", "", "", "")


@given(st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2999, 12, 31)))
def test_weekday_and_parts_read_back(moment):
    moment = moment.replace(second=0, microsecond=0)
    text = thoi_gian_co_thu(moment.strftime("%Y-%m-%dT%H:%M"))
    hour, rest = text.split(" giờ ", 1)
    minute, weekday, date = rest.split(", ", 2)
    assert (int(hour), int(minute)) == (moment.hour, moment.minute)
    assert THU.index(weekday) == moment.weekday()
    assert date.startswith(f"ngày {moment.day:02d} tháng ") and date.endswith(f" năm {moment.year}")
