"""Shared parts of the kinds' JSON Schemas (draft 2020-12): the one source of truth.

Each kind's module (service/domain/kinds/) assembles its schema from these shared parts
with `kind_schema`. The API validates against them, /openapi.json and GET
/api/v1/templates/{id} publish them, the web form and the example spreadsheets are generated from them. `title` is the
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


def chuoi(
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


def bat_buoc(title: str, description: str = "", **kw: Any) -> Schema:
    """A required text field: at least one non-space character."""
    kw.setdefault("pattern", r"\S")
    return chuoi(title, description, minLength=1, **kw)


def danh_sach_chuoi(
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
        "quyen_han": danh_sach_chuoi(
            "Quyền hạn ký",
            "Mỗi dòng một quyền hạn, theo thứ tự, ví dụ: TM. ỦY BAN NHÂN DÂN rồi KT. CHỦ TỊCH.",
            max_items=4,
        ),
        "chuc_vu": bat_buoc("Chức vụ người ký", "Ví dụ: PHÓ CHỦ TỊCH."),
        "ho_ten": bat_buoc("Họ và tên người ký", "Ví dụ: Lê Quang Tiến."),
    },
}

CHUNG: dict[str, Schema] = {
    "co_quan_chu_quan": chuoi(
        "Cơ quan chủ quản",
        "Tên cơ quan cấp trên trực tiếp (nếu có), ví dụ: UBND TỈNH THÁI NGUYÊN.",
    ),
    "co_quan_ban_hanh": bat_buoc(
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
    "ky_hieu": bat_buoc(
        "Ký hiệu",
        "Phần sau dấu gạch chéo, ví dụ: KH-UBND.",
        max_length=100,
        pattern=r"^\s*[^\s/]+\s*$",
    ),
    "dia_danh": bat_buoc("Địa danh", "Ví dụ: Thái Nguyên.", max_length=200),
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
    "trich_yeu": bat_buoc(
        "Trích yếu",
        "Tóm tắt nội dung văn bản; xuống dòng để ngắt dòng.",
        max_length=MAX_DOAN,
        nhieu_dong=True,
    ),
    "nguoi_ky": NGUOI_KY,
    "noi_nhan": danh_sach_chuoi(
        "Nơi nhận",
        "Mỗi dòng một nơi nhận; dấu gạch đầu dòng và dấu chấm phẩy được thêm tự động.",
        minItems=1,
    ),
    "luu": danh_sach_chuoi("Lưu", "Nơi lưu, ví dụ: VT, TH.", max_items=20, max_length=100, default=["VT"]),
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

QUYET_DINH: dict[str, Schema] = {
    "tham_quyen": bat_buoc("Thẩm quyền ban hành", "Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN."),
    "can_cu": danh_sach_chuoi(
        "Căn cứ",
        "Mỗi dòng một căn cứ; dấu ; và . được thêm tự động.",
        max_length=MAX_DOAN,
        minItems=1,
    ),
    "de_nghi": chuoi(
        "Theo đề nghị của",
        "Ví dụ: Theo đề nghị của Giám đốc Sở Nội vụ …",
        max_length=MAX_DOAN,
    ),
    "dieu": danh_sach_chuoi(
        "Các điều",
        "Mỗi mục một điều; Điều 1., Điều 2. được đánh tự động.",
        max_length=MAX_DOAN,
        minItems=1,
        max_items=50,
    ),
}


# Optional components of every kind (Phụ lục I, Mục III; ô 10a, 10b, 11, 12, 13) and appendices.
TUY_CHON: dict[str, Schema] = {
    "do_mat": {
        "type": ["string", "null"],
        "enum": ["MẬT", "TỐI MẬT", "TUYỆT MẬT", "", None],
        "title": "Độ mật",
        "description": "Dấu chỉ độ mật (ô 10a): MẬT, TỐI MẬT hoặc TUYỆT MẬT; để trống nếu không mật.",
    },
    "do_khan": {
        "type": ["string", "null"],
        "enum": ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "", None],
        "title": "Độ khẩn",
        "description": "Dấu chỉ mức độ khẩn (ô 10b), in trong khung: KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC.",
    },
    "pham_vi_luu_hanh": {
        "type": ["string", "null"],
        "enum": ["LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI", "", None],
        "title": "Phạm vi lưu hành",
        "description": "Chỉ dẫn phạm vi lưu hành (ô 11), in trong khung phía trên Quốc hiệu.",
    },
    "nguoi_soan_thao": {
        "type": "object",
        "title": "Người soạn thảo",
        "description": "Ô 12, cuối dòng Lưu: ký hiệu người soạn thảo và số bản phát hành, ví dụ TH(10).",
        "additionalProperties": False,
        "properties": {
            "ky_hieu": chuoi(
                "Ký hiệu người soạn thảo", "Chữ viết tắt, ví dụ: TH.", max_length=20, pattern=r"^\s*\S*\s*$"
            ),
            "so_ban": {
                "type": ["integer", "null"],
                "title": "Số bản phát hành",
                "minimum": 1,
                "maximum": 99_999,
            },
        },
    },
    "dia_chi": {
        "type": "object",
        "title": "Địa chỉ liên hệ (chân trang đầu)",
        "description": "Ô 13: in ở chân trang thứ nhất, dưới một đường kẻ suốt chiều ngang.",
        "additionalProperties": False,
        "properties": {
            "dia_chi": chuoi("Địa chỉ", "Ví dụ: Số 18 Nguyễn Du, phường Phan Đình Phùng, tỉnh Thái Nguyên."),
            "dien_thoai": chuoi("Điện thoại", max_length=100),
            "fax": chuoi("Fax", max_length=100),
            "email": chuoi("Thư điện tử", max_length=200),
            "website": chuoi("Trang thông tin điện tử", max_length=200),
        },
    },
    "phu_luc": {
        "type": "array",
        "title": "Phụ lục",
        "description": "Mỗi phụ lục in từ trang mới, đánh số trang riêng (Mẫu 2.1); khổ ngang khi cần bảng rộng.",
        "maxItems": 20,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["noi_dung"],
            "properties": {
                "tieu_de": chuoi(
                    "Tiêu đề phụ lục", "Ví dụ: Bảng chữ viết tắt.", max_length=MAX_DOAN, nhieu_dong=True
                ),
                "noi_dung": NOI_DUNG,
                "huong": {
                    "type": "string",
                    "enum": ["doc", "ngang"],
                    "default": "doc",
                    "title": "Hướng trang",
                    "description": "doc: khổ dọc; ngang: khổ ngang.",
                },
                "cua": chuoi(
                    "Của (cơ quan ban hành)", "Để trống để lấy tên cơ quan ban hành, ví dụ: Sở Nội vụ."
                ),
            },
        },
    },
}

BAT_BUOC_CHUNG = [
    "co_quan_ban_hanh",
    "ky_hieu",
    "dia_danh",
    "trich_yeu",
    "nguoi_ky",
    "noi_nhan",
]


def kind_schema(
    title: str, properties: dict[str, Schema], required: list[str], *, defs: bool = True
) -> Schema:
    """The JSON Schema of a kind: an object of `properties` (deep-copied) followed by the optional
    components every kind has (`TUY_CHON`, unless the kind defines a field of that name),
    `required` fields, and the structured-body definitions that `noi_dung` and `phu_luc` refer
    to (always: every kind may have appendices; `defs` is accepted for older callers).

    >>> s = kind_schema("Kế hoạch", {**CHUNG, "noi_dung": NOI_DUNG}, BAT_BUOC_CHUNG)
    >>> s["title"], s["additionalProperties"], sorted(s["$defs"]), list(s["properties"])[-2:]
    ('Kế hoạch', False, ['bang', 'nut'], ['dia_chi', 'phu_luc'])
    """
    s: Schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": copy.deepcopy(
            {**properties, **{k: v for k, v in TUY_CHON.items() if k not in properties}}
        ),
        "$defs": copy.deepcopy(DEFS),
    }
    return s
