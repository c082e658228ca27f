"""The render context applies the decree's rules to the data."""

from __future__ import annotations

import copy
import datetime

from service.domain.context import build_context
from service.domain.kinds import KINDS


def qd(**changes):
    data = copy.deepcopy(KINDS["quyet-dinh-khen-thuong"].vi_du)
    data.update(changes)
    return data


def test_bases_punctuation_and_articles():
    ctx = build_context("quyet-dinh-khen-thuong", qd(can_cu=["Căn cứ A;", "Căn cứ B."], de_nghi=""))
    assert ctx["can_cu"] == ["Căn cứ A;", "Căn cứ B."]
    ctx = build_context("quyet-dinh-khen-thuong", qd(can_cu=["Căn cứ A"], de_nghi="Theo đề nghị của C"))
    assert ctx["can_cu"] == ["Căn cứ A;", "Theo đề nghị của C."]
    assert [d["nhan"] for d in ctx["dieu"]] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert ctx["dieu"][-1]["text"].endswith("Quyết định này./.")


def test_article_with_several_paragraphs():
    ctx = build_context("quyet-dinh-khen-thuong", qd(dieu=["Một.\nHai đoạn.", "Cuối cùng"]))
    assert ctx["dieu"][0] == {"nhan": "Điều 1.", "text": "Một.", "tiep": ["Hai đoạn."]}
    assert ctx["dieu"][1]["text"] == "Cuối cùng./."


def test_list_reference_derived_from_authority():
    ctx = build_context("quyet-dinh-khen-thuong", qd())
    assert ctx["danh_sach"]["kem_theo"] == (
        "(Kèm theo Quyết định số 09/QĐ-UBND ngày 05 tháng 02 năm 2026 "
        "của Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên)"
    )
    data = qd()
    data["danh_sach"]["cua"] = "Giám đốc Sở Nội vụ"
    assert build_context("quyet-dinh-khen-thuong", data)["danh_sach"]["kem_theo"].endswith(
        "của Giám đốc Sở Nội vụ)"
    )


def test_list_sections_numbered_by_what_is_present():
    data = qd()
    data["danh_sach"]["tap_the"] = []
    ds = build_context("quyet-dinh-khen-thuong", data)["danh_sach"]
    assert ds["muc_tap_the"] == "" and ds["muc_ca_nhan"] == "I. CÁ NHÂN (02 cá nhân)"
    data["danh_sach"]["ca_nhan"] = []
    assert build_context("quyet-dinh-khen-thuong", data)["danh_sach"] is None


def test_draft_lines_and_caps():
    data = copy.deepcopy(KINDS["ke-hoach"].vi_du)
    data.update(so=None, ngay_ban_hanh=None, nam=None, co_quan_ban_hanh="ủy ban nhân dân\n\n xã tân cương ")
    ctx = build_context("ke-hoach", data, hom_nay=datetime.date(2026, 11, 28))
    assert ctx["dong_so"] == "Số:        /KH-UBND"
    assert ctx["dong_ngay"] == "Thái Nguyên, ngày      tháng      năm 2026".replace("      ", "     ")
    assert ctx["co_quan_ban_hanh"] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN CƯƠNG"]
    assert 0 < ctx["gach_co_quan"] < 3686
