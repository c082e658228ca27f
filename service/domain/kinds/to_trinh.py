"""Tờ trình (Mẫu 1.4): to a higher body, with Kính gửi (ô 9a); symbol TTr."""

from __future__ import annotations

from service.domain.kind import DocumentKind
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, NOI_DUNG, danh_sach_chuoi, kind_schema

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 125,
    "ky_hieu": "TTr-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-01-20",
    "trich_yeu": "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2025",
    "kinh_gui": ["Ủy ban nhân dân tỉnh Thái Nguyên", "Hội đồng Thi đua - Khen thưởng tỉnh"],
    "noi_dung": (
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;\n"
        "Xét đề nghị của Giám đốc Sở Giáo dục và Đào tạo, Sở Nội vụ kính trình Ủy ban nhân dân tỉnh:\n"
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể và 03 cá nhân (có danh sách "
        "kèm theo).\n"
        "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định."
    ),
    "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Mạnh Cường"},
    "noi_nhan": ["Như trên", "Sở Giáo dục và Đào tạo"],
    "luu": ["VT", "TĐKT"],
}

KIND = DocumentKind(
    id="to-trinh",
    ten="Tờ trình",
    loai_van_ban="TTr",
    mo_ta="Tờ trình gửi cơ quan cấp trên (Mẫu 1.4), có Kính gửi.",
    ten_loai="TỜ TRÌNH",
    schema=kind_schema(
        "Tờ trình",
        {
            **CHUNG,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng TTr, ví dụ: TTr-SNV, TTr-UBND.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "kinh_gui": danh_sach_chuoi(
                "Kính gửi", "Cơ quan cấp trên nhận tờ trình; mỗi dòng một nơi.", max_items=30, minItems=1
            ),
            "noi_dung": NOI_DUNG,
        },
        [*BAT_BUOC_CHUNG, "kinh_gui", "noi_dung"],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "kinh_gui", "body", "signature"),
    checks=(kiem_tra_ky_hieu("Tờ trình"),),
    thu_tu=41,
)
