"""From validated input data to the render context of a template: every decree rule applied.

The context holds only plain data (strings, numbers, lists, dicts): no XML and no docx
knowledge. Templates in templates_docx/ read these names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.domain.dieu import khoi_dieu
from service.domain.do_rong import do_dai_gach
from service.domain.optional_parts import optional_context, phu_luc_context
from service.domain.outline import khoi_noi_dung
from service.domain.page import CO_CHU_CO_QUAN, CO_CHU_TRICH_YEU, HEAD_L, TEXT_W
from service.domain.vn_format import (
    dong_kinh_gui,
    dong_ngay_thang,
    dong_noi_nhan,
    dong_so_ky_hieu,
    khoi_chu_ky,
    nfc,
    viet_hoa,
)

if TYPE_CHECKING:
    from service.domain.kind import DocumentKind


def dong(text: str | None) -> list[str]:
    """Non-empty lines of a multi-line field, spaces collapsed."""
    return [" ".join(line.split()) for line in nfc(text).split("\n") if line.strip()]


def mot_dong(text: str | None) -> str:
    return " ".join(nfc(text).split())


def ket_cau(lines: list[str], last: str = ".") -> list[str]:
    """End every line with ';' and the last with `last` (typed punctuation replaced)."""
    out = [line.rstrip(" ;.,") for line in lines if line.strip(" ;.,")]
    return [line + (last if i == len(out) - 1 else ";") for i, line in enumerate(out)]


def build_context(kind: DocumentKind | str, data: dict[str, Any], *, hom_nay: Any = None) -> dict[str, Any]:
    """Render context of one document of `kind` (a kind or its id) from data already validated
    and normalised: the parts every kind shares, the kind's own hooks, then the optional
    components and appendices (service.domain.optional_parts)."""
    if isinstance(kind, str):
        from service.domain.kinds import get_kind  # the registry imports the kinds, which use this module

        kind = get_kind(kind)
    co_quan = [viet_hoa(d) for d in dong(data.get("co_quan_ban_hanh"))]
    chu_quan = [viet_hoa(d) for d in dong(data.get("co_quan_chu_quan"))]
    trich_yeu = dong(data.get("trich_yeu"))
    ngay = data.get("ngay_ban_hanh")
    ky = data.get("nguoi_ky") or {}
    ctx: dict[str, Any] = {
        "co_quan_chu_quan": chu_quan,
        "co_quan_ban_hanh": co_quan,
        "gach_co_quan": min(do_dai_gach(co_quan, CO_CHU_CO_QUAN), HEAD_L - 400),
        "dong_so": dong_so_ky_hieu(data.get("so"), mot_dong(data.get("ky_hieu"))),
        "dong_ngay": dong_ngay_thang(mot_dong(data.get("dia_danh")), ngay, data.get("nam"), hom_nay=hom_nay),
        "ten_loai": kind.ten_loai or "",
        "trich_yeu": trich_yeu,
        "gach_trich_yeu": max(do_dai_gach(trich_yeu, CO_CHU_TRICH_YEU, toi_da=TEXT_W), 1134),
        "noi_nhan": dong_noi_nhan(data.get("noi_nhan"), data.get("luu")),
        "chu_ky": khoi_chu_ky(ky.get("quyen_han"), ky.get("chuc_vu"), ky.get("ho_ten")),
        "kinh_gui": dong_kinh_gui(data.get("kinh_gui")),
        "khoi": khoi_noi_dung(data.get("noi_dung")),
        "phan": [],  # sections after the main text, appended by the hooks that add one
    }
    for hook in kind.context:
        ctx.update(hook(data, ctx, hom_nay))
    ctx.update(optional_context(data, ctx))
    ctx.update(phu_luc_context(data, ctx, hom_nay=hom_nay))
    return ctx


def can_cu_dieu(data: Any, ctx: Any, hom_nay: Any = None) -> dict[str, Any]:
    """Context hook of a quyết định: authority, căn cứ (`;` between, `.` after the last, the
    đề nghị line last) and the numbered Điều (the last one ending with `./.`).

    >>> out = can_cu_dieu({"tham_quyen": "Chủ tịch", "can_cu": ["Căn cứ A;"], "de_nghi": "Theo B",
    ...                    "dieu": ["X.", "Y"]}, {})
    >>> out["tham_quyen"], out["can_cu"], [(d["nhan"], d["text"]) for d in out["dieu"]]
    ('CHỦ TỊCH', ['Căn cứ A;', 'Theo B.'], [('Điều 1.', 'X.'), ('Điều 2.', 'Y./.')])
    """
    can_cu = [mot_dong(c) for c in data.get("can_cu") or []]
    de_nghi = mot_dong(data.get("de_nghi"))
    bases = ket_cau([*can_cu, de_nghi] if de_nghi else can_cu)
    dieu_texts = [dong(d) for d in data.get("dieu") or [] if isinstance(d, str)]
    dieu_texts = [d for d in dieu_texts if d]
    dieu = []
    for i, paras in enumerate(dieu_texts, start=1):
        if i == len(dieu_texts):
            last = paras[-1]
            if not last.endswith("./."):
                paras[-1] = (last[:-1] if last.endswith(".") else last) + "./."
        dieu.append({"nhan": f"Điều {i}.", "text": paras[0], "tiep": paras[1:]})
    return {
        "tham_quyen": viet_hoa(mot_dong(data.get("tham_quyen"))),
        "can_cu": bases,
        "dieu": dieu,  # the string articles (label, first line, further lines)
        "khoi_dieu": khoi_dieu(data.get("dieu")),  # every article as body blocks (what is printed)
    }
