"""Biên bản (Mẫu 1.9): the minutes of a meeting — start, place, who attended, chair, secretary,
what was said, end — signed by the secretary (left) and the chair (right); no date line in the
header (the start and end times carry the date); symbol BB."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.kind import DocumentKind
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.ngay_gio import doc_ngay_gio, thoi_diem
from service.domain.outline import from_structure, from_text
from service.domain.schemas import (
    CHUNG,
    MAX_DOAN,
    NOI_DUNG,
    Schema,
    bat_buoc,
    chuoi,
    danh_sach_chuoi,
    kind_schema,
)
from service.domain.text import compact
from service.domain.validation import FieldError
from service.domain.van_mau import liet_ke
from service.domain.vn_format import viet_hoa

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 12,
    "ky_hieu": "BB-SNV",
    "trich_yeu": "Họp Hội đồng Thi đua - Khen thưởng Sở Nội vụ năm 2026",
    "bat_dau": "2026-12-07T08:00",
    "dia_diem": "Phòng họp tầng 2, Sở Nội vụ",
    "thanh_phan": [
        "Ông Nguyễn Mạnh Cường, Giám đốc Sở, Chủ tịch Hội đồng",
        "Bà Phạm Thị Lan, Trưởng phòng Thi đua - Khen thưởng, Ủy viên thường trực",
    ],
    "chu_tri": "Ông Nguyễn Mạnh Cường, Giám đốc Sở, Chủ tịch Hội đồng",
    "thu_ky": "Bà Vũ Thị Hồng Nhung, Chuyên viên Phòng Thi đua - Khen thưởng",
    "noi_dung": "1. Hội đồng nghe báo cáo kết quả bình xét thi đua năm 2026.\n2. Hội đồng thống nhất đề nghị khen thưởng.",
    "ket_thuc": "2026-12-07T10:30",
    "nguoi_ky_thu_ky": {"ho_ten": "Vũ Thị Hồng Nhung"},
    "nguoi_ky": {"ho_ten": "Nguyễn Mạnh Cường"},
    "noi_nhan": ["Các thành viên Hội đồng"],
    "luu": ["VT", "Hồ sơ"],
}

NGAY_GIO = {"type": "string", "format": "local-date-time"}


def _nguoi_ky(title: str, example: str) -> Schema:
    return {
        "type": "object",
        "title": title,
        "additionalProperties": False,
        "required": ["ho_ten"],
        "properties": {
            "chuc_vu": chuoi("Chức vụ chính quyền", "Nếu cần, ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ."),
            "ho_ten": bat_buoc("Họ và tên", f"Ví dụ: {example}."),
        },
    }


def _one(text: Any) -> str:
    return compact(text).rstrip(" .;,")


def dong_bien_ban(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The minutes' lines and the meeting's own body as paragraphs, in Mẫu 1.9's order; the
    closing line ends ./.; the two signatures.

    >>> out = dong_bien_ban({"bat_dau": "2026-12-07T08:00", "dia_diem": "Phòng họp", "chu_tri": "Ông A",
    ...     "thanh_phan": ["Ông A", "Bà B"], "thu_ky": "Bà B", "noi_dung": "1. Việc một.",
    ...     "ket_thuc": "2026-12-07T11:00", "nguoi_ky": {"ho_ten": "A"}, "nguoi_ky_thu_ky": {"ho_ten": "B"}}, {})
    >>> [k["text"] for k in out["khoi"]]  # doctest: +NORMALIZE_WHITESPACE
    ['Thời gian bắt đầu: 08 giờ 00, ngày 07 tháng 12 năm 2026', 'Địa điểm: Phòng họp',
     'Thành phần tham dự:', '- Ông A;', '- Bà B.', 'Chủ trì (chủ tọa): Ông A',
     'Thư ký (người ghi biên bản): Bà B', 'Nội dung (theo diễn biến cuộc họp):', '1. Việc một.',
     'Cuộc họp kết thúc vào 11 giờ 00, ngày 07 tháng 12 năm 2026./.']
    >>> out["ky_trai"], out["ky_phai"]["vai_tro"]
    ({'vai_tro': 'THƯ KÝ', 'chuc_vu': [], 'ho_ten': 'B'}, 'CHỦ TỌA')
    >>> [k["text"] for k in dong_bien_ban({"thanh_phan": ["Ông A"], "hinh_thuc": "Hội nghị"}, {})["khoi"]][2:3]
    ['Thành phần tham dự: Ông A']
    """
    hinh_thuc = compact(data.get("hinh_thuc")).lower() or "cuộc họp"
    thanh_phan = liet_ke(data.get("thanh_phan"))
    if len(thanh_phan) == 1:
        attended = [{"kieu": "doan", "text": f"Thành phần tham dự: {thanh_phan[0][2:-1]}"}]
    else:
        attended = [{"kieu": "doan", "text": "Thành phần tham dự:"}]
        attended += [{"kieu": "gach", "text": t} for t in thanh_phan]
    noi_dung = data.get("noi_dung")
    # the meeting's own body, without an end mark: the closing line carries it
    body = from_text(noi_dung) if isinstance(noi_dung, str) else from_structure(noi_dung or [])

    def doan(text: str) -> dict[str, str]:
        return {"kieu": "doan", "text": text}

    khoi = [
        doan(f"Thời gian bắt đầu: {thoi_diem(data.get('bat_dau'))}"),
        doan(f"Địa điểm: {_one(data.get('dia_diem'))}"),
        *attended,
        doan(f"Chủ trì (chủ tọa): {_one(data.get('chu_tri'))}"),
        doan(f"Thư ký (người ghi biên bản): {_one(data.get('thu_ky'))}"),
        doan(f"Nội dung (theo diễn biến {hinh_thuc}):"),
        *body,
        doan(f"{hinh_thuc[:1].upper()}{hinh_thuc[1:]} kết thúc vào {thoi_diem(data.get('ket_thuc'))}./."),
    ]

    def ben(role: str, person: Any) -> dict[str, Any]:
        person = person if isinstance(person, dict) else {}
        chuc_vu = viet_hoa(compact(person.get("chuc_vu")))
        return {
            "vai_tro": role,
            "chuc_vu": [chuc_vu] if chuc_vu else [],
            "ho_ten": compact(person.get("ho_ten")),
        }

    return {
        "khoi": khoi,
        "ky_trai": ben("THƯ KÝ", data.get("nguoi_ky_thu_ky")),
        "ky_phai": ben("CHỦ TỌA", data.get("nguoi_ky")),
    }


def ket_thuc_sau_bat_dau(data: Mapping[str, Any]) -> list[FieldError]:
    """A meeting ends after it starts.

    >>> [e.path for e in ket_thuc_sau_bat_dau({"bat_dau": "2026-12-07T08:00", "ket_thuc": "2026-12-07T07:30"})]
    ['/ket_thuc']
    >>> ket_thuc_sau_bat_dau({"bat_dau": "2026-12-07T08:00", "ket_thuc": "sai"})
    []
    """
    try:
        start, end = doc_ngay_gio(data.get("bat_dau")), doc_ngay_gio(data.get("ket_thuc"))
    except (TypeError, ValueError):
        return []
    if start and end and end <= start:
        return [FieldError("/ket_thuc", "Thời gian kết thúc phải sau thời gian bắt đầu.", "range")]
    return []


KIND = DocumentKind(
    id="bien-ban",
    ten="Biên bản",
    loai_van_ban="BB",
    mo_ta="Biên bản cuộc họp, hội nghị, hội thảo (Mẫu 1.9): thư ký và chủ tọa cùng ký.",
    ten_loai="BIÊN BẢN",
    schema=kind_schema(
        "Biên bản",
        {
            **{k: v for k, v in CHUNG.items() if k not in ("dia_danh", "nam", "nguoi_ky")},
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng BB, ví dụ: BB-SNV, BB-HĐTĐKT.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "ngay_ban_hanh": {
                **CHUNG["ngay_ban_hanh"],
                "description": "Không in (Mẫu 1.9 không có dòng ngày tháng); dùng cho sổ đăng ký văn bản.",
            },
            "trich_yeu": bat_buoc(
                "Tên cuộc họp",
                "In dưới chữ BIÊN BẢN, ví dụ: Họp Hội đồng Thi đua - Khen thưởng năm 2026.",
                max_length=MAX_DOAN,
                nhieu_dong=True,
            ),
            "hinh_thuc": {
                "type": "string",
                "enum": ["Cuộc họp", "Hội nghị", "Hội thảo"],
                "title": "Hình thức",
                "description": "Để trống là “Cuộc họp”.",
            },
            "bat_dau": {**NGAY_GIO, "title": "Thời gian bắt đầu", "description": "Ví dụ: 2026-12-07T08:00."},
            "dia_diem": bat_buoc("Địa điểm", "Ví dụ: Phòng họp tầng 2, Sở Nội vụ.", max_length=MAX_DOAN),
            "thanh_phan": danh_sach_chuoi(
                "Thành phần tham dự", "Mỗi dòng một người hoặc một nhóm.", max_length=MAX_DOAN, minItems=1
            ),
            "chu_tri": bat_buoc("Chủ trì (chủ tọa)", "Họ tên, chức vụ."),
            "thu_ky": bat_buoc("Thư ký (người ghi biên bản)", "Họ tên, chức vụ."),
            "noi_dung": {**NOI_DUNG, "title": "Nội dung (theo diễn biến cuộc họp)"},
            "ket_thuc": {
                **NGAY_GIO,
                "title": "Thời gian kết thúc",
                "description": "Ví dụ: 2026-12-07T11:00.",
            },
            "nguoi_ky_thu_ky": _nguoi_ky("Thư ký ký", "Vũ Thị Hồng Nhung"),
            "nguoi_ky": _nguoi_ky("Chủ tọa ký", "Nguyễn Mạnh Cường"),
            "noi_nhan": danh_sach_chuoi("Nơi nhận", "Nếu có; dòng Lưu luôn được in (ví dụ Lưu: VT, Hồ sơ)."),
        },
        [
            "co_quan_ban_hanh",
            "ky_hieu",
            "trich_yeu",
            "bat_dau",
            "dia_diem",
            "thanh_phan",
            "chu_tri",
            "thu_ky",
            "noi_dung",
            "ket_thuc",
            "nguoi_ky_thu_ky",
            "nguoi_ky",
        ],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header_khong_ngay", "title", "body", "hai_chu_ky"),
    context=(dong_bien_ban,),
    checks=(kiem_tra_ky_hieu("Biên bản"), ket_thuc_sau_bat_dau),
    thu_tu=52,
)
