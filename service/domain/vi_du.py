"""A valid example input of each document kind (published as `vi_du`, used in the web form)."""

from __future__ import annotations

from typing import Any

KY_CHUNG: dict[str, Any] = {
    "co_quan_chu_quan": "",
    "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
    "dia_danh": "Thái Nguyên",
}

KE_HOACH: dict[str, Any] = {
    **KY_CHUNG,
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

BAO_CAO: dict[str, Any] = {
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

QUYET_DINH_KHEN_THUONG: dict[str, Any] = {
    **KY_CHUNG,
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
