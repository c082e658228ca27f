"""Giấy nghỉ phép (Mẫu 1.10): leave granted on a request, from one day to another, where it is
spent and what it counts against; the box for the local authority's confirmation under the
signatures; symbol GNP. No trích yếu: the rule sits under the type name; the download name carries the person's name.

>>> KIND.ten_tep(VI_DU)
'Giấy nghỉ phép - 31-GNP-SNV - Đỗ Văn Hùng'
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from service.domain.kind import DocumentKind, ten_tep_theo_nguoi
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, Schema, bat_buoc, chuoi, kind_schema
from service.domain.text import compact
from service.domain.validation import FieldError
from service.domain.van_mau import DANH_XUNG, ten_co_quan, xung_ho
from service.domain.vn_format import ngay_day_du

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 31,
    "ky_hieu": "GNP-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-12-03",
    "nguoi_nghi": {
        "danh_xung": "Ông",
        "ho_ten": "Đỗ Văn Hùng",
        "chuc_vu": "Chuyên viên Phòng Công chức, viên chức",
    },
    "ngay_don": "2026-12-01",
    "so_ngay": 5,
    "tu_ngay": "2026-12-14",
    "den_ngay": "2026-12-18",
    "noi_nghi": "xã Phú Đình, tỉnh Thái Nguyên",
    "nguoi_ky": {"quyen_han": ["TL. GIÁM ĐỐC"], "chuc_vu": "CHÁNH VĂN PHÒNG", "ho_ten": "Lê Văn Dũng"},
    "noi_nhan": ["Ông Đỗ Văn Hùng", "Phòng Công chức, viên chức"],
    "luu": ["VT", "VP"],
}

NGUOI: Schema = {
    "type": "object",
    "title": "Người được nghỉ phép",
    "additionalProperties": False,
    "required": ["ho_ten", "chuc_vu"],
    "properties": {
        "danh_xung": {
            "type": "string",
            "enum": list(DANH_XUNG),
            "title": "Ông/Bà",
            "description": "Để trống thì in “Ông (bà)” như mẫu.",
        },
        "ho_ten": bat_buoc("Họ và tên", "Ví dụ: Đỗ Văn Hùng."),
        "chuc_vu": bat_buoc("Chức vụ", "Chức vụ và đơn vị công tác."),
    },
}


def _ngay(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def dong_nghi_phep(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The permit's sentences of Mẫu 1.10; the last ends ./.

    >>> out = dong_nghi_phep({"co_quan_ban_hanh": "SỞ NỘI VỤ", "nguoi_nghi": {"danh_xung": "Ông",
    ...     "ho_ten": "Đỗ Văn H", "chuc_vu": "Chuyên viên"}, "ngay_don": "2026-12-01", "so_ngay": 5,
    ...     "tu_ngay": "2026-12-14", "den_ngay": "2026-12-18", "noi_nghi": "xã Phú Đình, tỉnh Thái Nguyên"}, {})
    >>> for k in out["khoi"]: print(k["text"])
    Xét Đơn đề nghị nghỉ phép ngày 01 tháng 12 năm 2026 của ông Đỗ Văn H, Sở Nội vụ cấp cho:
    Ông: Đỗ Văn H
    Chức vụ: Chuyên viên
    Được nghỉ phép trong thời gian 05 ngày kể từ ngày 14 tháng 12 năm 2026 đến hết ngày 18 tháng 12 năm 2026 tại xã Phú Đình, tỉnh Thái Nguyên.
    Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2026./.
    >>> dong_nghi_phep({"nguoi_nghi": {"ho_ten": "A"}, "tu_ngay": "2027-01-04",
    ...                 "tinh_vao": "nghỉ việc riêng không hưởng lương."}, {})["khoi"][-1]["text"]
    'Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ việc riêng không hưởng lương./.'
    """
    nguoi = data.get("nguoi_nghi") or {}
    xung = nguoi.get("danh_xung")
    ho_ten = compact(nguoi.get("ho_ten"))
    co_quan = ten_co_quan(data.get("co_quan_ban_hanh"), data.get("ten_co_quan"))
    so_ngay = data.get("so_ngay")
    thoi_gian = f" trong thời gian {so_ngay:02d} ngày" if isinstance(so_ngay, int) and so_ngay > 0 else ""
    tu, den = data.get("tu_ngay"), data.get("den_ngay")
    start = _ngay(tu)
    tinh_vao = compact(data.get("tinh_vao")).rstrip(" .;,") or (
        f"nghỉ phép năm {start.year}" if start else "nghỉ phép năm"
    )
    lines = [
        f"Xét Đơn đề nghị nghỉ phép {ngay_day_du(data.get('ngay_don'))} của {xung_ho(xung)} {ho_ten}, "
        f"{co_quan} cấp cho:",
        f"{xung_ho(xung, dau_cau=True)}: {ho_ten}",
        f"Chức vụ: {compact(nguoi.get('chuc_vu')).rstrip(' .;,')}",
        f"Được nghỉ phép{thoi_gian} kể từ {ngay_day_du(tu)} đến hết {ngay_day_du(den)} "
        f"tại {compact(data.get('noi_nghi')).rstrip(' .;,')}.",
        f"Số ngày nghỉ phép nêu trên được tính vào thời gian {tinh_vao}./.",
    ]
    return {"khoi": [{"kieu": "doan", "text": t} for t in lines]}


def ngay_hop_le(data: Mapping[str, Any]) -> list[FieldError]:
    """The leave ends on or after its first day; the days granted fit between them.

    >>> [e.path for e in ngay_hop_le({"tu_ngay": "2026-12-14", "den_ngay": "2026-12-11"})]
    ['/den_ngay']
    >>> [e.path for e in ngay_hop_le({"tu_ngay": "2026-12-14", "den_ngay": "2026-12-18", "so_ngay": 6})]
    ['/so_ngay']
    >>> ngay_hop_le({"tu_ngay": "2026-12-14", "den_ngay": "2026-12-18", "so_ngay": 5})
    []
    """
    tu, den = _ngay(data.get("tu_ngay")), _ngay(data.get("den_ngay"))
    if tu is None or den is None:
        return []
    if den < tu:
        return [FieldError("/den_ngay", "Ngày cuối phải từ ngày bắt đầu nghỉ trở đi.", "range")]
    so_ngay, span = data.get("so_ngay"), (den - tu).days + 1
    if isinstance(so_ngay, int) and so_ngay > span:
        return [FieldError("/so_ngay", f"Từ ngày đến hết ngày chỉ có {span} ngày.", "range")]
    return []


ten_tep_nguoi = ten_tep_theo_nguoi("nguoi_nghi")


def _ngay_schema(title: str, description: str) -> Schema:
    return {"type": "string", "format": "date", "title": title, "description": description}


KIND = DocumentKind(
    id="giay-nghi-phep",
    ten="Giấy nghỉ phép",
    loai_van_ban="GNP",
    mo_ta="Giấy nghỉ phép cấp theo đơn của cán bộ, công chức, viên chức (Mẫu 1.10).",
    ten_loai="GIẤY NGHỈ PHÉP",
    schema=kind_schema(
        "Giấy nghỉ phép",
        {
            **{k: v for k, v in CHUNG.items() if k != "trich_yeu"},
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng GNP, ví dụ: GNP-SNV, GNP-UBND.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "ten_co_quan": chuoi(
                "Tên cơ quan trong câu",
                "Để trống để lấy từ Cơ quan ban hành, ví dụ SỞ NỘI VỤ → “…, Sở Nội vụ cấp cho:”.",
            ),
            "nguoi_nghi": NGUOI,
            "ngay_don": _ngay_schema("Ngày của đơn đề nghị", "Ví dụ: 2026-12-01."),
            "so_ngay": {
                "type": ["integer", "null"],
                "title": "Số ngày nghỉ",
                "description": "Số ngày được nghỉ (in “trong thời gian 05 ngày”); để trống thì không ghi.",
                "minimum": 1,
                "maximum": 366,
            },
            "tu_ngay": _ngay_schema("Nghỉ từ ngày", "Ví dụ: 2026-12-14."),
            "den_ngay": _ngay_schema("Đến hết ngày", "Ví dụ: 2026-12-18."),
            "noi_nghi": bat_buoc("Nơi nghỉ phép", "Ví dụ: xã Phú Đình, tỉnh Thái Nguyên."),
            "tinh_vao": chuoi(
                "Tính vào thời gian",
                "Ví dụ: nghỉ phép năm 2026; nghỉ việc riêng không hưởng lương. Để trống: nghỉ phép năm "
                "của ngày bắt đầu nghỉ.",
            ),
        },
        [
            *(f for f in BAT_BUOC_CHUNG if f != "trich_yeu"),
            "nguoi_nghi",
            "ngay_don",
            "tu_ngay",
            "den_ngay",
            "noi_nghi",
        ],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "body", "signature", "xac_nhan_noi_nghi"),
    context=(dong_nghi_phep,),
    checks=(kiem_tra_ky_hieu("Giấy nghỉ phép"), ngay_hop_le),
    file_name=ten_tep_nguoi,
    thu_tu=53,
)
