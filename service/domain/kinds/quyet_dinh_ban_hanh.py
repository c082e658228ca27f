"""Quyết định quy định gián tiếp (Mẫu 1.3): the decision that issues (or approves) another
document, followed by that document in a section of its own — its header without Số and date,
its type name and trích yếu, `(Ban hành kèm theo Quyết định số … ngày … của …)`, and its
Chương / Mục / Điều body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.context import can_cu_dieu, dong, mot_dong
from service.domain.dieu import khoi_van_ban
from service.domain.kind import DocumentKind
from service.domain.kinds.quyet_dinh import KY_HIEU, QUYET_DINH_TRUC_TIEP
from service.domain.loai_van_ban import kiem_tra_ky_hieu, tim_loai
from service.domain.optional_parts import gach_kem_theo, kem_theo, ten_co_quan
from service.domain.schemas import (
    BAT_BUOC_CHUNG,
    CHUNG,
    MAX_DOAN,
    MAX_NOI_DUNG,
    Schema,
    bat_buoc,
    chuoi,
    kind_schema,
)
from service.domain.vn_format import viet_hoa

_TEXT = {"type": "string", "maxLength": MAX_DOAN}
_NUT = {"$ref": "#/$defs/nut"}
DIEU_NODE: Schema = {
    "type": "object",
    "additionalProperties": False,
    "required": ["dieu"],
    "properties": {"dieu": _TEXT, "noi_dung": {"type": "array", "maxItems": 5_000, "items": _NUT}},
}
MUC_NODE: Schema = {
    "type": "object",
    "additionalProperties": False,
    "required": ["muc"],
    "properties": {"muc": _TEXT, "noi_dung": {"type": "array", "maxItems": 1_000, "items": DIEU_NODE}},
}
CHUONG_NODE: Schema = {
    "type": "object",
    "additionalProperties": False,
    "required": ["chuong"],
    "properties": {
        "chuong": _TEXT,
        "noi_dung": {"type": "array", "maxItems": 1_000, "items": {"anyOf": [DIEU_NODE, MUC_NODE]}},
    },
}
NOI_DUNG_VAN_BAN: Schema = {
    "title": "Nội dung văn bản",
    "description": (
        "Mỗi dòng một đoạn: “Chương I” (tên chương ở dòng sau, chữ in hoa), “Mục 1”, "
        "“Điều 1. Tên điều”, rồi các khoản 1., 2. và điểm a), b)."
    ),
    "x-nhieu-dong": True,
    "anyOf": [
        {"type": "string", "maxLength": MAX_NOI_DUNG, "pattern": r"\S"},
        {
            "type": "array",
            "minItems": 1,
            "maxItems": 5_000,
            "items": {"anyOf": [CHUONG_NODE, DIEU_NODE, _NUT]},
        },
    ],
}
VAN_BAN_KEM_THEO: Schema = {
    "type": "object",
    "title": "Văn bản ban hành kèm theo",
    "additionalProperties": False,
    "required": ["loai", "trich_yeu", "noi_dung"],
    "properties": {
        "loai": bat_buoc("Tên loại văn bản", "Ví dụ: Quy chế, Quy định, Kế hoạch.", max_length=100),
        "trich_yeu": bat_buoc(
            "Trích yếu văn bản", "Ví dụ: Làm việc của Sở Nội vụ.", max_length=MAX_DOAN, nhieu_dong=True
        ),
        "noi_dung": NOI_DUNG_VAN_BAN,
        "cua": chuoi("Của (cơ quan, người ban hành)", "Để trống để lấy từ Thẩm quyền ban hành."),
    },
}


def van_ban_kem_theo(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The issued document: type name in CAPS, trích yếu lines, the reference line, its body.

    >>> out = van_ban_kem_theo({"so": 15, "ky_hieu": "QĐ-UBND", "ngay_ban_hanh": "2026-02-05",
    ...     "trich_yeu": "Ban hành Quy chế", "van_ban_kem_theo": {"loai": "quy chế", "trich_yeu": "Làm việc",
    ...     "noi_dung": "Điều 1. Phạm vi\\nNội dung."}}, {"tham_quyen": "ỦY BAN NHÂN DÂN TỈNH A", "phan": []})
    >>> vb = out["van_ban_kem_theo"]
    >>> vb["ten_loai"], vb["kem_theo"], [k["text"] for k in vb["khoi"]], out["phan"]
    ('QUY CHẾ', '(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh A)', ['Phạm vi', 'Nội dung./.'], [{'ngang': False}])
    """
    vb = data.get("van_ban_kem_theo")
    if not isinstance(vb, Mapping):
        return {"van_ban_kem_theo": None}
    loai = tim_loai(vb.get("loai"))
    ten_loai = loai.ten_in_hoa if loai else viet_hoa(mot_dong(vb.get("loai")))
    # "Phê duyệt …" decisions attach what they approve as the decree's sample writes it.
    approves = mot_dong(data.get("trich_yeu")).casefold().startswith("phê duyệt")
    cua = mot_dong(vb.get("cua")) or ten_co_quan(ctx)
    line = kem_theo("Quyết định", data, cua, hom_nay=hom_nay)
    if not approves:
        line = "(Ban hành kèm theo" + line.removeprefix("(Kèm theo")
    return {
        "van_ban_kem_theo": {
            "ten_loai": ten_loai,
            "trich_yeu": dong(vb.get("trich_yeu")),
            "kem_theo": line,
            "gach": gach_kem_theo(line),
            "khoi": khoi_van_ban(vb.get("noi_dung")),
        },
        "phan": [*ctx["phan"], {"ngang": False}],
    }


VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 36,
    "ky_hieu": "QĐ-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-01-12",
    "trich_yeu": "Ban hành Quy chế làm việc của Sở Nội vụ",
    "tham_quyen": "GIÁM ĐỐC SỞ NỘI VỤ",
    "can_cu": [
        "Căn cứ Quyết định số 12/2025/QĐ-UBND ngày 30 tháng 6 năm 2025 của Ủy ban nhân dân tỉnh quy định "
        "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ",
        "Căn cứ Quy chế làm việc của Ủy ban nhân dân tỉnh Thái Nguyên nhiệm kỳ 2021 - 2026",
    ],
    "de_nghi": "Theo đề nghị của Chánh Văn phòng Sở",
    "dieu": [
        "Ban hành kèm theo Quyết định này Quy chế làm việc của Sở Nội vụ.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm thi hành Quyết định này.",
    ],
    "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Mạnh Cường"},
    "noi_nhan": ["Như Điều 3", "UBND tỉnh (b/c)"],
    "luu": ["VT", "VP"],
    "van_ban_kem_theo": {
        "loai": "Quy chế",
        "trich_yeu": "Làm việc của Sở Nội vụ",
        "noi_dung": (
            "Chương I\n"
            "QUY ĐỊNH CHUNG\n"
            "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng\n"
            "1. Quy chế này quy định về nguyên tắc, chế độ trách nhiệm, lề lối làm việc của Sở Nội vụ.\n"
            "2. Quy chế này áp dụng đối với công chức, viên chức và người lao động của Sở.\n"
            "Điều 2. Nguyên tắc làm việc\n"
            "Sở làm việc theo chế độ thủ trưởng, bảo đảm sự lãnh đạo của Đảng.\n"
            "Chương II\n"
            "TRÁCH NHIỆM, PHẠM VI GIẢI QUYẾT CÔNG VIỆC\n"
            "Mục 1\n"
            "GIÁM ĐỐC SỞ\n"
            "Điều 3. Trách nhiệm của Giám đốc Sở\n"
            "1. Lãnh đạo, chỉ đạo toàn diện các mặt công tác của Sở.\n"
            "2. Phân công nhiệm vụ cho các Phó Giám đốc:\n"
            "a) Phó Giám đốc phụ trách công tác tổ chức, biên chế;\n"
            "b) Phó Giám đốc phụ trách công tác thi đua, khen thưởng.\n"
            "Mục 2\n"
            "CÁC PHÓ GIÁM ĐỐC SỞ\n"
            "Điều 4. Trách nhiệm của Phó Giám đốc Sở\n"
            "Giúp Giám đốc Sở chỉ đạo, điều hành các lĩnh vực công tác được phân công."
        ),
    },
}

KIND = DocumentKind(
    id="quyet-dinh-ban-hanh",
    ten="Quyết định ban hành văn bản",
    loai_van_ban="QĐ",
    mo_ta=(
        "Quyết định ban hành, phê duyệt một văn bản khác (Mẫu 1.3), in kèm văn bản được ban hành: "
        "chương, mục, điều."
    ),
    ten_loai="QUYẾT ĐỊNH",
    schema=kind_schema(
        "Quyết định ban hành văn bản",
        {**CHUNG, "ky_hieu": KY_HIEU, **QUYET_DINH_TRUC_TIEP, "van_ban_kem_theo": VAN_BAN_KEM_THEO},
        [*BAT_BUOC_CHUNG, "tham_quyen", "can_cu", "dieu", "van_ban_kem_theo"],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "quyet_dinh", "signature", "van_ban_kem_theo"),
    context=(can_cu_dieu, van_ban_kem_theo),
    checks=(kiem_tra_ky_hieu("Quyết định"),),
    thu_tu=32,
)
