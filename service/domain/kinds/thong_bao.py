"""Thông báo (Mẫu 1.4): a conclusion, a decision made known, a schedule …; symbol TB."""

from __future__ import annotations

from service.domain.kind import DocumentKind
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, NOI_DUNG, kind_schema

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 42,
    "ky_hieu": "TB-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-12-02",
    "trich_yeu": "Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng 11 năm 2026",
    "noi_dung": (
        "Ngày 30 tháng 11 năm 2026, Giám đốc Sở Nội vụ chủ trì cuộc họp giao ban; Giám đốc Sở kết luận "
        "như sau:\n"
        "1. Phòng Tổ chức, biên chế hoàn thiện hồ sơ vị trí việc làm trước ngày 20 tháng 12 năm 2026.\n"
        "2. Phòng Thi đua - Khen thưởng tổng hợp hồ sơ khen thưởng tổng kết năm.\n"
        "Sở Nội vụ thông báo để các phòng, đơn vị biết, thực hiện."
    ),
    "nguoi_ky": {"quyen_han": ["TL. GIÁM ĐỐC"], "chuc_vu": "CHÁNH VĂN PHÒNG", "ho_ten": "Lê Văn Dũng"},
    "noi_nhan": ["Giám đốc, các Phó Giám đốc Sở", "Các phòng, đơn vị thuộc Sở"],
    "luu": ["VT", "VP"],
}

KIND = DocumentKind(
    id="thong-bao",
    ten="Thông báo",
    loai_van_ban="TB",
    mo_ta="Thông báo của cơ quan, tổ chức (Mẫu 1.4): kết luận cuộc họp, thông báo một việc.",
    ten_loai="THÔNG BÁO",
    schema=kind_schema(
        "Thông báo",
        {
            **CHUNG,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng TB, ví dụ: TB-UBND, TB-SNV.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "noi_dung": NOI_DUNG,
        },
        [*BAT_BUOC_CHUNG, "noi_dung"],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "body", "signature"),
    checks=(kiem_tra_ky_hieu("Thông báo"),),
    thu_tu=42,
)
