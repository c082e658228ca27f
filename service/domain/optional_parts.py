"""The optional components every kind may carry (Phụ lục I, Mục III; ô 10a, 10b, 11, 12, 13 of
the layout in Mục IV) and the appendices (`phu_luc`, Mẫu 2.1), as plain render context.

The sections of a document after its main text (a danh sách, an issued document, appendices)
are listed in ``ctx["phan"]`` by whichever hook adds them, each as ``{"ngang": bool}``; the
appendices come last. From that list this module tells every section break which section it
closes (``truoc``) and gives the final section's properties (``trang_cuoi``): only the main
section (``dau``) carries the address footer of ô 13, a landscape appendix is closed as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.do_rong import do_rong_twips
from service.domain.outline import khoi_noi_dung
from service.domain.page import TEXT_W, TEXT_W_LANDSCAPE
from service.domain.text import compact
from service.domain.tham_quyen import ten_tu_tham_quyen
from service.domain.vn_format import nfc, ngay_day_du, so_la_ma, so_van_ban, viet_hoa

DO_MAT = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
DO_KHAN = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
PHAM_VI_LUU_HANH = ("LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI")

# Urgency stamps are cut at fixed sizes (Phụ lục I, Mục III.2.b): 20, 40 and 30 mm wide.
_KHUNG_KHAN = {"KHẨN": 1134, "THƯỢNG KHẨN": 2268, "HỎA TỐC": 1701}
_LE_KHUNG = 170  # 3 mm of frame on each side of a mark sized to its text
CO_CHU_DAU = 13  # marks in frames: 13–14 pt, bold, CAPS
MAIN = {"ngang": False, "dau": True}  # the main section: portrait, footer of ô 13


def khung(text: str | None, *, co_dinh: Mapping[str, int] | None = None) -> dict[str, Any] | None:
    """A mark in a single-line frame: its text and the frame's width in twips (a fixed stamp
    size when the decree gives one, else the bold 13 pt text plus 3 mm each side).

    >>> khung("KHẨN", co_dinh=_KHUNG_KHAN)
    {'text': 'KHẨN', 'rong': 1134}
    >>> khung("MẬT")["rong"] > do_rong_twips("MẬT", 13, dam=True)
    True
    >>> khung("") is None and khung(None) is None
    True
    """
    text = compact(nfc(text))
    if not text:
        return None
    width = (co_dinh or {}).get(text) or do_rong_twips(text, CO_CHU_DAU, dam=True) + 2 * _LE_KHUNG
    return {"text": text, "rong": width}


def ky_hieu_soan_thao(value: Mapping[str, Any] | None) -> str:
    """Ô 12: the drafter's code in CAPS and the number of copies issued.

    >>> ky_hieu_soan_thao({"ky_hieu": "th", "so_ban": 10}), ky_hieu_soan_thao({"ky_hieu": "PL"})
    ('TH(10)', 'PL')
    >>> ky_hieu_soan_thao(None), ky_hieu_soan_thao({"so_ban": 3})
    ('', '')
    """
    if not value:
        return ""
    code = compact(nfc(value.get("ky_hieu"))).upper()
    copies = value.get("so_ban")
    return f"{code}({copies})" if code and copies else code


def dong_dia_chi(value: Mapping[str, Any] | None) -> list[str]:
    """Ô 13: the address, then telephone and fax, then e-mail and website, each line as filled.

    >>> dong_dia_chi({"dia_chi": "Số 18 Nguyễn Du", "dien_thoai": "0208 3855 123", "email": "a@b.vn"})
    ['Số 18 Nguyễn Du', 'ĐT: 0208 3855 123', 'E-mail: a@b.vn']
    >>> dong_dia_chi({"fax": "1", "dien_thoai": "2", "website": "snv.gov.vn"}), dong_dia_chi(None)
    (['ĐT: 2; Fax: 1', 'Website: snv.gov.vn'], [])
    """
    if not value:
        return []

    def joined(*labels: tuple[str, str]) -> str:
        parts = ((label, compact(nfc(value.get(key)))) for key, label in labels)
        return "; ".join(f"{label}: {text}" for label, text in parts if text)

    lines = [
        compact(nfc(value.get("dia_chi"))),
        joined(("dien_thoai", "ĐT"), ("fax", "Fax")),
        joined(("email", "E-mail"), ("website", "Website")),
    ]
    return [line for line in lines if line]


def optional_context(data: Mapping[str, Any], ctx: dict[str, Any]) -> dict[str, Any]:
    """Ô 10a, 10b, 11, 12 and 13 (ô 12 joins the Lưu line, as in the samples: ``- Lưu: VT, NC. TH(10).``)."""
    out: dict[str, Any] = {
        "do_mat": khung(data.get("do_mat")),
        "do_khan": khung(data.get("do_khan"), co_dinh=_KHUNG_KHAN),
        "pham_vi_luu_hanh": khung(data.get("pham_vi_luu_hanh")),
        "dia_chi": dong_dia_chi(data.get("dia_chi")),
    }
    code = ky_hieu_soan_thao(data.get("nguoi_soan_thao"))
    if code and ctx.get("noi_nhan"):
        out["noi_nhan"] = [*ctx["noi_nhan"][:-1], f"{ctx['noi_nhan'][-1]} {code}."]
    return out


def kem_theo(loai: str, data: Mapping[str, Any], cua: str, *, hom_nay: Any = None) -> str:
    """The reference line of an attached text: ``(Kèm theo <loại> số <số/ký hiệu> <ngày> của <cơ quan>)``,
    with the draft blanks when there is no number or date yet.

    >>> kem_theo("Kế hoạch", {"so": 5, "ky_hieu": "KH-UBND", "ngay_ban_hanh": "2026-02-05"}, "Sở Nội vụ")
    '(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2026 của Sở Nội vụ)'
    >>> kem_theo("Văn bản", {"ky_hieu": "SNV-VP", "nam": 2026}, "Sở Nội vụ")
    '(Kèm theo Văn bản số        /SNV-VP ngày     tháng     năm 2026 của Sở Nội vụ)'
    """
    so = so_van_ban(data.get("so"))
    ky_hieu = compact(nfc(data.get("ky_hieu"))).replace(" ", "")
    ngay = ngay_day_du(data.get("ngay_ban_hanh"), data.get("nam"), hom_nay=hom_nay)
    return f"(Kèm theo {loai} số {so}/{ky_hieu} {ngay} của {cua})"


def ten_co_quan(ctx: Mapping[str, Any]) -> str:
    """Who issues the document, in running text (Phụ lục II capitalisation): the authority of a
    decision when there is one, else the issuing body from its CAPS lines.

    >>> ten_co_quan({"co_quan_ban_hanh": ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"]})
    'Ủy ban nhân dân tỉnh Thái Nguyên'
    >>> ten_co_quan({"co_quan_ban_hanh": ["SỞ NỘI VỤ"], "tham_quyen": "GIÁM ĐỐC SỞ NỘI VỤ"})
    'Giám đốc Sở Nội vụ'
    """
    return ten_tu_tham_quyen(ctx.get("tham_quyen") or " ".join(ctx.get("co_quan_ban_hanh") or []))


def gach_kem_theo(line: str) -> int:
    """The short rule under a reference line: a third of it, between 2 cm and a third of the text block."""
    return max(min(do_rong_twips(line, 14) // 3, TEXT_W // 3), 1134)


def phu_luc_context(data: Mapping[str, Any], ctx: dict[str, Any], *, hom_nay: Any = None) -> dict[str, Any]:
    """The appendices (Mẫu 2.1) and the section properties every break needs (see the module)."""
    entries = [p for p in data.get("phu_luc") or [] if isinstance(p, Mapping)]
    sections: list[dict[str, Any]] = [
        dict(MAIN),
        *({"ngang": bool(s.get("ngang")), "dau": False} for s in ctx.get("phan") or []),
    ]
    loai = (ctx.get("ten_loai") or "").capitalize() or "Văn bản"
    phu_luc = []
    for i, entry in enumerate(entries, start=1):
        ngang = entry.get("huong") == "ngang"
        cua = compact(nfc(entry.get("cua"))) or ten_co_quan(ctx)
        line = kem_theo(loai, data, cua, hom_nay=hom_nay)
        phu_luc.append(
            {
                "nhan": "Phụ lục" if len(entries) == 1 else f"Phụ lục {so_la_ma(i)}",
                "tieu_de": [viet_hoa(t) for t in (nfc(entry.get("tieu_de")).split("\n")) if t.strip()],
                "kem_theo": line,
                "gach": gach_kem_theo(line),
                "khoi": khoi_noi_dung(entry.get("noi_dung")),
                "ngang": ngang,
                "rong": TEXT_W_LANDSCAPE if ngang else TEXT_W,
                "truoc": sections[-1],
            }
        )
        sections.append({"ngang": ngang, "dau": False})
    return {"phu_luc": phu_luc, "trang_cuoi": sections[-1]}
