"""From validated input data to the render context of a template: every decree rule applied.

The context holds only plain data (strings, numbers, lists, dicts): no XML and no docx
knowledge. Templates in templates_docx/ read these names.
"""

from __future__ import annotations

from typing import Any

from service.domain.do_rong import do_dai_gach, do_rong_twips
from service.domain.outline import khoi_noi_dung
from service.domain.tham_quyen import ten_tu_tham_quyen
from service.domain.vn_format import (
    dong_kinh_gui,
    dong_ngay_thang,
    dong_noi_nhan,
    dong_so_ky_hieu,
    khoi_chu_ky,
    nfc,
    ngay_day_du,
    so_van_ban,
    viet_hoa,
)

# Width in twips of the columns the rules are centred in (see scripts/build_templates.py).
COT_TRAI = 3686
VUNG_CHU = 9355  # text block of A4 with 30 mm / 15 mm side margins
CO_CHU_CO_QUAN = 13
CO_CHU_TRICH_YEU = 14

TEN_LOAI = {
    "ke-hoach": "KẾ HOẠCH",
    "bao-cao": "BÁO CÁO",
    "quyet-dinh-khen-thuong": "QUYẾT ĐỊNH",
}


def _dong(text: str | None) -> list[str]:
    """Non-empty lines of a multi-line field, spaces collapsed."""
    return [" ".join(line.split()) for line in nfc(text).split("\n") if line.strip()]


def _mot_dong(text: str | None) -> str:
    return " ".join(nfc(text).split())


def _ket_cau(lines: list[str], last: str = ".") -> list[str]:
    """End every line with ';' and the last with `last` (typed punctuation replaced)."""
    out = [line.rstrip(" ;.,") for line in lines if line.strip(" ;.,")]
    return [line + (last if i == len(out) - 1 else ";") for i, line in enumerate(out)]


def build_context(kind: str, data: dict[str, Any], *, hom_nay: Any = None) -> dict[str, Any]:
    """Render context of one document of `kind` from data already validated and normalised."""
    co_quan = [viet_hoa(d) for d in _dong(data.get("co_quan_ban_hanh"))]
    chu_quan = [viet_hoa(d) for d in _dong(data.get("co_quan_chu_quan"))]
    trich_yeu = _dong(data.get("trich_yeu"))
    ngay = data.get("ngay_ban_hanh")
    ky = data.get("nguoi_ky") or {}
    ctx: dict[str, Any] = {
        "co_quan_chu_quan": chu_quan,
        "co_quan_ban_hanh": co_quan,
        "gach_co_quan": min(do_dai_gach(co_quan, CO_CHU_CO_QUAN), COT_TRAI - 400),
        "dong_so": dong_so_ky_hieu(data.get("so"), _mot_dong(data.get("ky_hieu"))),
        "dong_ngay": dong_ngay_thang(_mot_dong(data.get("dia_danh")), ngay, data.get("nam"), hom_nay=hom_nay),
        "ten_loai": TEN_LOAI[kind],
        "trich_yeu": trich_yeu,
        "gach_trich_yeu": max(do_dai_gach(trich_yeu, CO_CHU_TRICH_YEU, toi_da=VUNG_CHU), 1134),
        "noi_nhan": dong_noi_nhan(data.get("noi_nhan"), data.get("luu")),
        "chu_ky": khoi_chu_ky(ky.get("quyen_han"), ky.get("chuc_vu"), ky.get("ho_ten")),
        "kinh_gui": dong_kinh_gui(data.get("kinh_gui")),
        "khoi": khoi_noi_dung(data.get("noi_dung")),
    }
    if kind == "quyet-dinh-khen-thuong":
        ctx.update(_quyet_dinh(data, ctx, hom_nay=hom_nay))
    return ctx


def _quyet_dinh(data: dict[str, Any], ctx: dict[str, Any], *, hom_nay: Any) -> dict[str, Any]:
    can_cu = [_mot_dong(c) for c in data.get("can_cu") or []]
    de_nghi = _mot_dong(data.get("de_nghi"))
    bases = _ket_cau([*can_cu, de_nghi] if de_nghi else can_cu)
    dieu_texts = [_dong(d) for d in data.get("dieu") or []]
    dieu_texts = [d for d in dieu_texts if d]
    dieu = []
    for i, paras in enumerate(dieu_texts, start=1):
        if i == len(dieu_texts):
            last = paras[-1]
            if not last.endswith("./."):
                paras[-1] = (last[:-1] if last.endswith(".") else last) + "./."
        dieu.append({"nhan": f"Điều {i}.", "text": paras[0], "tiep": paras[1:]})
    out: dict[str, Any] = {
        "tham_quyen": viet_hoa(_mot_dong(data.get("tham_quyen"))),
        "can_cu": bases,
        "dieu": dieu,
        "danh_sach": None,
    }
    ds = data.get("danh_sach")
    if ds and (ds.get("tap_the") or ds.get("ca_nhan")):
        cua = _mot_dong(ds.get("cua")) or ten_tu_tham_quyen(out["tham_quyen"])
        so = so_van_ban(data.get("so"))
        ky_hieu = _mot_dong(data.get("ky_hieu")).replace(" ", "")
        kem_theo = (
            f"(Kèm theo Quyết định số {so}/{ky_hieu} "
            f"{ngay_day_du(data.get('ngay_ban_hanh'), data.get('nam'), hom_nay=hom_nay)} của {cua})"
        )
        tap_the = [
            {
                "stt": str(i),
                "ten": _mot_dong(t.get("ten")),
                "ghi_chu": _mot_dong(t.get("ghi_chu")),
            }
            for i, t in enumerate(ds.get("tap_the") or [], start=1)
        ]
        ca_nhan = [
            {
                "stt": str(i),
                "ho_ten": _mot_dong(c.get("ho_ten")),
                "chuc_vu_don_vi": _mot_dong(c.get("chuc_vu_don_vi")),
                "ghi_chu": _mot_dong(c.get("ghi_chu")),
            }
            for i, c in enumerate(ds.get("ca_nhan") or [], start=1)
        ]
        tieu_de = _dong(ds.get("tieu_de")) or ["Tập thể, cá nhân được khen thưởng"]
        so_muc = iter(["I", "II"])
        muc_tap_the = f"{next(so_muc)}. TẬP THỂ ({len(tap_the):02d} tập thể)" if tap_the else ""
        muc_ca_nhan = f"{next(so_muc)}. CÁ NHÂN ({len(ca_nhan):02d} cá nhân)" if ca_nhan else ""
        out["danh_sach"] = {
            "tieu_de": tieu_de,
            "kem_theo": kem_theo,
            "gach": max(min(do_rong_twips(kem_theo, 14) // 3, VUNG_CHU // 3), 1134),
            "tap_the": tap_the,
            "ca_nhan": ca_nhan,
            "muc_tap_the": muc_tap_the,
            "muc_ca_nhan": muc_ca_nhan,
        }
    return out
