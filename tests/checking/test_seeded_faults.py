"""Each correct document gets no `loi`; with one seeded fault it gets the matching finding, on the
paragraph of the element the fault was put in. Documents are laid out four ways (a header table
with direct formatting, tabs, line breaks inside paragraphs, named styles)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from service.adapters.docx_reader import read_document
from service.domain.checking import check
from tests.checking.builders import Spec, build, plan

LAYOUTS = ("table", "tabs", "breaks", "styles")
KH, QD, CV, TTR = "KẾ HOẠCH", "QUYẾT ĐỊNH", "CÔNG VĂN", "TỜ TRÌNH"


def fmt(role: str, **values) -> Callable[[Spec], None]:
    def apply(s: Spec) -> None:
        if ":" in role:
            s.fmt_at[role] = {**s.fmt_at.get(role, {}), **values}
        else:
            s.fmt[role] = {**s.fmt.get(role, {}), **values}

    return apply


def text(**values) -> Callable[[Spec], None]:
    def apply(s: Spec) -> None:
        for k, v in values.items():
            setattr(s, k, v)

    return apply


def body_line(old: str, new: str | None) -> Callable[[Spec], None]:
    def apply(s: Spec) -> None:
        i = next(i for i, x in enumerate(s.body) if x.startswith(old))
        if new is None:
            del s.body[i]
        else:
            s.body[i] = new

    return apply


def edit(attr: str, index: int, new: str | None) -> Callable[[Spec], None]:
    def apply(s: Spec) -> None:
        items = list(getattr(s, attr))
        if new is None:
            del items[index]
        else:
            items[index] = new
        setattr(s, attr, items)

    return apply


def appendix(**values) -> Callable[[Spec], None]:
    def apply(s: Spec) -> None:
        s.appendix = True
        for k, v in values.items():
            setattr(s, k, v)

    return apply


ALL = LAYOUTS
NO_TABS = ("table", "breaks", "styles")  # tab lines are not aligned by the paragraph
# (name, kind, layouts, fault, rule id, element whose paragraph carries the finding)
FAULTS = [
    ("font of a body paragraph", KH, ALL, fmt("body:1", font="Arial"), "noi_dung.phong_chu", "body:1"),
    ("day without the zero", KH, ALL, text(ngay="Thái Nguyên, ngày 5 tháng 02 năm 2026"), "ngay_thang.so_0", "ngay"),
    ("month 3 with a zero", KH, ALL, text(ngay="Thái Nguyên, ngày 15 tháng 03 năm 2026"), "ngay_thang.so_0", "ngay"),
    ("month 2 without the zero", KH, ALL, text(ngay="Thái Nguyên, ngày 15 tháng 2 năm 2026"), "ngay_thang.so_0",
     "ngay"),
    ("date in figures", KH, ALL, text(ngay="Thái Nguyên, 05/02/2026"), "ngay_thang.day_du", "ngay"),
    ("no comma after the place", KH, ALL, text(ngay="Thái Nguyên ngày 05 tháng 02 năm 2026"),
     "ngay_thang.dau_phay", "ngay"),
    ("date not italic", KH, ALL, fmt("ngay", italic=False), "ngay_thang.nghieng", "ngay"),
    ("Quốc hiệu not bold", KH, ALL, fmt("quoc_hieu", bold=False), "quoc_hieu.dam", "quoc_hieu"),
    ("Quốc hiệu 14 pt", KH, ALL, fmt("quoc_hieu", size=14), "quoc_hieu.co_chu", "quoc_hieu"),
    ("Quốc hiệu in Arial", KH, ALL, fmt("quoc_hieu", font="Arial"), "quoc_hieu.phong_chu", "quoc_hieu"),
    ("Quốc hiệu abbreviated", KH, ALL, text(quoc_hieu="CỘNG HÒA XHCN VIỆT NAM"), "quoc_hieu.chu", "quoc_hieu"),
    ("Tiêu ngữ not bold", KH, ALL, fmt("tieu_ngu", bold=False), "tieu_ngu.dam", "tieu_ngu"),
    ("Tiêu ngữ without spaces", KH, ALL, text(tieu_ngu="Độc lập-Tự do-Hạnh phúc"), "tieu_ngu.chu", "tieu_ngu"),
    ("no rule under the Tiêu ngữ", KH, ALL, text(tieu_ngu_rule=False), "tieu_ngu.duong_ke", "tieu_ngu"),
    ("issuing body not bold", KH, ALL, fmt("co_quan", bold=False), "co_quan_ban_hanh.dam", "co_quan"),
    ("issuing body in lower case", KH, ALL, text(co_quan=["Ủy ban nhân dân", "Tỉnh Thái Nguyên"]),
     "co_quan_ban_hanh.in_hoa", "co_quan"),
    ("left margin 25 mm", KH, ALL, text(margins_mm=(20, 20, 25, 15)), "trang.le_trai", 0),
    ("top margin 15 mm", KH, ALL, text(margins_mm=(15, 20, 30, 15)), "trang.le_tren", 0),
    ("right margin 25 mm", KH, ALL, text(margins_mm=(20, 20, 30, 25)), "trang.le_phai", 0),
    ("bottom margin 30 mm", KH, ALL, text(margins_mm=(20, 30, 30, 15)), "trang.le_duoi", 0),
    ("Letter paper", KH, ALL, text(page_mm=(216, 279)), "trang.kho_giay", 0),
    ("no Lưu line", KH, ALL, edit("noi_nhan", 2, None), "noi_nhan.thieu_luu", "noi_nhan:1"),
    ("Lưu without VT", KH, ALL, edit("noi_nhan", 2, "- Lưu: NC."), "noi_nhan.luu", "noi_nhan:2"),
    ("Lưu without the final dot", KH, ALL, edit("noi_nhan", 2, "- Lưu: VT, NC"), "noi_nhan.luu", "noi_nhan:2"),
    ("recipient without ;", KH, ALL, edit("noi_nhan", 0, "- Thường trực Tỉnh ủy"), "noi_nhan.dau_cham_phay",
     "noi_nhan:0"),
    ("recipient without dash", KH, ALL, edit("noi_nhan", 0, "Thường trực Tỉnh ủy;"), "noi_nhan.gach_dau_dong",
     "noi_nhan:0"),
    ("Nơi nhận not italic", KH, ALL, fmt("noi_nhan_label", italic=False), "noi_nhan_nhan.nghieng",
     "noi_nhan_label"),
    ("Nơi nhận 14 pt", KH, ALL, fmt("noi_nhan_label", size=14), "noi_nhan_nhan.co_chu", "noi_nhan_label"),
    ("Nơi nhận without colon", KH, ALL, fmt("noi_nhan_label"), None, None),  # control: no change
    ("recipients 13 pt", KH, ALL, fmt("noi_nhan", size=13), "noi_nhan.co_chu", "noi_nhan:0"),
    ("number below 10 without zero", KH, ALL, text(so="Số: 5/KH-UBND"), "so_ky_hieu.so_0", "so"),
    ("Số without colon", KH, ALL, text(so="Số 05/KH-UBND"), "so_ky_hieu.dau_hai_cham", "so"),
    ("spaces in the symbol", KH, ALL, text(so="Số: 05/KH - UBND"), "so_ky_hieu.cach_chu", "so"),
    ("symbol of another type", KH, ALL, text(so="Số: 05/QĐ-UBND"), "so_ky_hieu.chu_viet_tat", "so"),
    ("Số line 14 pt", KH, ALL, fmt("so", size=14), "so_ky_hieu.co_chu", "so"),
    ("type name in lower case", KH, ALL, text(ten_loai_text="Kế hoạch"), "ten_loai.in_hoa", "ten_loai"),
    ("type name not bold", KH, ALL, fmt("ten_loai", bold=False), "ten_loai.dam", "ten_loai"),
    ("trích yếu not bold", KH, ALL, fmt("trich_yeu", bold=False), "trich_yeu.dam", "trich_yeu"),
    ("body aligned left", KH, NO_TABS, fmt("body:1", align="left"), "noi_dung.can_le", "body:1"),
    ("body without indent", KH, ALL, fmt("body:1", indent=0), "noi_dung.lui_dau_dong", "body:1"),
    ("no space between paragraphs", KH, ALL, fmt("body:1", before=0), "noi_dung.khoang_cach_doan", "body:1"),
    ("double line spacing", KH, ALL, fmt("body:1", line=2.0), "noi_dung.gian_dong", "body:1"),
    ("body 12 pt", KH, ALL, fmt("body:1", size=12), "noi_dung.co_chu", "body:1"),
    ("body in red", KH, ALL, fmt("body:1", color="FF0000"), "mau_chu", "body:1"),
    ("no end mark", KH, ALL, body_line("2. Các sở", "2. Các sở, ban, ngành tổ chức thực hiện Kế hoạch này."),
     "noi_dung.dau_ket_thuc", "body_last"),
    ("mục skipped", KH, ALL, body_line("II. TỔ CHỨC", "III. TỔ CHỨC THỰC HIỆN"), "muc.thu_tu", "text:III. TỔ CHỨ"),
    ("mục not bold", KH, ALL, fmt("muc", bold=False), "muc.dam", "muc"),
    ("điểm f)", KH, ALL, body_line("b) Đẩy", "f) Đẩy mạnh dịch vụ công trực tuyến."), "diem.chu_cai",
     "text:f) Đẩy mạnh "),
    ("điểm d) skipped", KH, ALL, body_line("d) Rút", None), "diem.thu_tu", "text:đ) Giảm chi "),
    ("điểm e) before đ)", KH, ALL, body_line("đ) Giảm", "e) Giảm chi phí tuân thủ."), "diem.thu_tu",
     "text:e) Giảm chi "),
    ("khoản skipped", KH, ALL, body_line("2. Yêu cầu", "3. Yêu cầu"), "khoan.thu_tu", "text:3. Yêu cầu"),
    ("khoản title not bold", KH, ALL, fmt("khoan_title", bold=False), "khoan.tieu_de_dam", "khoan_title"),
    ("Ủy ban nhân dân Tỉnh", KH, ALL,
     body_line("Các cơ quan", "Các cơ quan báo cáo Ủy ban nhân dân Tỉnh Thái Nguyên đúng hạn."),
     "viet_hoa.don_vi_hanh_chinh", "text:Các cơ quan "),
    ("Điều skipped", QD, ALL, body_line("Điều 2.", "Điều 3. Tiền thưởng thực hiện theo quy định."), "dieu.thu_tu",
     "text:Điều 3. Tiề"),
    ("Điều with a colon", QD, ALL, body_line("Điều 2.", "Điều 2: Tiền thưởng thực hiện theo quy định."),
     "dieu.dau_cham", "text:Điều 2: Tiề"),
    ("Điều label not bold", QD, ALL, fmt("dieu_label", bold=False), "dieu.dam", "text:Điều 1. Tặn"),
    ("căn cứ ending with a dot", QD, ALL, edit("can_cu", 0, "Căn cứ Luật Tổ chức chính quyền địa phương."),
     "can_cu.dau_cau", "can_cu:0"),
    ("last căn cứ ending with ;", QD, ("table", "tabs", "styles"),
     edit("can_cu", 2, "Theo đề nghị của Giám đốc Sở Nội vụ;"), "can_cu.dau_cau", "can_cu:2"),
    ("căn cứ upright", QD, ALL, fmt("can_cu", italic=False), "can_cu.nghieng", "can_cu"),
    ("no QUYẾT ĐỊNH: line", QD, ALL, text(loai=QD), None, None),
    ("authority not bold", QD, ALL, fmt("tham_quyen", bold=False), "tham_quyen.dam", "tham_quyen"),
    ("signer's title not bold", QD, ALL, fmt("quyen_han", bold=False), "quyen_han.dam", "quyen_han"),
    ("KT without its dot", QD, ALL, edit("quyen_han", 0, "KT CHỦ TỊCH"), "chu_ky.viet_tat", "quyen_han"),
    ("signer's name not bold", QD, ALL, fmt("ho_ten", bold=False), "ho_ten.dam", "ho_ten"),
    ("signer's name in capitals", QD, ALL, text(ho_ten="NGUYỄN VĂN A"), "ho_ten.in_thuong", "ho_ten"),
    ("number on page 1", KH, ALL, text(title_page=False), "so_trang.trang_dau", 0),
    ("number in the footer", KH, ALL, text(page_field="footer"), "so_trang.vi_tri", 0),
    ("number on the right", KH, ALL, text(page_align="right"), "so_trang.can_le", 0),
    ("no Kính gửi in a công văn", CV, ALL, text(kinh_gui=[]), "kinh_gui.thieu", "body:0"),
    ("V/v in bold", CV, ALL, fmt("vv", bold=True), "trich_yeu_cong_van.khong_dam", "vv"),
    ("Kính gửi item without ;", CV, ALL, edit("kinh_gui", 1, "- Sở Y tế"), "kinh_gui.dau_cau", "kinh_gui:1"),
    ("Nơi nhận not starting Như trên", TTR, ALL, edit("noi_nhan", 0, "- Ủy ban nhân dân tỉnh;"),
     "noi_nhan.nhu_tren", "noi_nhan:0"),
    ("appendix numbered on", KH, ALL, appendix(appendix_section=False), "phu_luc.so_trang_rieng", "phu_luc"),
    ("appendix label not bold", KH, ALL, appendix(fmt={"phu_luc": {"bold": False}}), "phu_luc_nhan.dam", "phu_luc"),
    ("appendix reference upright", KH, ALL, appendix(fmt={"kem_theo": {"italic": False}}),
     "phu_luc_kem_theo.nghieng", "kem_theo"),
]  # fmt: skip
FAULTS = [f for f in FAULTS if f[4] is not None]
# The QUYẾT ĐỊNH: line is dropped by building a decision whose body has Điều without it.
FAULTS.append(("no QUYẾT ĐỊNH: line", QD, ALL, lambda s: setattr(s, "loai", "QUYẾT ĐỊNH "), "quyet_dinh.thieu",
               "text:Điều 1. Tặn"))  # fmt: skip


def _role(roles: dict[str, int], role: str) -> int:
    if role.startswith("text:"):
        return next(v for k, v in roles.items() if k.startswith(role) or role.startswith(k))
    return roles[role]


def _report(spec: Spec):
    data, roles = build(spec)
    return check(read_document(data)), roles


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("loai", [KH, QD, CV, TTR])
def test_correct_documents_have_no_loi(loai, layout):
    spec = plan(loai, layout)
    spec.appendix = loai == KH
    report, _ = _report(spec)
    assert report.dat, [(f.ma, f.doan, f.hien_tai) for f in report.findings if f.muc_do == "loi"]
    assert not report.findings, [(f.ma, f.doan, f.hien_tai) for f in report.findings]


CASES = [
    (name, loai, layout, fault, ma, role)
    for name, loai, layouts, fault, ma, role in FAULTS
    for layout in layouts
]


@pytest.mark.parametrize(("name", "loai", "layout", "fault", "ma", "role"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])  # fmt: skip
def test_seeded_fault_is_found_where_it_is(name, loai, layout, fault, ma, role):
    spec = plan(loai, layout)
    fault(spec)
    report, roles = _report(spec)
    where = role if isinstance(role, int) else _role(roles, role)
    found = [(f.ma, f.doan) for f in report.findings]
    assert (ma, where) in found, f"{name}: expected {ma} at {where}, found {found}"


def test_the_clean_plan_is_not_changed_by_the_fault_helpers():
    a, b = plan(KH), plan(KH)
    fmt("body:1", size=12)(b)
    assert a != b and replace(b, fmt_at={}) == a
