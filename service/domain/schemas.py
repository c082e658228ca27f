"""JSON Schemas (draft 2020-12) of each document kind's input: the one source of truth.

The API validates against them, /openapi.json and GET /api/v1/templates/{id} publish them,
the web form and the example spreadsheets are generated from them. `title` is the
Vietnamese label shown to clerks, `description` the help text.
"""

from __future__ import annotations

import copy
from typing import Any

Schema = dict[str, Any]

# Size limits of single fields: generous for real documents, small enough to stop abuse.
MAX_DONG = 1_000  # one line (names, titles)
MAX_DOAN = 20_000  # one paragraph-sized field (trích yếu, căn cứ, điều)
MAX_NOI_DUNG = 500_000  # the whole body text
MAX_MUC = 200  # entries of a list (recipients, bases, articles)
MAX_DANH_SACH = 10_000  # rows of the attached list


def _chuoi(
    title: str,
    description: str = "",
    *,
    max_length: int = MAX_DONG,
    nhieu_dong: bool = False,
    **extra: Any,
) -> Schema:
    s: Schema = {"type": "string", "title": title, "maxLength": max_length}
    if nhieu_dong:
        s["x-nhieu-dong"] = True  # a text area in the web form: line breaks are meaningful
    if description:
        s["description"] = description
    s.update(extra)
    return s


def _bat_buoc(title: str, description: str = "", **kw: Any) -> Schema:
    """A required text field: at least one non-space character."""
    kw.setdefault("pattern", r"\S")
    return _chuoi(title, description, minLength=1, **kw)


def _danh_sach_chuoi(
    title: str,
    description: str = "",
    *,
    max_items: int = MAX_MUC,
    max_length: int = MAX_DONG,
    **extra: Any,
) -> Schema:
    s: Schema = {
        "type": "array",
        "title": title,
        "items": {"type": "string", "maxLength": max_length},
        "maxItems": max_items,
    }
    if description:
        s["description"] = description
    s.update(extra)
    if s.get("minItems"):  # a required list needs at least one entry with text, not only blanks
        s["contains"] = {"type": "string", "pattern": r"\S"}
    return s


NGUOI_KY: Schema = {
    "type": "object",
    "title": "Người ký",
    "additionalProperties": False,
    "required": ["chuc_vu", "ho_ten"],
    "properties": {
        "quyen_han": _danh_sach_chuoi(
            "Quyền hạn ký",
            "Mỗi dòng một quyền hạn, theo thứ tự, ví dụ: TM. ỦY BAN NHÂN DÂN rồi KT. CHỦ TỊCH.",
            max_items=4,
        ),
        "chuc_vu": _bat_buoc("Chức vụ người ký", "Ví dụ: PHÓ CHỦ TỊCH."),
        "ho_ten": _bat_buoc("Họ và tên người ký", "Ví dụ: Lê Quang Tiến."),
    },
}

CHUNG: dict[str, Schema] = {
    "co_quan_chu_quan": _chuoi(
        "Cơ quan chủ quản",
        "Tên cơ quan cấp trên trực tiếp (nếu có), ví dụ: UBND TỈNH THÁI NGUYÊN.",
    ),
    "co_quan_ban_hanh": _bat_buoc(
        "Cơ quan ban hành",
        "Tên cơ quan ban hành; xuống dòng để tách dòng, ví dụ: ỦY BAN NHÂN DÂN / TỈNH THÁI NGUYÊN.",
        nhieu_dong=True,
    ),
    "so": {
        "type": ["integer", "null"],
        "title": "Số văn bản",
        "description": "Để trống khi là dự thảo: văn thư sẽ ghi số sau khi ký.",
        "minimum": 1,
        "maximum": 999_999,
    },
    "ky_hieu": _bat_buoc(
        "Ký hiệu",
        "Phần sau dấu gạch chéo, ví dụ: KH-UBND.",
        max_length=100,
        pattern=r"^\s*[^\s/]+\s*$",
    ),
    "dia_danh": _bat_buoc("Địa danh", "Ví dụ: Thái Nguyên.", max_length=200),
    "ngay_ban_hanh": {
        "type": ["string", "null"],
        "format": "date",
        "title": "Ngày ban hành",
        "description": "Để trống khi là dự thảo.",
    },
    "nam": {
        "type": ["integer", "null"],
        "title": "Năm (dự thảo)",
        "description": "Năm ghi ở dòng ngày tháng khi chưa có ngày ban hành.",
        "minimum": 1945,
        "maximum": 2999,
    },
    "trich_yeu": _bat_buoc(
        "Trích yếu",
        "Tóm tắt nội dung văn bản; xuống dòng để ngắt dòng.",
        max_length=MAX_DOAN,
        nhieu_dong=True,
    ),
    "nguoi_ky": NGUOI_KY,
    "noi_nhan": _danh_sach_chuoi(
        "Nơi nhận",
        "Mỗi dòng một nơi nhận; dấu gạch đầu dòng và dấu chấm phẩy được thêm tự động.",
        minItems=1,
    ),
    "luu": _danh_sach_chuoi("Lưu", "Nơi lưu, ví dụ: VT, TH.", max_items=20, max_length=100, default=["VT"]),
}

NOI_DUNG_CAU_TRUC: Schema = {
    "$comment": "Structured body: a list of nodes; see the README (Body text, structured form).",
    "type": "array",
    "minItems": 1,
    "contains": {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "object"}]},
    "maxItems": 5_000,
    "items": {"$ref": "#/$defs/nut"},
}

DEFS: Schema = {
    "nut": {
        "oneOf": [
            {"type": "string", "maxLength": MAX_DOAN},
            {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    **{
                        k: {"type": "string", "maxLength": MAX_DOAN}
                        for k in ("muc", "khoan", "diem", "gach", "cong", "doan")
                    },
                    "bang": {"$ref": "#/$defs/bang"},
                    "noi_dung": {
                        "type": "array",
                        "maxItems": 5_000,
                        "items": {"$ref": "#/$defs/nut"},
                    },
                },
                "oneOf": [
                    {"required": [k]} for k in ("muc", "khoan", "diem", "gach", "cong", "doan", "bang")
                ],
            },
        ]
    },
    "bang": {
        "type": "object",
        "additionalProperties": False,
        "required": ["dong"],
        "properties": {
            "tieu_de": {
                "type": "array",
                "maxItems": 12,
                "items": {"type": "string", "maxLength": MAX_DONG},
            },
            "dong": {
                "type": "array",
                "maxItems": MAX_DANH_SACH,
                "items": {
                    "type": "array",
                    "maxItems": 12,
                    "items": {"type": "string", "maxLength": MAX_DOAN},
                },
            },
        },
    },
}

NOI_DUNG: Schema = {
    "title": "Nội dung",
    "description": (
        "Mỗi dòng một đoạn. Dòng bắt đầu bằng I., II. là mục; 1., 2. là khoản; a), b) là điểm; "
        "- và + là các ý nhỏ."
    ),
    "x-nhieu-dong": True,
    "anyOf": [
        {"type": "string", "maxLength": MAX_NOI_DUNG, "pattern": r"\S"},
        NOI_DUNG_CAU_TRUC,
    ],
}

DANH_SACH: Schema = {
    "type": "object",
    "title": "Danh sách kèm theo",
    "additionalProperties": False,
    "properties": {
        "tieu_de": _chuoi(
            "Tiêu đề danh sách",
            "Ví dụ: Tập thể, cá nhân được tặng Bằng khen …",
            max_length=MAX_DOAN,
        ),
        "cua": _chuoi("Của (cơ quan, người ban hành)", "Để trống để lấy từ Thẩm quyền ban hành."),
        "tap_the": {
            "type": "array",
            "title": "Tập thể",
            "maxItems": MAX_DANH_SACH,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["ten"],
                "properties": {
                    "ten": _bat_buoc("Tên tập thể"),
                    "ghi_chu": _chuoi("Ghi chú"),
                },
            },
        },
        "ca_nhan": {
            "type": "array",
            "title": "Cá nhân",
            "maxItems": MAX_DANH_SACH,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["ho_ten"],
                "properties": {
                    "ho_ten": _bat_buoc("Họ và tên"),
                    "chuc_vu_don_vi": _chuoi("Chức vụ, đơn vị công tác"),
                    "ghi_chu": _chuoi("Ghi chú"),
                },
            },
        },
    },
}

QUYET_DINH: dict[str, Schema] = {
    "tham_quyen": _bat_buoc("Thẩm quyền ban hành", "Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN."),
    "can_cu": _danh_sach_chuoi(
        "Căn cứ",
        "Mỗi dòng một căn cứ; dấu ; và . được thêm tự động.",
        max_length=MAX_DOAN,
        minItems=1,
    ),
    "de_nghi": _chuoi(
        "Theo đề nghị của",
        "Ví dụ: Theo đề nghị của Giám đốc Sở Nội vụ …",
        max_length=MAX_DOAN,
    ),
    "dieu": _danh_sach_chuoi(
        "Các điều",
        "Mỗi mục một điều; Điều 1., Điều 2. được đánh tự động.",
        max_length=MAX_DOAN,
        minItems=1,
        max_items=50,
    ),
    "danh_sach": DANH_SACH,
}


def _object(properties: dict[str, Schema], required: list[str], title: str) -> Schema:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": copy.deepcopy(properties),
    }


BAT_BUOC_CHUNG = [
    "co_quan_ban_hanh",
    "ky_hieu",
    "dia_danh",
    "trich_yeu",
    "nguoi_ky",
    "noi_nhan",
]


def schema_ke_hoach() -> Schema:
    s = _object({**CHUNG, "noi_dung": NOI_DUNG}, [*BAT_BUOC_CHUNG, "noi_dung"], "Kế hoạch")
    s["$defs"] = copy.deepcopy(DEFS)
    return s


def schema_bao_cao() -> Schema:
    kinh_gui = _danh_sach_chuoi("Kính gửi", "Chỉ khi gửi cơ quan cấp trên; mỗi dòng một nơi.", max_items=30)
    s = _object(
        {**CHUNG, "kinh_gui": kinh_gui, "noi_dung": NOI_DUNG},
        [*BAT_BUOC_CHUNG, "noi_dung"],
        "Báo cáo",
    )
    s["$defs"] = copy.deepcopy(DEFS)
    return s


def schema_quyet_dinh_khen_thuong() -> Schema:
    return _object(
        {**CHUNG, **QUYET_DINH},
        [*BAT_BUOC_CHUNG, "tham_quyen", "can_cu", "dieu"],
        "Quyết định khen thưởng",
    )
