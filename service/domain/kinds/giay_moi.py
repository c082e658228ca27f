"""Giấy mời (Mẫu 1.7): who is invited to which meeting, chaired by whom, when (with its
Vietnamese weekday), where, and the notes; symbol GM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.kind import DocumentKind
from service.domain.loai_van_ban import KY_HIEU_KIEM_TRA, kiem_tra_ky_hieu
from service.domain.ngay_gio import thoi_gian_co_thu
from service.domain.outline import end_with_mark
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, MAX_DOAN, bat_buoc, chuoi, kind_schema
from service.domain.text import compact
from service.domain.van_mau import ten_co_quan

VI_DU = {
    "co_quan_chu_quan": "UBND TỈNH THÁI NGUYÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so": 88,
    "ky_hieu": "GM-SNV",
    "dia_danh": "Thái Nguyên",
    "ngay_ban_hanh": "2026-12-01",
    "trich_yeu": "Dự Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026",
    "kinh_moi": "Đại diện lãnh đạo các sở, ban, ngành tỉnh",
    "toi_du": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026",
    "chu_tri": "Đồng chí Nguyễn Mạnh Cường, Giám đốc Sở Nội vụ",
    "thoi_gian": "2026-12-07T08:00",
    "dia_diem": "Hội trường tầng 3, Sở Nội vụ tỉnh Thái Nguyên",
    "luu_y": "Đề nghị đại biểu dự họp đúng thành phần, đúng giờ.",
    "nguoi_ky": {"quyen_han": ["KT. GIÁM ĐỐC"], "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Hoàng Thị Thu Hà"},
    "noi_nhan": ["Như trên", "Giám đốc Sở (b/c)"],
    "luu": ["VT", "TĐKT"],
}

TEN_CO_QUAN = chuoi(
    "Tên cơ quan trong câu",
    "Để trống để lấy từ Cơ quan ban hành, ví dụ SỞ NỘI VỤ → “Sở Nội vụ trân trọng kính mời: …”.",
)


def _item(text: Any) -> str:
    return compact(text).rstrip(" .;,")


def dong_giay_moi(data: Mapping[str, Any], ctx: Mapping[str, Any], hom_nay: Any = None) -> dict[str, Any]:
    """The invitation's lines as body paragraphs, in the order of Mẫu 1.7; the last ends ./.

    >>> out = dong_giay_moi({"co_quan_ban_hanh": "SỞ NỘI VỤ", "kinh_moi": "Ông A;", "toi_du": "Hội nghị B",
    ...     "chu_tri": "Ông C", "thoi_gian": "2026-12-07T08:00", "dia_diem": "Hội trường."}, {})
    >>> [k["text"] for k in out["khoi"]]  # doctest: +NORMALIZE_WHITESPACE
    ['Sở Nội vụ trân trọng kính mời: Ông A', 'Tới dự Hội nghị B', 'Chủ trì: Ông C',
     'Thời gian: 08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026', 'Địa điểm: Hội trường./.']
    >>> [k["text"] for k in dong_giay_moi({"luu_y": "Dự đúng giờ.\\n\\nMang tài liệu"}, {})["khoi"]][-2:]
    ['Dự đúng giờ.', 'Mang tài liệu./.']
    """
    lines = [
        f"{ten_co_quan(data.get('co_quan_ban_hanh'), data.get('ten_co_quan'))} trân trọng kính mời: "
        f"{_item(data.get('kinh_moi'))}",
        f"Tới dự {_item(data.get('toi_du'))}",
        f"Chủ trì: {_item(data.get('chu_tri'))}",
        f"Thời gian: {thoi_gian_co_thu(data.get('thoi_gian'))}",
        f"Địa điểm: {_item(data.get('dia_diem'))}",
    ]
    notes = [compact(line) for line in (data.get("luu_y") or "").split("\n") if line.strip()]
    return {"khoi": end_with_mark([{"kieu": "doan", "text": t} for t in [*lines, *notes]])}


KIND = DocumentKind(
    id="giay-moi",
    ten="Giấy mời",
    loai_van_ban="GM",
    mo_ta="Giấy mời họp, hội nghị, hội thảo (Mẫu 1.7): thời gian ghi kèm thứ trong tuần.",
    ten_loai="GIẤY MỜI",
    schema=kind_schema(
        "Giấy mời",
        {
            **CHUNG,
            "ky_hieu": {
                **CHUNG["ky_hieu"],
                "description": "Bắt đầu bằng GM, ví dụ: GM-SNV, GM-UBND.",
                "x-kiem-tra": KY_HIEU_KIEM_TRA,
            },
            "trich_yeu": bat_buoc(
                "Trích yếu",
                "Nội dung cuộc họp, in dưới chữ GIẤY MỜI, ví dụ: Dự Hội nghị tổng kết năm 2026.",
                max_length=MAX_DOAN,
                nhieu_dong=True,
            ),
            "ten_co_quan": TEN_CO_QUAN,
            "kinh_moi": bat_buoc(
                "Kính mời",
                "Cơ quan, tổ chức hoặc họ tên, chức vụ, đơn vị công tác của người được mời.",
                max_length=MAX_DOAN,
            ),
            "toi_du": bat_buoc("Tới dự", "Tên (nội dung) cuộc họp, hội thảo, hội nghị.", max_length=MAX_DOAN),
            "chu_tri": bat_buoc("Chủ trì", "Ví dụ: Đồng chí Nguyễn Văn A, Giám đốc Sở."),
            "thoi_gian": {
                "type": "string",
                "format": "local-date-time",
                "title": "Thời gian",
                "description": (
                    "Ngày và giờ họp (giờ địa phương), ví dụ 2026-12-07T08:00; "
                    "in ra: 08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026."
                ),
            },
            "dia_diem": bat_buoc("Địa điểm", "Ví dụ: Hội trường tầng 3, Sở Nội vụ.", max_length=MAX_DOAN),
            "luu_y": chuoi(
                "Lưu ý",
                "Các vấn đề cần lưu ý (nếu có); mỗi dòng một đoạn.",
                max_length=MAX_DOAN,
                nhieu_dong=True,
            ),
        },
        [*BAT_BUOC_CHUNG, "kinh_moi", "toi_du", "chu_tri", "thoi_gian", "dia_diem"],
    ),
    vi_du=VI_DU,
    blocks=("header", "title", "body", "signature"),
    context=(dong_giay_moi,),
    checks=(kiem_tra_ky_hieu("Giấy mời"),),
    thu_tu=50,
)
