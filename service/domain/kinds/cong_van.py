"""Công văn (Mẫu 1.5): no type name; the trích yếu after "V/v" under the Số line; Kính gửi;
a symbol without a type part (``UBND-VX``: the issuing body, then the drafting unit)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.domain.context import dong
from service.domain.kind import DocumentKind
from service.domain.schemas import (
    BAT_BUOC_CHUNG,
    CHUNG,
    MAX_DOAN,
    NOI_DUNG,
    bat_buoc,
    danh_sach_chuoi,
    kind_schema,
)

_VV = re.compile(r"^\s*v\s*/\s*v\b[\s.:]*", re.IGNORECASE)

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 1568,
    "ky_hieu": "SNV-TĐKT",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-11-25",
    "trich_yeu": "hướng dẫn xét khen thưởng tổng kết năm 2026",
    "kinh_gui": ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"],
    "noi_dung": (
        "Thực hiện Kế hoạch số 215/KH-UBND ngày 10 tháng 10 năm 2026 của Ủy ban nhân dân tỉnh, "
        "Sở Nội vụ đề nghị các cơ quan, đơn vị gửi hồ sơ đề nghị khen thưởng tổng kết năm 2026 về "
        "Sở Nội vụ trước ngày 15 tháng 01 năm 2027.\n"
        "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ Phòng Thi đua - Khen thưởng, "
        "Sở Nội vụ để được hướng dẫn."
    ),
    "nguoi_ky": {"quyen_han": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Hoàng Thị Thu Hà"},
    "noi_nhan": ["Như trên", "UBND tỉnh (b/c)"],
    "luu": ["VT", "TĐKT"],
}


def dong_vv(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The trích yếu of ô 5b: ``V/v`` before its first line (a typed ``V/v`` kept once).

    >>> dong_vv({"trich_yeu": "hướng dẫn xét khen thưởng\\nnăm 2026"}, {})["dong_vv"]
    ['V/v hướng dẫn xét khen thưởng', 'năm 2026']
    >>> dong_vv({"trich_yeu": "V/v: nâng bậc lương"}, {})["dong_vv"], dong_vv({}, {})["dong_vv"]
    (['V/v nâng bậc lương'], [])
    """
    lines = dong(data.get("trich_yeu"))
    if lines:
        lines[0] = "V/v " + _VV.sub("", lines[0])
    return {"dong_vv": lines}


KIND = DocumentKind(
    id="cong-van",
    ten="Công văn",
    loai_van_ban="",
    mo_ta="Công văn (Mẫu 1.5): trích yếu sau chữ V/v dưới số, ký hiệu, có Kính gửi; không có tên loại.",
    ten_loai=None,
    schema=kind_schema(
        "Công văn",
        {
            **CHUNG,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": (
                    "Công văn không có phần tên loại: chữ viết tắt tên cơ quan ban hành, dấu -, chữ viết "
                    "tắt đơn vị soạn thảo hoặc lĩnh vực, ví dụ: UBND-VX, SNV-TĐKT."
                ),
            },
            "trich_yeu": bat_buoc(
                "Trích yếu (V/v)",
                "Nội dung công văn, in sau chữ V/v dưới số và ký hiệu, ví dụ: nâng bậc lương năm 2026.",
                max_length=MAX_DOAN,
                nhieu_dong=True,
            ),
            "kinh_gui": danh_sach_chuoi(
                "Kính gửi",
                "Cơ quan, tổ chức, cá nhân giải quyết công việc; mỗi dòng một nơi.",
                max_items=30,
                minItems=1,
            ),
            "noi_dung": NOI_DUNG,
        },
        [*BAT_BUOC_CHUNG, "kinh_gui", "noi_dung"],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header_cong_van", "kinh_gui_cong_van", "body", "signature"),
    context=(dong_vv,),
    thu_tu=40,
)
