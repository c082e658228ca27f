"""Kế hoạch (Mẫu 1.4): mục I., II., khoản 1., 2., điểm a), b) in an outline body."""

from __future__ import annotations

from service.domain.kind import DocumentKind
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, NOI_DUNG, kind_schema

VI_DU = {
    "co_quan_chu_quan": "",
    "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
    "dia_danh": "Thái Nguyên",
    "so": 5,
    "ky_hieu": "KH-UBND",
    "ngay_ban_hanh": "2026-02-05",
    "trich_yeu": "Triển khai công tác cải cách hành chính năm 2026",
    "noi_dung": (
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Mục đích\n"
        "a) Nâng cao chất lượng giải quyết thủ tục hành chính cho người dân, doanh nghiệp.\n"
        "b) Đẩy mạnh dịch vụ công trực tuyến toàn trình.\n"
        "2. Yêu cầu\n"
        "Các cơ quan, đơn vị triển khai nghiêm túc, đúng tiến độ.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ\n"
        "- Hướng dẫn, theo dõi, kiểm tra, đôn đốc việc thực hiện Kế hoạch.\n"
        "- Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2026."
    ),
    "nguoi_ky": {
        "quyen_han": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "chuc_vu": "PHÓ CHỦ TỊCH",
        "ho_ten": "Nguyễn Văn A",
    },
    "noi_nhan": ["Bộ Nội vụ", "Thường trực Tỉnh ủy", "Các sở, ban, ngành tỉnh"],
    "luu": ["VT", "NC"],
}

KIND = DocumentKind(
    id="ke-hoach",
    ten="Kế hoạch",
    loai_van_ban="KH",
    mo_ta="Kế hoạch của cơ quan, tổ chức (Mẫu 1.4): mục I., II., khoản 1., 2., điểm a), b).",
    ten_loai="KẾ HOẠCH",
    schema=kind_schema("Kế hoạch", {**CHUNG, "noi_dung": NOI_DUNG}, [*BAT_BUOC_CHUNG, "noi_dung"], defs=True),
    vi_du=VI_DU,
    blocks=("header", "title", "body", "signature"),
    thu_tu=10,
)
