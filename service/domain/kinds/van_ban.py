"""Văn bản có tên loại (Mẫu 1.4): any type of Điều 7 that the sample lays out (chỉ thị, quy chế,
quy định, thông cáo, thông báo, hướng dẫn, chương trình, kế hoạch, phương án, đề án, dự án, báo
cáo, tờ trình, giấy ủy quyền, phiếu gửi, phiếu chuyển, phiếu báo). The data names the type
(`loai`, as clerks type it); the title is its capitals and `ky_hieu` must start with its
abbreviation of Phụ lục III Mục I — otherwise 422 naming the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from service.domain.kind import DocumentKind, default_ten_tep
from service.domain.loai_van_ban import (
    KY_HIEU_KIEM_TRA,
    LOAI_KIEM_TRA,
    THEO_MAU_1_4,
    kiem_tra_loai,
    tim_loai,
)
from service.domain.schemas import (
    BAT_BUOC_CHUNG,
    CHUNG,
    NOI_DUNG,
    bat_buoc,
    danh_sach_chuoi,
    kind_schema,
)
from service.domain.text import compact

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "loai": "Hướng dẫn",
    "so": 7,
    "ky_hieu": "HD-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-03-16",
    "trich_yeu": "Thực hiện chế độ báo cáo thống kê ngành Nội vụ năm 2026",
    "noi_dung": (
        "I. PHẠM VI ÁP DỤNG\n"
        "Các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường.\n"
        "II. THỜI HẠN GỬI BÁO CÁO\n"
        "a) Báo cáo 6 tháng: trước ngày 20 tháng 6;\n"
        "b) Báo cáo năm: trước ngày 15 tháng 12."
    ),
    "nguoi_ky": {"quyen_han": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Hoàng Thị Thu Hà"},
    "noi_nhan": ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"],
    "luu": ["VT", "TCBC"],
}

LOAI = bat_buoc(
    "Tên loại văn bản",
    "Như Điều 7 Nghị định 30/2020/NĐ-CP, ví dụ: Hướng dẫn, Quy chế, Chương trình, Phương án. "
    "Ký hiệu phải bắt đầu bằng chữ viết tắt của loại (Phụ lục III): HD, QC, CTr, PA …",
    max_length=100,
    examples=[t.ten for t in THEO_MAU_1_4],
    **{"x-kiem-tra": LOAI_KIEM_TRA},
)


def ten_loai(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The type name printed on the page: the capitals of the type `loai` names.

    >>> ten_loai({"loai": "giấy uỷ quyền"}, {})
    {'ten_loai': 'GIẤY ỦY QUYỀN'}
    """
    loai = tim_loai(data.get("loai"))
    return {"ten_loai": loai.ten_in_hoa if loai else compact(data.get("loai")).upper()}


def ten_tep_theo_loai(kind: DocumentKind, data: Mapping[str, Any]) -> str:
    """Download name: the type's name, the number (or "Dự thảo"), the trích yếu's first line.

    >>> ten_tep_theo_loai(KIND, {"loai": "quy chế", "so": 3, "ky_hieu": "QC-UBND", "trich_yeu": "Làm việc"})
    'Quy chế - 03-QC-UBND - Làm việc'
    """
    loai = tim_loai(data.get("loai"))
    return default_ten_tep(dataclasses.replace(kind, ten=loai.ten) if loai else kind, data)


KIND = DocumentKind(
    id="van-ban",
    any_type=True,
    ten="Văn bản có tên loại",
    loai_van_ban="",
    mo_ta=(
        "Văn bản có tên loại theo Mẫu 1.4: chỉ thị, quy chế, quy định, hướng dẫn, chương trình, "
        "phương án, đề án, giấy ủy quyền, phiếu gửi … (tên loại và ký hiệu theo Phụ lục III)."
    ),
    ten_loai=None,
    schema=kind_schema(
        "Văn bản có tên loại",
        {
            **CHUNG,
            "loai": LOAI,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng chữ viết tắt tên loại, ví dụ: HD-SNV, QC-UBND, CTr-UBND.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "kinh_gui": danh_sach_chuoi(
                "Kính gửi", "Chỉ khi gửi cơ quan cấp trên; mỗi dòng một nơi.", max_items=30
            ),
            "noi_dung": NOI_DUNG,
        },
        [*BAT_BUOC_CHUNG, "loai", "noi_dung"],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header", "title_theo_loai", "kinh_gui", "body", "signature"),
    context=(ten_loai,),
    checks=(kiem_tra_loai,),
    file_name=ten_tep_theo_loai,
    thu_tu=43,
)
