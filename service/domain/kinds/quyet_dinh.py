"""Quyết định cá biệt, quy định trực tiếp (Mẫu 1.2): authority, căn cứ, QUYẾT ĐỊNH:, and Điều
that may carry a title, khoản and điểm."""

from __future__ import annotations

from service.domain.context import can_cu_dieu
from service.domain.kind import DocumentKind
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.schemas import (
    BAT_BUOC_CHUNG,
    CHUNG,
    MAX_DOAN,
    NOI_DUNG,
    QUYET_DINH,
    Schema,
    chuoi,
    kind_schema,
)

# An article: a string (its first line follows "Điều n.", further lines are outline text), or
# {"tieu_de"?, "noi_dung"} (a title line in bold, then khoản and điểm numbered within it).
DIEU: Schema = {
    "type": "array",
    "title": "Các điều",
    "description": (
        "Mỗi mục một điều; Điều 1., Điều 2. được đánh tự động. Xuống dòng trong một điều để viết "
        "các khoản 1., 2. và điểm a), b)."
    ),
    "minItems": 1,
    "maxItems": 200,
    "contains": {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "object"}]},
    "items": {
        "x-nhieu-dong": True,
        "anyOf": [
            {"type": "string", "maxLength": MAX_DOAN * 5},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["noi_dung"],
                "properties": {
                    "tieu_de": chuoi("Tiêu đề điều", "Ví dụ: Phạm vi điều chỉnh."),
                    "noi_dung": NOI_DUNG,
                },
            },
        ],
    },
}

QUYET_DINH_TRUC_TIEP: dict[str, Schema] = {
    **QUYET_DINH,
    "dieu": DIEU,
}

KY_HIEU: Schema = {
    **CHUNG["ky_hieu"],
    "description": "Bắt đầu bằng QĐ, ví dụ: QĐ-UBND, QĐ-SNV.",
    "x-kiem-tra": KY_HIEU_KIEM_TRA,
}

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 215,
    "ky_hieu": "QĐ-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-03-02",
    "trich_yeu": "Về việc thành lập Tổ công tác rà soát thủ tục hành chính năm 2026",
    "tham_quyen": "GIÁM ĐỐC SỞ NỘI VỤ",
    "can_cu": [
        "Căn cứ Quyết định số 12/2025/QĐ-UBND ngày 30 tháng 6 năm 2025 của Ủy ban nhân dân tỉnh quy định "
        "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ",
        "Căn cứ Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh về cải cách "
        "hành chính năm 2026",
    ],
    "de_nghi": "Theo đề nghị của Chánh Văn phòng Sở",
    "dieu": [
        {
            "tieu_de": "Thành lập Tổ công tác",
            "noi_dung": (
                "Thành lập Tổ công tác rà soát thủ tục hành chính năm 2026 của Sở Nội vụ, gồm các ông, bà:\n"
                "1. Ông Nguyễn Văn Bình, Phó Giám đốc Sở, Tổ trưởng.\n"
                "2. Bà Trần Thị Cúc, Chánh Văn phòng Sở, Tổ phó.\n"
                "3. Ông Lê Đức Dũng, Chuyên viên Văn phòng Sở, thành viên."
            ),
        },
        {
            "tieu_de": "Nhiệm vụ của Tổ công tác",
            "noi_dung": [
                {
                    "khoan": "Rà soát các thủ tục hành chính thuộc thẩm quyền giải quyết của Sở",
                    "noi_dung": [
                        {"diem": "Đánh giá sự cần thiết, tính hợp lý của từng thủ tục;"},
                        {"diem": "Đề xuất phương án đơn giản hóa."},
                    ],
                },
                {"khoan": "Báo cáo kết quả rà soát trước ngày 30 tháng 9 năm 2026."},
            ],
        },
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các ông, bà có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này.",
    ],
    "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Mạnh Cường"},
    "noi_nhan": ["Như Điều 4", "UBND tỉnh (b/c)"],
    "luu": ["VT", "VP"],
}

KIND = DocumentKind(
    id="quyet-dinh",
    ten="Quyết định",
    loai_van_ban="QĐ",
    mo_ta="Quyết định cá biệt quy định trực tiếp (Mẫu 1.2): căn cứ, các điều có khoản, điểm.",
    ten_loai="QUYẾT ĐỊNH",
    schema=kind_schema(
        "Quyết định",
        {**CHUNG, "ky_hieu": KY_HIEU, **QUYET_DINH_TRUC_TIEP},
        [*BAT_BUOC_CHUNG, "tham_quyen", "can_cu", "dieu"],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "quyet_dinh", "signature"),
    context=(can_cu_dieu,),
    checks=(kiem_tra_ky_hieu("Quyết định"),),
    thu_tu=31,
)
