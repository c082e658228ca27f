"""Tests of the spreadsheet adapter; every workbook is built here with openpyxl / zipfile."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

from service.adapters import spreadsheet
from service.adapters.spreadsheet import (
    MSG_FORMULA,
    MSG_NOT_SHEET,
    MSG_OLE2,
    SheetLimits,
    SpreadsheetError,
    example_csv,
    example_workbook,
    read_table,
)

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["co_quan_ban_hanh", "ky_hieu", "nguoi_ky", "noi_nhan"],
    "properties": {
        "co_quan_ban_hanh": {"type": "string", "description": "Tên cơ quan ban hành."},
        "so": {"type": ["integer", "null"], "minimum": 1},
        "ky_hieu": {"type": "string"},
        "ngay_ban_hanh": {"type": ["string", "null"], "format": "date"},
        "nam": {"type": "integer"},
        "noi_dung": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "object"}},
            ]
        },
        "noi_nhan": {"type": "array", "items": {"type": "string"}},
        "luu": {"type": "array", "items": {"type": "string"}, "default": ["VT"]},
        "nguoi_ky": {"$ref": "#/$defs/nguoi_ky"},
        "danh_sach": {
            "type": "object",
            "properties": {
                "tieu_de": {"type": "string"},
                "tap_the": {
                    "type": "array",
                    "items": {"type": "object", "properties": {"ten": {"type": "string"}}},
                },
            },
        },
    },
    "$defs": {
        "nguoi_ky": {
            "type": "object",
            "required": ["chuc_vu", "ho_ten"],
            "properties": {
                "quyen_han": {"type": "array", "items": {"type": "string"}},
                "chuc_vu": {"type": "string"},
                "ho_ten": {"type": "string"},
            },
        }
    },
}

LABELS = {
    "co_quan_ban_hanh": "Cơ quan ban hành",
    "so": "Số",
    "ky_hieu": "Ký hiệu",
    "ngay_ban_hanh": "Ngày ban hành",
    "nam": "Năm",
    "noi_dung": "Nội dung",
    "noi_nhan": "Nơi nhận",
    "luu": "Lưu",
    "nguoi_ky.quyen_han": "Quyền hạn ký",
    "nguoi_ky.chuc_vu": "Chức vụ người ký",
    "nguoi_ky.ho_ten": "Họ và tên người ký",
    "danh_sach.tieu_de": "Tiêu đề danh sách",
}

EXAMPLE = {
    "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
    "so": 5,
    "ky_hieu": "KH-UBND",
    "ngay_ban_hanh": "2024-02-05",
    "nam": 2024,
    "noi_dung": "I. MỤC ĐÍCH\n1. Mục đích",
    "noi_nhan": ["Bộ Nội vụ", "Thường trực Tỉnh ủy"],
    "luu": ["VT", "NC"],
    "nguoi_ky": {
        "quyen_han": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Nguyễn Văn A",
    },
    "danh_sach": {"tieu_de": "Danh sách khen thưởng", "tap_the": [{"ten": "Phòng A"}]},
}

DATE = dt.date(2024, 2, 5)


def xlsx(*rows, setup=None, epoch=None) -> bytes:
    """An .xlsx whose first sheet holds ``rows``; ``setup(ws)`` may style or merge."""
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    if setup is not None:
        setup(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patch_member(data: bytes, name: str, change) -> bytes:
    """Rewrite one member of a zip (e.g. inject cached formula values)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == name:
                body = change(body.decode()).encode()
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def one_row(headers, values, **kw):
    """read_table of a header row and one data row; returns (item, errors)."""
    result = read_table(xlsx(headers, values), SCHEMA, **kw)
    assert result.row_numbers == [2]
    return result.items[0], result.cell_errors


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
            tone = "".join(p for p in parts if p in tones)
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


# ---------------------------------------------------------------- strings and numbers


def test_leading_zero_codes_from_text_and_zero_padded_format():
    def pad(ws):
        ws["B2"].number_format = "00000"

    data = xlsx(["ky_hieu", "co_quan_ban_hanh"], ["0912345678", 123], setup=pad)
    result = read_table(data, SCHEMA)
    assert result.items == [{"ky_hieu": "0912345678", "co_quan_ban_hanh": "00123"}]
    assert result.cell_errors == []


def test_integral_floats_and_digit_text():
    item, errors = one_row(["so", "nam", "ky_hieu"], [12.0, "2024", 12.0])
    assert item == {"so": 12, "nam": 2024, "ky_hieu": "12"}
    assert errors == []


def test_non_integers_are_cell_errors_and_reading_goes_on():
    headers = ["so", "nam", "ky_hieu"]
    result = read_table(xlsx(headers, [12.5, "hai", "KH"], [3, 2024, "QĐ"]), SCHEMA)
    assert result.items == [{"ky_hieu": "KH"}, {"so": 3, "nam": 2024, "ky_hieu": "QĐ"}]
    assert result.cell_errors == [
        {
            "path": "/items/0/so",
            "message": "Giá trị '12.5' không phải một số viết bằng chữ số (ví dụ 12).",
            "row": 2,
            "column": "so",
        },
        {
            "path": "/items/0/nam",
            "message": "Giá trị 'hai' không phải một số viết bằng chữ số (ví dụ 12).",
            "row": 2,
            "column": "nam",
        },
    ]


def test_empty_cells_are_omitted():
    item, errors = one_row(["so", "ky_hieu", "ngay_ban_hanh"], [None, "KH", "  "])
    assert item == {"ky_hieu": "KH"}
    assert errors == []


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert nfd != "Nguyễn Thị Ánh"
    item, _ = one_row(["nguoi_ky.ho_ten"], [nfd])
    assert item == {"nguoi_ky": {"ho_ten": "Nguyễn Thị Ánh"}}


def test_over_long_cell_is_a_cell_error():
    limits = SheetLimits(max_cell_chars=10)
    item, errors = one_row(["ky_hieu", "so"], ["x" * 11, 1], limits=limits)
    assert item == {"so": 1}
    assert [(e["path"], e["row"], e["column"]) for e in errors] == [("/items/0/ky_hieu", 2, "ky_hieu")]
    assert "10" in errors[0]["message"]


def test_excel_error_value_is_a_cell_error():
    def broken(ws):
        ws["A2"].value = "#N/A"
        ws["A2"].data_type = "e"

    result = read_table(xlsx(["ky_hieu"], ["x"], setup=broken), SCHEMA)
    assert result.items == [{}]
    assert result.cell_errors[0]["path"] == "/items/0/ky_hieu"
    assert "#N/A" in result.cell_errors[0]["message"]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("typed", ["05/02/2024", "5/2/2024", "05-02-2024", "2024-02-05", "05.02.2024"])
def test_dates_typed_as_text_are_day_first(typed):
    item, errors = one_row(["ngay_ban_hanh"], [typed])
    assert item == {"ngay_ban_hanh": "2024-02-05"}
    assert errors == []


@pytest.mark.parametrize("value", [DATE, dt.datetime(2024, 2, 5, 0, 0)])
def test_excel_date_cells(value):
    def fmt(ws):
        ws["A2"].number_format = "DD/MM/YYYY"

    result = read_table(xlsx(["ngay_ban_hanh"], [value], setup=fmt), SCHEMA)
    assert result.items == [{"ngay_ban_hanh": "2024-02-05"}]


def test_serial_number_in_date_field_1900_system():
    serial = int(to_excel(DATE))
    item, errors = one_row(["ngay_ban_hanh"], [serial])
    assert item == {"ngay_ban_hanh": "2024-02-05"}
    assert errors == []


def test_serial_number_in_date_field_1904_system():
    serial = int(to_excel(DATE, epoch=CALENDAR_MAC_1904))
    assert serial != int(to_excel(DATE))
    data = xlsx(["ngay_ban_hanh"], [serial], epoch=CALENDAR_MAC_1904)
    assert read_table(data, SCHEMA).items == [{"ngay_ban_hanh": "2024-02-05"}]


def test_date_cell_in_a_string_field_reads_day_first():
    def fmt(ws):
        ws["A2"].number_format = "DD/MM/YYYY"

    result = read_table(xlsx(["ky_hieu"], [DATE], setup=fmt), SCHEMA)
    assert result.items == [{"ky_hieu": "05/02/2024"}]


@pytest.mark.parametrize("typed", ["31/02/2024", "mùng 5 tháng 2", "5/2/24"])
def test_invalid_dates_are_reported_with_what_was_typed(typed):
    item, errors = one_row(["ngay_ban_hanh", "ky_hieu"], [typed, "KH"])
    assert item == {"ky_hieu": "KH"}
    assert errors == [
        {
            "path": "/items/0/ngay_ban_hanh",
            "message": f"Ngày không hợp lệ: '{typed}'. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024.",
            "row": 2,
            "column": "ngay_ban_hanh",
        }
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
)
def test_any_date_typed_in_any_form_reads_back(day, form):
    typed = form.replace("%d", str(day.day)).replace("%m", str(day.month)).replace("%Y", f"{day.year:04d}")
    assert spreadsheet._parse_date_text(typed) == day


# ---------------------------------------------------------------- rows and layout


def test_empty_rows_are_skipped_but_keep_row_numbers():
    data = xlsx(
        ["ky_hieu", "so"],
        ["A", 1],
        [None, None],
        ["B", 2],
        ["   ", None],
        ["C", None],
    )
    result = read_table(data, SCHEMA)
    assert result.items == [{"ky_hieu": "A", "so": 1}, {"ky_hieu": "B", "so": 2}, {"ky_hieu": "C"}]
    assert result.row_numbers == [2, 4, 6]


def test_error_paths_use_item_index_and_excel_row():
    data = xlsx(["so"], [1], [None], ["x"])
    result = read_table(data, SCHEMA)
    assert result.row_numbers == [2, 4]
    assert [(e["path"], e["row"]) for e in result.cell_errors] == [("/items/1/so", 4)]


def test_merged_cells_are_filled_down_and_right():
    def merge(ws):
        ws.merge_cells("A2:A4")  # one issuing body for three rows
        ws.merge_cells("B5:C5")  # one text spread over two columns

    data = xlsx(
        ["co_quan_ban_hanh", "ky_hieu", "nguoi_ky.chuc_vu"],
        ["SỞ NỘI VỤ", "KH-SNV", "GIÁM ĐỐC"],
        [None, "BC-SNV", "GIÁM ĐỐC"],
        [None, "QĐ-SNV", "GIÁM ĐỐC"],
        ["UBND", "TRƯỞNG PHÒNG", None],
        setup=merge,
    )
    result = read_table(data, SCHEMA)
    assert [i["co_quan_ban_hanh"] for i in result.items] == ["SỞ NỘI VỤ"] * 3 + ["UBND"]
    assert result.items[3] == {
        "co_quan_ban_hanh": "UBND",
        "ky_hieu": "TRƯỞNG PHÒNG",
        "nguoi_ky": {"chuc_vu": "TRƯỞNG PHÒNG"},
    }
    assert result.cell_errors == []


def test_rows_covered_only_by_a_merge_stay_empty():
    def merge(ws):
        ws.merge_cells("A2:A5")

    data = xlsx(
        ["co_quan_ban_hanh", "ky_hieu"],
        ["SỞ NỘI VỤ", "KH"],
        [None, "BC"],
        [None, None],
        [None, None],
        setup=merge,
    )
    result = read_table(data, SCHEMA)
    assert result.items == [
        {"co_quan_ban_hanh": "SỞ NỘI VỤ", "ky_hieu": "KH"},
        {"co_quan_ban_hanh": "SỞ NỘI VỤ", "ky_hieu": "BC"},
    ]
    assert result.row_numbers == [2, 3]


def test_formulas_give_cached_values_or_an_error():
    data = xlsx(["so", "ky_hieu"], ["=2+3", '="KH-"&"UBND"'], ["=2+5", "QĐ"])

    def inject(xml: str) -> str:
        xml, n1 = re.subn(r'(<c r="A2"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*(/>|>\s*</v>)', r"\1<v>5</v>", xml)
        xml, n2 = re.subn(
            r'<c r="B2"([^>]*)>\s*(<f>[^<]*</f>)\s*<v\s*(/>|>\s*</v>)',
            r'<c r="B2"\1 t="str">\2<v>KH-UBND</v>',
            xml,
        )
        assert n1 == n2 == 1
        return xml

    data = patch_member(data, "xl/worksheets/sheet1.xml", inject)
    result = read_table(data, SCHEMA)
    assert result.items == [{"so": 5, "ky_hieu": "KH-UBND"}, {"ky_hieu": "QĐ"}]
    assert result.cell_errors == [{"path": "/items/1/so", "message": MSG_FORMULA, "row": 3, "column": "so"}]


def test_row_with_only_an_uncomputed_formula_is_still_reported():
    data = xlsx(["so", "ky_hieu"], [1, "KH"], ["=1+1", None])
    result = read_table(data, SCHEMA)
    assert result.row_numbers == [2, 3]
    assert result.cell_errors == [{"path": "/items/1/so", "message": MSG_FORMULA, "row": 3, "column": "so"}]


def test_list_cell_with_several_lines():
    cell = "Bộ Nội vụ\r\n  Thường trực Tỉnh ủy; Sở Tài chính \n\n Lưu trữ "
    item, _ = one_row(["noi_nhan", "luu"], [cell, "VT"])
    assert item == {
        "noi_nhan": ["Bộ Nội vụ", "Thường trực Tỉnh ủy; Sở Tài chính", "Lưu trữ"],
        "luu": ["VT"],
    }


def test_nested_dotted_headers_build_objects():
    headers = ["nguoi_ky.quyen_han", "nguoi_ky.chuc_vu", "nguoi_ky.ho_ten", "danh_sach.tieu_de"]
    values = ["TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn C", "DS"]
    item, errors = one_row(headers, values)
    assert item == {
        "nguoi_ky": {
            "quyen_han": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "chuc_vu": "PHÓ CHỦ TỊCH",
            "ho_ten": "Lê Văn C",
        },
        "danh_sach": {"tieu_de": "DS"},
    }
    assert errors == []


def test_misspelt_unrepresentable_and_duplicate_headers_are_sheet_level_errors():
    headers = ["ky_hieu", "ho_ten", "danh_sach.tap_the", "nguoi_ky", None, "ky_hieu", "so.x"]
    data = xlsx(headers, ["KH", "A", "B", "C", "ignored", "QĐ", 1])
    result = read_table(data, SCHEMA)
    assert result.items == [{"ky_hieu": "KH"}]
    errors = result.cell_errors
    assert [(e["path"], e["row"], e["column"]) for e in errors] == [
        ("", 1, "danh_sach.tap_the"),
        ("", 1, "nguoi_ky"),
        ("", 1, "ky_hieu"),
        ("", 1, "so.x"),
    ]
    for error in errors:
        assert f"'{error['column']}'" in error["message"]
    assert "nguoi_ky.quyen_han" in errors[1]["message"]
    assert "cột A và cột F" in errors[2]["message"]
    assert "có phải là 'so'?" in errors[3]["message"]
    assert result.ignored_columns == ["ho_ten"]  # names no field of this schema, close to none


def test_an_offices_own_columns_are_ignored_and_reported():
    headers = ["Mã hồ sơ", "ky_hieu", "Ghi chú nội bộ", "so"]
    data = xlsx(headers, ["HS-0012", "KH", "gọi lại sau", 7])
    result = read_table(data, SCHEMA)
    assert result.items == [{"ky_hieu": "KH", "so": 7}]
    assert result.cell_errors == []
    assert result.ignored_columns == ["Mã hồ sơ", "Ghi chú nội bộ"]


@pytest.mark.parametrize(
    ("header", "near"),
    [
        ("ky_heiu", "ky_hieu"),
        ("KY HIEU", "ky_hieu"),
        ("nguoi_ky.ho_tne", "nguoi_ky.ho_ten"),
        ("noinhan", "noi_nhan"),
    ],
)
def test_a_header_close_to_a_field_name_is_refused_with_the_suggestion(header, near):
    result = read_table(xlsx([header, "so"], ["x", 3]), SCHEMA)
    assert result.ignored_columns == []
    [error] = result.cell_errors
    assert error["column"] == header and error["path"] == ""
    assert f"có phải là '{near}'?" in error["message"]


def test_label_row_under_ignored_columns_is_still_the_label_row():
    headers = ["ky_hieu", "Mã hồ sơ", "so"]
    rows = [["Ký hiệu", "Mã", "Số"], ["KH", "HS-1", 4]]
    data = xlsx(headers, *rows)
    result = read_table(data, SCHEMA, labels={"ky_hieu": "Ký hiệu", "so": "Số"})
    assert result.items == [{"ky_hieu": "KH", "so": 4}]
    assert result.row_numbers == [3] and result.cell_errors == []


def test_label_row_is_recognised_from_labels():
    headers = ["ky_hieu", "nguoi_ky.ho_ten", "so"]
    data = xlsx(headers, ["Ký hiệu", " họ và tên người ký ", None], ["KH", "B", 1])
    result = read_table(data, SCHEMA, labels=LABELS)
    assert result.items == [{"ky_hieu": "KH", "nguoi_ky": {"ho_ten": "B"}, "so": 1}]
    assert result.row_numbers == [3]


def test_label_row_is_recognised_from_hash_marker():
    data = xlsx(["ky_hieu", "so"], ["# Ký hiệu", "Số"], ["KH", 1])
    result = read_table(data, SCHEMA)
    assert result.items == [{"ky_hieu": "KH", "so": 1}]
    assert result.row_numbers == [3]


def test_labels_default_to_schema_titles():
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["so"]["title"] = "Số văn bản"
    schema["$defs"]["nguoi_ky"]["properties"]["ho_ten"]["title"] = "Họ và tên"
    assert spreadsheet.column_labels(schema) == {"so": "Số văn bản", "nguoi_ky.ho_ten": "Họ và tên"}
    data = xlsx(["so", "nguoi_ky.ho_ten"], ["Số văn bản", "Họ và tên"], [4, "C"])
    result = read_table(data, schema)
    assert (result.items, result.row_numbers) == ([{"so": 4, "nguoi_ky": {"ho_ten": "C"}}], [3])
    result = read_table(data, schema, labels={"so": "Số văn bản"})  # top-level labels only
    assert (result.items, result.row_numbers) == ([{"so": 4, "nguoi_ky": {"ho_ten": "C"}}], [3])


def test_a_data_row_is_not_taken_for_labels():
    data = xlsx(["ky_hieu", "so"], ["Ký hiệu", 7])
    result = read_table(data, SCHEMA, labels=LABELS)
    assert result.items == [{"ky_hieu": "Ký hiệu", "so": 7}]


# ---------------------------------------------------------------- sheets


def two_sheets() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Bìa"
    book.active.append(["ky_hieu"])
    book.active.append(["Bìa"])
    data = book.create_sheet("Dữ liệu")
    data.append(["ky_hieu"])
    data.append(["KH"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_first_sheet_by_default_and_named_sheet_on_request():
    assert read_table(two_sheets(), SCHEMA).items == [{"ky_hieu": "Bìa"}]
    assert read_table(two_sheets(), SCHEMA, sheet="Dữ liệu").items == [{"ky_hieu": "KH"}]


def test_hidden_first_sheet_is_passed_over():
    book = openpyxl.load_workbook(io.BytesIO(two_sheets()))
    book["Bìa"].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    assert read_table(out.getvalue(), SCHEMA).items == [{"ky_hieu": "KH"}]


def test_a_wrong_dimension_element_does_not_truncate_rows():
    data = xlsx(["so"], [1], [2], [3])

    def shrink(xml: str) -> str:
        assert 'ref="A1:A4"' in xml
        return xml.replace('ref="A1:A4"', 'ref="A1:A2"')

    data = patch_member(data, "xl/worksheets/sheet1.xml", shrink)
    result = read_table(data, SCHEMA)
    assert result.items == [{"so": 1}, {"so": 2}, {"so": 3}]


def test_unknown_sheet_name_lists_the_sheets():
    with pytest.raises(SpreadsheetError) as caught:
        read_table(two_sheets(), SCHEMA, sheet="Sheet9")
    message = caught.value.errors[0]["message"]
    assert "'Sheet9'" in message and "'Bìa'" in message and "'Dữ liệu'" in message
    assert caught.value.errors[0]["path"] == ""


def test_empty_sheet_has_no_header():
    with pytest.raises(SpreadsheetError):
        read_table(xlsx(), SCHEMA)


def test_header_only_gives_no_items():
    result = read_table(xlsx(["ky_hieu"]), SCHEMA)
    assert (result.items, result.row_numbers, result.cell_errors) == ([], [], [])


# ---------------------------------------------------------------- hostile or wrong files


def test_renamed_docx_is_rejected():
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Không phải bảng tính")
    document.save(out)
    with pytest.raises(SpreadsheetError) as caught:
        read_table(out.getvalue(), SCHEMA)
    assert caught.value.errors == [{"path": "", "message": MSG_NOT_SHEET}]


def test_ole2_file_is_rejected_as_encrypted_or_old_xls():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4096)
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA)
    assert caught.value.errors == [{"path": "", "message": MSG_OLE2}]


def test_binary_garbage_is_not_a_csv():
    with pytest.raises(SpreadsheetError) as caught:
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", SCHEMA)
    assert caught.value.errors[0]["message"] == MSG_NOT_SHEET


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_result_or_a_spreadsheet_error(data):
    try:
        result = read_table(data, SCHEMA)
    except SpreadsheetError as exc:
        assert exc.errors and all(e["path"] == "" and e["message"] for e in exc.errors)
    else:
        assert len(result.items) == len(result.row_numbers)


def test_truncated_or_damaged_xlsx_gives_a_spreadsheet_error():
    good = example_workbook(SCHEMA, EXAMPLE, LABELS)
    damaged = [good[:cut] for cut in range(0, len(good), max(1, len(good) // 40))]
    middle = len(good) // 2
    damaged.append(good[:middle] + bytes(64) + good[middle + 64 :])
    for data in damaged:
        with pytest.raises(SpreadsheetError):
            read_table(data, SCHEMA)


def test_too_many_bytes_are_rejected():
    with pytest.raises(SpreadsheetError) as caught:
        read_table(b"ky_hieu\r\n" + b"KH\r\n" * 100, SCHEMA, limits=SheetLimits(max_bytes=100))
    assert "100 byte" in caught.value.errors[0]["message"]


def zeros_zip(megabytes: int) -> bytes:
    """An 'xlsx' whose sheet member is ``megabytes`` MB of zeros, compressed streaming."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(spreadsheet, "ExcelReader", refuse)


@pytest.mark.usefixtures("no_openpyxl")
def test_zip_bomb_is_rejected_before_parsing():
    data = zeros_zip(300)
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA)
    assert "200 MB" in caught.value.errors[0]["message"]


@pytest.mark.usefixtures("no_openpyxl")
def test_highly_compressed_member_is_rejected_even_under_the_total():
    with pytest.raises(SpreadsheetError):
        read_table(zeros_zip(2), SCHEMA)


@pytest.mark.usefixtures("no_openpyxl")
def test_doctype_in_a_part_is_refused():
    data = xlsx(["ky_hieu"], ["KH"])
    data = patch_member(
        data,
        "xl/workbook.xml",
        lambda xml: xml.replace("<workbook", '<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook', 1),
    )
    with pytest.raises(SpreadsheetError):
        read_table(data, SCHEMA)


def test_million_row_csv_is_rejected_by_the_row_limit():
    data = b"so,ky_hieu\r\n" + b"1,KH-UBND\r\n" * 1_000_000
    assert len(data) > 10_000_000
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA)
    assert "20.000" in caught.value.errors[0]["message"]


def test_xlsx_over_the_default_row_limit_is_rejected():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["so", "ky_hieu"])
    for n in range(25_000):
        sheet.append([n + 1, "KH"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SpreadsheetError) as caught:
        read_table(out.getvalue(), SCHEMA)
    assert "20.000" in caught.value.errors[0]["message"]


def test_xlsx_reading_stops_at_the_row_limit():
    """Rows past the limit are never parsed: a broken row there goes unnoticed."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 14))
    broken = '<row r="40"><c r="A40" t="s"><v>999999</v></c></row>'  # no such string

    def replace(xml: str) -> str:
        head = '<row r="1"><c r="A1" t="inlineStr"><is><t>so</t></is></c></row>'
        return re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{head}{rows}{broken}</sheetData>", xml)

    data = patch_member(xlsx(["so"], [1]), "xl/worksheets/sheet1.xml", replace)
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA, limits=SheetLimits(max_rows=10))
    assert "tối đa 10 dòng" in caught.value.errors[0]["message"]
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA, limits=SheetLimits(max_rows=100))
    assert "hỏng" in caught.value.errors[0]["message"]


# ---------------------------------------------------------------- CSV


def test_csv_utf8_with_bom_and_multiline_cells():
    text = 'ky_hieu,noi_nhan,so\r\n0123,"Bộ Nội vụ\nSở Tài chính",7\r\n'
    result = read_table(text.encode("utf-8-sig"), SCHEMA)
    assert result.items == [{"ky_hieu": "0123", "noi_nhan": ["Bộ Nội vụ", "Sở Tài chính"], "so": 7}]


def test_csv_semicolon_delimited_without_bom():
    text = "ky_hieu;co_quan_ban_hanh;ngay_ban_hanh\n\nKH;Sở, ban, ngành;5/2/2024\n"
    result = read_table(text.encode(), SCHEMA)
    assert result.items == [
        {"ky_hieu": "KH", "co_quan_ban_hanh": "Sở, ban, ngành", "ngay_ban_hanh": "2024-02-05"}
    ]
    assert result.row_numbers == [3]


def test_csv_tab_delimited():
    result = read_table(b"ky_hieu\tso\nKH\t3\n", SCHEMA)
    assert result.items == [{"ky_hieu": "KH", "so": 3}]


def test_csv_in_windows_1258():
    text = "nguoi_ky.ho_ten,co_quan_ban_hanh\r\nNguyễn Thị Ánh,Ủy ban nhân dân tỉnh\r\n"
    data = to_cp1258(text)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = read_table(data, SCHEMA)
    assert result.items == [
        {"nguoi_ky": {"ho_ten": "Nguyễn Thị Ánh"}, "co_quan_ban_hanh": "Ủy ban nhân dân tỉnh"}
    ]


def test_csv_utf16_and_excel_sep_line():
    assert read_table("ky_hieu\tso\r\nKH\t4\r\n".encode("utf-16"), SCHEMA).items == [
        {"ky_hieu": "KH", "so": 4}
    ]
    result = read_table(b"sep=;\r\nky_hieu;luu\r\nKH;VT\r\n", SCHEMA)
    assert (result.items, result.row_numbers) == ([{"ky_hieu": "KH", "luu": ["VT"]}], [2])


def test_csv_cell_errors_carry_row_numbers():
    data = b"so,ngay_ban_hanh\n1,05/02/2024\n2,30/02/2024\n"
    result = read_table(data, SCHEMA)
    assert [(e["path"], e["row"], e["column"]) for e in result.cell_errors] == [
        ("/items/1/ngay_ban_hanh", 3, "ngay_ban_hanh")
    ]


# ---------------------------------------------------------------- examples


def representable(example: dict) -> dict:
    """The example without what cells cannot hold (lists of objects)."""
    expected = copy.deepcopy(example)
    del expected["danh_sach"]["tap_the"]
    return expected


def test_example_workbook_round_trip():
    data = example_workbook(SCHEMA, EXAMPLE, LABELS)
    result = read_table(data, SCHEMA, labels=LABELS)
    assert result.items == [representable(EXAMPLE)]
    assert result.row_numbers == [3]
    assert result.cell_errors == []


def test_example_workbook_layout():
    book = openpyxl.load_workbook(io.BytesIO(example_workbook(SCHEMA, EXAMPLE, LABELS)))
    data, guide = book.worksheets
    headers = [c.value for c in data[1]]
    assert "nguoi_ky.ho_ten" in headers and "danh_sach.tap_the" not in headers
    assert [c.value for c in data[2]] == [LABELS[h] for h in headers]
    assert all(c.font.bold for c in data[1])
    assert data.freeze_panes == "A3"
    column = {h: i + 1 for i, h in enumerate(headers)}
    ky_hieu = data.cell(3, column["ky_hieu"])
    assert ky_hieu.number_format == "@" and ky_hieu.data_type == "s"
    assert data.cell(3, column["noi_nhan"]).alignment.wrap_text
    assert data.cell(3, column["so"]).value == 5
    assert data.column_dimensions["A"].width >= len(headers[0])
    assert guide.title == "Hướng dẫn"
    rows = {r[0]: r for r in guide.iter_rows(min_row=2, values_only=True) if r and r[0]}
    assert rows["ky_hieu"][1:3] == ("Ký hiệu", "Có")
    assert rows["nguoi_ky.ho_ten"][2] == "Có"
    assert rows["so"][2] == "Không"
    assert rows["co_quan_ban_hanh"][4] == "Tên cơ quan ban hành."
    assert "danh_sach.tap_the" in rows


def test_example_keeps_leading_zeros_and_text_starting_with_equals():
    example = {"ky_hieu": "=KH", "co_quan_ban_hanh": "00123", "so": None}
    result = read_table(example_workbook(SCHEMA, example, LABELS), SCHEMA, labels=LABELS)
    assert result.items == [{"ky_hieu": "=KH", "co_quan_ban_hanh": "00123"}]


def test_example_csv_round_trip():
    data = example_csv(SCHEMA, EXAMPLE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 and "nguoi_ky.ho_ten" in rows[0]
    assert rows[1][rows[0].index("ngay_ban_hanh")] == "05/02/2024"
    result = read_table(data, SCHEMA)
    assert result.items == [representable(EXAMPLE)]
    assert result.cell_errors == []
