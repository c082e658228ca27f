"""Giấy giới thiệu (Mẫu 1.8): the body introduces one of its people to another body, about a
matter, valid until a date; symbol GGT. No trích yếu: the rule sits under the type name; the download name carries the person's name.

>>> KIND.ten_tep(VI_DU)
'Giấy giới thiệu - 15-GGT-SNV - Trần Thị Minh Thu'
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from service.domain.kind import DocumentKind, ten_tep_theo_nguoi
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, MAX_DOAN, Schema, bat_buoc, chuoi, kind_schema
from service.domain.text import compact
from service.domain.validation import FieldError
from service.domain.van_mau import DANH_XUNG, ten_co_quan, xung_ho
from service.domain.vn_format import ngay_day_du

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 15,
    "ky_hieu": "GGT-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-11-26",
    "nguoi_duoc_gioi_thieu": {
        "danh_xung": "Bà",
        "ho_ten": "Trần Thị Minh Thu",
        "chuc_vu": "Chuyên viên Phòng Tổ chức, biên chế",
    },
    "duoc_cu_den": "Sở Tài chính tỉnh Thái Nguyên",
    "ve_viec": "Liên hệ công tác thẩm định dự toán kinh phí năm 2027",
    "hieu_luc_den": "2026-12-31",
    "nguoi_ky": {"quyen_han": ["TL. GIÁM ĐỐC"], "chuc_vu": "CHÁNH VĂN PHÒNG", "ho_ten": "Lê Văn Dũng"},
    "noi_nhan": ["Như trên", "Phòng Tổ chức, biên chế"],
    "luu": ["VT"],
}

NGUOI: Schema = {
    "type": "object",
    "title": "Người được giới thiệu",
    "additionalProperties": False,
    "required": ["ho_ten", "chuc_vu"],
    "properties": {
        "danh_xung": {
            "type": "string",
            "enum": list(DANH_XUNG),
            "title": "Ông/Bà",
            "description": "Để trống thì in “Ông (bà)” như mẫu.",
        },
        "ho_ten": bat_buoc("Họ và tên", "Ví dụ: Trần Thị Minh Thu."),
        "chuc_vu": bat_buoc(
            "Chức vụ", "Chức vụ và đơn vị công tác, ví dụ: Chuyên viên Phòng Tổ chức, biên chế."
        ),
    },
}


def dong_gioi_thieu(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The centred opening and the labelled lines of Mẫu 1.8; the last ends ./.

    >>> out = dong_gioi_thieu({"co_quan_ban_hanh": "SỞ NỘI VỤ", "nguoi_duoc_gioi_thieu":
    ...     {"danh_xung": "Bà", "ho_ten": "Trần Thị C", "chuc_vu": "Chuyên viên"}, "duoc_cu_den": "Sở Tài chính",
    ...     "ve_viec": "Liên hệ công tác.", "hieu_luc_den": "2026-12-31"}, {})
    >>> out["cau_mo_dau"], [k["text"] for k in out["khoi"]]  # doctest: +NORMALIZE_WHITESPACE
    ('Sở Nội vụ trân trọng giới thiệu:', ['Bà Trần Thị C', 'Chức vụ: Chuyên viên',
     'Được cử đến: Sở Tài chính', 'Về việc: Liên hệ công tác',
     'Đề nghị Quý cơ quan tạo điều kiện để bà có tên ở trên hoàn thành nhiệm vụ.',
     'Giấy này có giá trị đến hết ngày 31 tháng 12 năm 2026./.'])
    >>> dong_gioi_thieu({"nguoi_duoc_gioi_thieu": {"ho_ten": "Lê D"}}, {})["khoi"][0]["text"]
    'Ông (bà) Lê D'
    """
    nguoi = data.get("nguoi_duoc_gioi_thieu") or {}
    xung = nguoi.get("danh_xung")
    lines = [
        f"{xung_ho(xung, dau_cau=True)} {compact(nguoi.get('ho_ten'))}",
        f"Chức vụ: {compact(nguoi.get('chuc_vu')).rstrip(' .;,')}",
        f"Được cử đến: {compact(data.get('duoc_cu_den')).rstrip(' .;,')}",
        f"Về việc: {compact(data.get('ve_viec')).rstrip(' .;,')}",
        f"Đề nghị Quý cơ quan tạo điều kiện để {xung_ho(xung)} có tên ở trên hoàn thành nhiệm vụ.",
        f"Giấy này có giá trị đến hết {ngay_day_du(data.get('hieu_luc_den'))}./.",
    ]
    opening = f"{ten_co_quan(data.get('co_quan_ban_hanh'), data.get('ten_co_quan'))} trân trọng giới thiệu:"
    return {"cau_mo_dau": opening, "khoi": [{"kieu": "doan", "text": t} for t in lines]}


def hieu_luc_sau_ngay_ky(data: Mapping[str, Any]) -> list[FieldError]:
    """The letter cannot expire before it is signed.

    >>> [e.path for e in hieu_luc_sau_ngay_ky({"ngay_ban_hanh": "2026-11-26", "hieu_luc_den": "2026-11-20"})]
    ['/hieu_luc_den']
    >>> hieu_luc_sau_ngay_ky({"ngay_ban_hanh": None, "hieu_luc_den": "2026-11-20"})
    []
    """
    try:
        ky = datetime.date.fromisoformat(data.get("ngay_ban_hanh") or "")
        den = datetime.date.fromisoformat(data.get("hieu_luc_den") or "")
    except (TypeError, ValueError):
        return []
    if den < ky:
        return [FieldError("/hieu_luc_den", "Ngày hết hiệu lực phải từ ngày ban hành trở đi.", "range")]
    return []


ten_tep_nguoi = ten_tep_theo_nguoi("nguoi_duoc_gioi_thieu")


_CHUNG = {k: v for k, v in CHUNG.items() if k != "trich_yeu"}  # Mẫu 1.8 has no trích yếu

KIND = DocumentKind(
    id="giay-gioi-thieu",
    ten="Giấy giới thiệu",
    loai_van_ban="GGT",
    mo_ta="Giấy giới thiệu cán bộ đến liên hệ công tác (Mẫu 1.8), có thời hạn giá trị.",
    ten_loai="GIẤY GIỚI THIỆU",
    schema=kind_schema(
        "Giấy giới thiệu",
        {
            **_CHUNG,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng GGT, ví dụ: GGT-SNV, GGT-UBND.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "ten_co_quan": chuoi(
                "Tên cơ quan trong câu",
                "Để trống để lấy từ Cơ quan ban hành, ví dụ SỞ NỘI VỤ → “Sở Nội vụ trân trọng giới thiệu:”.",
            ),
            "nguoi_duoc_gioi_thieu": NGUOI,
            "duoc_cu_den": bat_buoc("Được cử đến", "Cơ quan, tổ chức được giới thiệu tới làm việc."),
            "ve_viec": bat_buoc("Về việc", "Nội dung công việc.", max_length=MAX_DOAN),
            "hieu_luc_den": {
                "type": "string",
                "format": "date",
                "title": "Có giá trị đến hết ngày",
                "description": "Ví dụ: 2026-12-31.",
            },
        },
        [
            *(f for f in BAT_BUOC_CHUNG if f != "trich_yeu"),
            "nguoi_duoc_gioi_thieu",
            "duoc_cu_den",
            "ve_viec",
            "hieu_luc_den",
        ],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "cau_mo_dau", "body", "signature"),
    context=(dong_gioi_thieu,),
    checks=(kiem_tra_ky_hieu("Giấy giới thiệu"), hieu_luc_sau_ngay_ky),
    file_name=ten_tep_nguoi,
    thu_tu=51,
)
