"""Báo cáo (Mẫu 1.4): to a higher body or internal, with Kính gửi when it is sent upward."""

from __future__ import annotations

from service.domain.kind import DocumentKind
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, NOI_DUNG, danh_sach_chuoi, kind_schema

KINH_GUI = danh_sach_chuoi("Kính gửi", "Chỉ khi gửi cơ quan cấp trên; mỗi dòng một nơi.", max_items=30)

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "dia_danh": "Thái Nguyên",
    "so": 125,
    "ky_hieu": "BC-SNV",
    "ngay_ban_hanh": "2026-11-20",
    "trich_yeu": "Kết quả công tác thi đua, khen thưởng năm 2026",
    "kinh_gui": ["Ủy ban nhân dân tỉnh Thái Nguyên"],
    "noi_dung": (
        "I. KẾT QUẢ THỰC HIỆN\n"
        "1. Công tác tuyên truyền\n"
        "Sở đã tổ chức 12 hội nghị quán triệt Luật Thi đua, khen thưởng.\n"
        "II. TỒN TẠI, HẠN CHẾ\n"
        "Một số đơn vị gửi hồ sơ đề nghị khen thưởng chậm so với quy định.\n"
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027\n"
        "Tiếp tục đổi mới công tác thi đua, khen thưởng theo hướng thiết thực, hiệu quả."
    ),
    "nguoi_ky": {"quyen_han": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Trần Thị B"},
    "noi_nhan": ["Như trên", "Giám đốc Sở"],
    "luu": ["VT", "TĐKT"],
}

KIND = DocumentKind(
    id="bao-cao",
    ten="Báo cáo",
    loai_van_ban="BC",
    mo_ta="Báo cáo gửi cơ quan cấp trên hoặc nội bộ (Mẫu 1.4), có Kính gửi khi cần.",
    ten_loai="BÁO CÁO",
    schema=kind_schema(
        "Báo cáo",
        {**CHUNG, "kinh_gui": KINH_GUI, "noi_dung": NOI_DUNG},
        [*BAT_BUOC_CHUNG, "noi_dung"],
        defs=True,
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "kinh_gui", "body", "signature"),
    thu_tu=20,
)
