"""Quyết định khen thưởng (Mẫu 1.2): Bằng khen, Giấy khen, with the danh sách of tập thể and
cá nhân attached in a section of its own; a batch may become that list (dau_ra=danh_sach)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.context import can_cu_dieu, dong, mot_dong
from service.domain.do_rong import do_rong_twips
from service.domain.kind import DanhSachSpec, DocumentKind
from service.domain.page import TEXT_W
from service.domain.schemas import (
    BAT_BUOC_CHUNG,
    CHUNG,
    MAX_DANH_SACH,
    MAX_DOAN,
    QUYET_DINH,
    Schema,
    bat_buoc,
    chuoi,
    kind_schema,
)
from service.domain.tham_quyen import ten_tu_tham_quyen
from service.domain.vn_format import ngay_day_du, so_van_ban

DANH_SACH: Schema = {
    "type": "object",
    "title": "Danh sách kèm theo",
    "additionalProperties": False,
    "properties": {
        "tieu_de": chuoi(
            "Tiêu đề danh sách",
            "Ví dụ: Tập thể, cá nhân được tặng Bằng khen …",
            max_length=MAX_DOAN,
        ),
        "cua": chuoi("Của (cơ quan, người ban hành)", "Để trống để lấy từ Thẩm quyền ban hành."),
        "tap_the": {
            "type": "array",
            "title": "Tập thể",
            "maxItems": MAX_DANH_SACH,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["ten"],
                "properties": {
                    "ten": bat_buoc("Tên tập thể"),
                    "ghi_chu": chuoi("Ghi chú"),
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
                    "ho_ten": bat_buoc("Họ và tên"),
                    "chuc_vu_don_vi": chuoi("Chức vụ, đơn vị công tác"),
                    "ghi_chu": chuoi("Ghi chú"),
                },
            },
        },
    },
}


def danh_sach_context(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The attached list: title, `(Kèm theo Quyết định số … ngày … của …)`, numbered rows, and
    the I./II. headings with their counts; None when neither group has an entry."""
    danh_sach = None
    ds = data.get("danh_sach")
    if ds and (ds.get("tap_the") or ds.get("ca_nhan")):
        cua = mot_dong(ds.get("cua")) or ten_tu_tham_quyen(ctx["tham_quyen"])
        so = so_van_ban(data.get("so"))
        ky_hieu = mot_dong(data.get("ky_hieu")).replace(" ", "")
        kem_theo = (
            f"(Kèm theo Quyết định số {so}/{ky_hieu} "
            f"{ngay_day_du(data.get('ngay_ban_hanh'), data.get('nam'), hom_nay=hom_nay)} của {cua})"
        )
        tap_the = [
            {
                "stt": str(i),
                "ten": mot_dong(t.get("ten")),
                "ghi_chu": mot_dong(t.get("ghi_chu")),
            }
            for i, t in enumerate(ds.get("tap_the") or [], start=1)
        ]
        ca_nhan = [
            {
                "stt": str(i),
                "ho_ten": mot_dong(c.get("ho_ten")),
                "chuc_vu_don_vi": mot_dong(c.get("chuc_vu_don_vi")),
                "ghi_chu": mot_dong(c.get("ghi_chu")),
            }
            for i, c in enumerate(ds.get("ca_nhan") or [], start=1)
        ]
        tieu_de = dong(ds.get("tieu_de")) or ["Tập thể, cá nhân được khen thưởng"]
        so_muc = iter(["I", "II"])
        muc_tap_the = f"{next(so_muc)}. TẬP THỂ ({len(tap_the):02d} tập thể)" if tap_the else ""
        muc_ca_nhan = f"{next(so_muc)}. CÁ NHÂN ({len(ca_nhan):02d} cá nhân)" if ca_nhan else ""
        danh_sach = {
            "tieu_de": tieu_de,
            "kem_theo": kem_theo,
            "gach": max(min(do_rong_twips(kem_theo, 14) // 3, TEXT_W // 3), 1134),
            "tap_the": tap_the,
            "ca_nhan": ca_nhan,
            "muc_tap_the": muc_tap_the,
            "muc_ca_nhan": muc_ca_nhan,
        }
    if danh_sach is None:
        return {"danh_sach": None}
    return {"danh_sach": danh_sach, "phan": [*ctx["phan"], {"ngang": False}]}


# Columns of a danh_sach batch row (spreadsheet headers and JSON item keys).
ROW_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        "loai": {"type": "string", "title": "Loại (ca_nhan: cá nhân, tap_the: tập thể)"},
        "ho_ten": {"type": "string", "title": "Họ và tên (cá nhân)"},
        "chuc_vu_don_vi": {"type": "string", "title": "Chức vụ, đơn vị công tác (cá nhân)"},
        "ten": {"type": "string", "title": "Tên tập thể"},
        "ghi_chu": {"type": "string", "title": "Ghi chú"},
    },
}
_CA_NHAN = {"ca_nhan", "cá nhân", "ca nhan", "cánhân"}
_TAP_THE = {"tap_the", "tập thể", "tap the"}


def loai(row: Mapping[str, Any]) -> str | None:
    """The group of a batch row: `loai` as typed, else which of ho_ten / ten is filled.

    >>> loai({"loai": "Cá nhân"}), loai({"ten": "Phòng A"}), loai({"ho_ten": "A", "ten": "B"})
    ('ca_nhan', 'tap_the', None)
    """
    typed = str(row.get("loai") or "").strip().casefold()
    if typed in _CA_NHAN:
        return "ca_nhan"
    if typed in _TAP_THE:
        return "tap_the"
    if typed:
        return None
    has_person, has_group = bool(row.get("ho_ten")), bool(row.get("ten"))
    if has_person != has_group:
        return "ca_nhan" if has_person else "tap_the"
    return None


VI_DU = {
    "co_quan_chu_quan": "",
    "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
    "dia_danh": "Thái Nguyên",
    "so": 9,
    "ky_hieu": "QĐ-UBND",
    "ngay_ban_hanh": "2026-02-05",
    "trich_yeu": "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "can_cu": [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết "
        "một số điều của Luật Thi đua, khen thưởng",
    ],
    "de_nghi": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 20 tháng 01 năm 2026",
    "dieu": [
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể và 02 cá nhân (có danh sách kèm "
        "theo), đã có thành tích xuất sắc trong công tác năm 2025.",
        "Tiền thưởng kèm theo Bằng khen thực hiện theo quy định hiện hành.",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên "
        "quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    ],
    "nguoi_ky": {"quyen_han": ["KT. CHỦ TỊCH"], "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Nguyễn Văn A"},
    "noi_nhan": ["Như Điều 3", "Chủ tịch, các PCT UBND tỉnh"],
    "luu": ["VT", "NC"],
    "danh_sach": {
        "tieu_de": "Tập thể, cá nhân được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "tap_the": [
            {"ten": "Phòng Tổ chức, biên chế, Sở Nội vụ"},
            {"ten": "Văn phòng Ủy ban nhân dân xã Tân Cương"},
        ],
        "ca_nhan": [
            {"ho_ten": "Ông Nguyễn Văn Bình", "chuc_vu_don_vi": "Chuyên viên Phòng Công chức, Sở Nội vụ"},
            {
                "ho_ten": "Bà Trần Thị Cúc",
                "chuc_vu_don_vi": "Công chức Văn phòng, Ủy ban nhân dân xã Tân Cương",
            },
        ],
    },
}

KIND = DocumentKind(
    id="quyet-dinh-khen-thuong",
    ten="Quyết định khen thưởng",
    loai_van_ban="QĐ",
    mo_ta="Quyết định tặng Bằng khen, Giấy khen (Mẫu 1.2) kèm danh sách tập thể, cá nhân.",
    ten_loai="QUYẾT ĐỊNH",
    schema=kind_schema(
        "Quyết định khen thưởng",
        {**CHUNG, **QUYET_DINH, "danh_sach": DANH_SACH},
        [*BAT_BUOC_CHUNG, "tham_quyen", "can_cu", "dieu"],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "quyet_dinh", "signature", "danh_sach"),
    context=(can_cu_dieu, danh_sach_context),
    danh_sach=DanhSachSpec(
        row_schema=ROW_SCHEMA,
        classify=loai,
        groups=("tap_the", "ca_nhan"),
        classify_message=(
            "Không xác định được dòng này là cá nhân hay tập "
            "thể: ghi cột 'loai' là ca_nhan hoặc tap_the, hoặc chỉ điền một trong "
            "hai cột 'ho_ten' (cá nhân), 'ten' (tập thể)."
        ),
    ),
    thu_tu=30,
)
