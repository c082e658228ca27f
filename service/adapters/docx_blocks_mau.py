"""The page blocks of Phụ lục III's forms, registered in `docx_blocks.BLOCKS` like the others:
the công văn's header with its V/v line and Kính gửi (Mẫu 1.5), the header without a date line
and the two signatures of a biên bản (Mẫu 1.9), a title whose type name the data chooses (Mẫu
1.4), a centred opening sentence (Mẫu 1.8), the confirmation box of a giấy nghỉ phép (Mẫu 1.10).

Importing `docx_blocks` imports this module at its end; the helpers and shared blocks it builds
on are defined by then, whichever of the two modules is imported first.
"""

from __future__ import annotations

import dataclasses

from service.adapters.docx_blocks import (
    BLOCKS,
    QUOC_HIEU,
    _kinh_gui,
    cell,
    header_block,
    line,
    loop,
    para,
    row,
    table,
    tag,
    title_block,
)
from service.domain.kind import DocumentKind
from service.domain.page import SIGN_L, SIGN_R


def _replace_once(xml: str, old: str, new: str, what: str) -> str:
    if xml.count(old) != 1:
        raise ValueError(f"header block changed: cannot place {what}")
    return xml.replace(old, new)


def header_cong_van_block(kind: DocumentKind) -> str:
    """Mẫu 1.5's header: the shared header with the trích yếu after "V/v" centred under the Số
    line (ô 5b: 12 pt upright, 6 pt under the Số line; further lines as typed), and the Quốc
    hiệu in 12 pt as the sample sets it. Reads `dong_vv` (list of lines, may be empty)."""
    so = line("{{ dong_so }}", jc="center", sz=13, before=120)
    vv = (
        tag("{%p if dong_vv %}")
        + line("{{ dong_vv[0] }}", jc="center", sz=12, before=120)
        + loop("d", "dong_vv[1:]", line("{{ d }}", jc="center", sz=12))
        + tag("{%p endif %}")
    )
    xml = _replace_once(header_block(kind), so, so + vv, "the V/v line")
    qh13 = line(QUOC_HIEU, jc="center", b=True, sz=13)
    return _replace_once(xml, qh13, line(QUOC_HIEU, jc="center", b=True, sz=12), "the 12 pt Quốc hiệu")


def header_khong_ngay_block(kind: DocumentKind) -> str:
    """The shared header without the place-and-date line (Mẫu 1.9, biên bản): the right cell of
    the Số row stays empty."""
    ngay = line("{{ dong_ngay }}", jc="center", i=True, sz=14, before=120)
    return _replace_once(header_block(kind), ngay, para(), "the date line")


def title_theo_loai_block(kind: DocumentKind) -> str:
    """The title block with the type name taken from the context (`ten_loai`), for a kind whose
    type the data chooses (văn bản có tên loại, Mẫu 1.4)."""
    return title_block(dataclasses.replace(kind, ten_loai="{{ ten_loai }}"))


def kinh_gui_cong_van_block(kind: DocumentKind) -> str:
    """Kính gửi as Mẫu 1.5 places it: "Kính gửi:" 3.5 cm from the margin, a blank line's space
    above it and below the list."""
    return _kinh_gui(1985, 480) + para(before=120, sz=8)


def cau_mo_dau_block(kind: DocumentKind) -> str:
    """An opening sentence centred under the title (Mẫu 1.8: "… trân trọng giới thiệu:"), 14 pt
    upright. Reads `cau_mo_dau`."""
    return line("{{ cau_mo_dau }}", jc="center", sz=14, before=240, keep_next=True)


def _ben_ky(var: str) -> str:
    """One signature of a biên bản: its role (THƯ KÝ, CHỦ TỌA) in capitals, bold, the
    government title under it when given, space to sign, the name, bold."""
    return (
        line(f"{{{{ {var}.vai_tro }}}}", jc="center", b=True, sz=14)
        + loop("d", f"{var}.chuc_vu", line("{{ d }}", jc="center", b=True, sz=14))
        + "".join(para(sz=14) for _ in range(4))
        + line(f"{{{{ {var}.ho_ten }}}}", jc="center", b=True, sz=14, before=240)
    )


def hai_chu_ky_block(kind: DocumentKind) -> str:
    """Mẫu 1.9's close: two signatures side by side (the secretary left, the chair right) in a
    row that cannot split, then Nơi nhận under the left one. Reads `ky_trai`, `ky_phai`
    ({vai_tro, chuc_vu: [lines], ho_ten}) and `noi_nhan`."""
    noi_nhan = line("Nơi nhận:", jc="left", b=True, i=True, sz=12) + loop(
        "d", "noi_nhan", line("{{ d }}", jc="left", sz=11)
    )
    spacer = para(before=240, sz=8, keep_next=True)
    return spacer + table(
        [SIGN_L, SIGN_R],
        [
            row(cell(SIGN_L, _ben_ky("ky_trai")), cell(SIGN_R, _ben_ky("ky_phai"))),
            row(cell(SIGN_L, para(before=240, sz=8) + noi_nhan), cell(SIGN_R, para())),
        ],
    )


def xac_nhan_noi_nghi_block(kind: DocumentKind) -> str:
    """Mẫu 1.10's box under the signatures, left: the confirmation of the body or local
    authority where the leave is spent (when needed), italic 11 pt as in the sample, with space
    for its signature and seal."""
    text = (
        line("Xác nhận của cơ quan (tổ chức) hoặc", jc="center", i=True, sz=11)
        + line("chính quyền địa phương nơi nghỉ phép", jc="center", i=True, sz=11)
        + line("(nếu cần)", jc="center", i=True, sz=11)
        + line("(Chữ ký, dấu)", jc="center", i=True, sz=11, before=120)
        + "".join(para(sz=11) for _ in range(4))
    )
    return para(before=240, sz=8) + table([SIGN_L, SIGN_R], [row(cell(SIGN_L, text), cell(SIGN_R, para()))])


BLOCKS.update(
    {
        "header_cong_van": header_cong_van_block,
        "header_khong_ngay": header_khong_ngay_block,
        "kinh_gui_cong_van": kinh_gui_cong_van_block,
        "title_theo_loai": title_theo_loai_block,
        "cau_mo_dau": cau_mo_dau_block,
        "hai_chu_ky": hai_chu_ky_block,
        "xac_nhan_noi_nghi": xac_nhan_noi_nghi_block,
    }
)
