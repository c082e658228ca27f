"""The checker's rules as data: a stable id, the decree's place, the clerk's message, the severity.

Formatting rules of each element ("slot": Quốc hiệu, Tiêu ngữ, Nơi nhận …) are generated from
one table, SLOTS, so each element is described once: its Vietnamese name, the decree's place,
the size range, bold, italic, case, alignment. Text rules (zero padding, punctuation, order)
are listed by hand in TEXT_RULES.

>>> RULES["quoc_hieu.dam"].mo_ta
'Quốc hiệu phải in đậm.'
>>> RULES["ngay_thang.so_0"].muc_do
'loi'
>>> len({r.ma for r in RULES.values()}) == len(RULES)
True
"""

from __future__ import annotations

from dataclasses import dataclass

LOI = "loi"
CANH_BAO = "canh_bao"
P1 = "Phụ lục I, Phần I"


@dataclass(frozen=True)
class Rule:
    ma: str
    thanh_phan: str
    can_cu: str
    muc_do: str
    mo_ta: str
    dung: str = ""


@dataclass(frozen=True)
class Slot:
    """How one element of the page is set: None = the decree says nothing about it."""

    ten: str  # Vietnamese name, as a clerk says it
    can_cu: str
    size: tuple[float, float] | None = None
    bold: bool | None = None
    italic: bool | None = None
    case: str | None = None  # "hoa" (all capitals) | "thuong" (not all capitals)
    align: str | None = None  # "center" | "both"
    thanh_phan: str = ""


SLOTS: dict[str, Slot] = {
    "quoc_hieu": Slot("Quốc hiệu", f"{P1}, Mục II, 1a", (12, 13), True, False, "hoa", "center"),
    "tieu_ngu": Slot("Tiêu ngữ", f"{P1}, Mục II, 1b", (13, 14), True, False, None, "center"),
    "co_quan_chu_quan": Slot("Tên cơ quan chủ quản", f"{P1}, Mục II, 2b", (12, 13), None, False, "hoa", "center",
                             "co_quan"),
    "co_quan_ban_hanh": Slot("Tên cơ quan ban hành", f"{P1}, Mục II, 2b", (12, 13), True, False, "hoa", "center",
                             "co_quan"),
    "so_ky_hieu": Slot("Số, ký hiệu", f"{P1}, Mục II, 3c", (13, 13), None, False, None, "center"),
    "ngay_thang": Slot("Địa danh và ngày tháng", f"{P1}, Mục II, 4c", (13, 14), None, True, None, "center"),
    "ten_loai": Slot("Tên loại văn bản", f"{P1}, Mục II, 5b", (13, 14), True, False, "hoa", "center"),
    "trich_yeu": Slot("Trích yếu nội dung", f"{P1}, Mục II, 5b", (13, 14), True, False, None, "center"),
    "trich_yeu_cong_van": Slot("Trích yếu công văn (V/v)", f"{P1}, Mục II, 5b", (12, 13), False, False, None,
                               "center", "trich_yeu"),
    "tham_quyen": Slot("Thẩm quyền ban hành", "Phụ lục III, Mẫu 1.2", (13, 14), True, False, "hoa", "center"),
    "can_cu": Slot("Căn cứ ban hành", f"{P1}, Mục II, 6a", (13, 14), None, True, None, None),
    "quyet_dinh": Slot("Dòng “QUYẾT ĐỊNH:”", "Phụ lục III, Mẫu 1.2", (13, 14), True, False, "hoa", "center",
                       "noi_dung"),
    "kinh_gui": Slot("Kính gửi", f"{P1}, Mục II, 9d", (13, 14), None, False, None, None, "noi_nhan"),
    "noi_dung": Slot("Nội dung văn bản", f"{P1}, Mục II, 6e", (13, 14), None, None, None, "both"),
    "phan_chuong": Slot("Phần, chương", f"{P1}, Mục II, 6đ", (13, 14), True, False, None, "center", "noi_dung"),
    "muc": Slot("Mục (I., II., …)", f"{P1}, Mục V, 6b", (13, 14), True, False, "hoa", None, "noi_dung"),
    "dieu": Slot("Điều", f"{P1}, Mục II, 6đ", (13, 14), None, False, None, None, "noi_dung"),
    "quyen_han": Slot("Quyền hạn, chức vụ người ký", f"{P1}, Mục II, 7đ", (13, 14), True, False, "hoa", "center",
                      "chu_ky"),
    "ho_ten": Slot("Họ tên người ký", f"{P1}, Mục II, 7đ", (13, 14), True, False, "thuong", "center", "chu_ky"),
    "noi_nhan_nhan": Slot("Chữ “Nơi nhận”", f"{P1}, Mục II, 9d", (12, 12), True, True, None, None, "noi_nhan"),
    "noi_nhan": Slot("Danh sách nơi nhận", f"{P1}, Mục II, 9d", (11, 11), False, False, None, None, "noi_nhan"),
    "so_trang": Slot("Số trang", f"{P1}, Mục I, 7", (13, 14), None, False, None, "center"),
    "phu_luc_nhan": Slot("Chữ “Phụ lục”", f"{P1}, Mục III, 1b", (14, 14), True, False, None, "center", "phu_luc"),
    "phu_luc_ten": Slot("Tên phụ lục", f"{P1}, Mục III, 1b", (13, 14), True, False, "hoa", "center", "phu_luc"),
    "phu_luc_kem_theo": Slot("Dòng “(Kèm theo …)”", f"{P1}, Mục III, 1c", (13, 14), None, True, None, "center",
                             "phu_luc"),
}  # fmt: skip

_ALIGN_VI = {"center": "canh giữa", "both": "canh đều hai lề"}


def _slot_rules() -> list[Rule]:
    out = []
    for key, s in SLOTS.items():
        tp = s.thanh_phan or key
        out.append(Rule(f"{key}.phong_chu", tp, f"{P1}, Mục I, 4", LOI,
                        f"{s.ten} phải dùng phông chữ Times New Roman.", "Times New Roman"))  # fmt: skip
        if s.size:
            lo, hi = s.size
            want = f"cỡ chữ {lo:g}" if lo == hi else f"cỡ chữ từ {lo:g} đến {hi:g}"
            out.append(Rule(f"{key}.co_chu", tp, s.can_cu, LOI, f"{s.ten} phải {want}.", want))
        if s.bold is True:
            out.append(Rule(f"{key}.dam", tp, s.can_cu, LOI, f"{s.ten} phải in đậm.", "đậm"))
        if s.bold is False:
            out.append(Rule(f"{key}.khong_dam", tp, s.can_cu, LOI, f"{s.ten} không in đậm.", "không đậm"))
        if s.italic is True:
            out.append(Rule(f"{key}.nghieng", tp, s.can_cu, LOI, f"{s.ten} phải in nghiêng.", "nghiêng"))
        if s.italic is False:
            out.append(Rule(f"{key}.dung", tp, s.can_cu, LOI, f"{s.ten} phải là chữ đứng, không in nghiêng.",
                            "chữ đứng"))  # fmt: skip
        if s.case == "hoa":
            out.append(
                Rule(f"{key}.in_hoa", tp, s.can_cu, LOI, f"{s.ten} phải viết bằng chữ in hoa.", "in hoa")
            )
        if s.case == "thuong":
            out.append(
                Rule(
                    f"{key}.in_thuong",
                    tp,
                    s.can_cu,
                    LOI,
                    f"{s.ten} viết chữ in thường (hoa chữ cái đầu), không in hoa cả dòng.",
                    "in thường",
                )
            )
        if s.align:
            out.append(Rule(f"{key}.can_le", tp, s.can_cu, LOI, f"{s.ten} phải {_ALIGN_VI[s.align]}.",
                            _ALIGN_VI[s.align]))  # fmt: skip
    return out


def _r(ma: str, tp: str, can_cu: str, muc_do: str, mo_ta: str, dung: str = "") -> Rule:
    return Rule(ma, tp, can_cu, muc_do, mo_ta, dung)


TEXT_RULES: list[Rule] = [
    # page
    _r("trang.kho_giay", "trang", f"{P1}, Mục I, 1", LOI, "Khổ giấy phải là A4 (210 mm x 297 mm).", "A4"),
    _r("trang.huong", "trang", f"{P1}, Mục I, 2", CANH_BAO,
       "Văn bản trình bày theo chiều dài khổ A4; chỉ trình bày ngang khi có bảng, biểu.", "khổ dọc"),
    _r("trang.le_tren", "trang", f"{P1}, Mục I, 3", LOI, "Lề trên phải cách mép trên 20 - 25 mm.", "20 - 25 mm"),
    _r("trang.le_duoi", "trang", f"{P1}, Mục I, 3", LOI, "Lề dưới phải cách mép dưới 20 - 25 mm.", "20 - 25 mm"),
    _r("trang.le_trai", "trang", f"{P1}, Mục I, 3", LOI, "Lề trái phải cách mép trái 30 - 35 mm.", "30 - 35 mm"),
    _r("trang.le_phai", "trang", f"{P1}, Mục I, 3", LOI, "Lề phải phải cách mép phải 15 - 20 mm.", "15 - 20 mm"),
    _r("phong_chu", "noi_dung", f"{P1}, Mục I, 4", LOI, "Phải dùng phông chữ Times New Roman.", "Times New Roman"),
    _r("mau_chu", "noi_dung", f"{P1}, Mục I, 4", CANH_BAO, "Chữ phải màu đen.", "màu đen"),
    _r("bang_ma", "noi_dung", f"{P1}, Mục I, 4", CANH_BAO,
       "Chữ tiếng Việt gõ bằng dấu rời (tổ hợp), không phải Unicode dựng sẵn; hãy gõ lại bằng bảng mã Unicode "
       "dựng sẵn.", "Unicode dựng sẵn"),
    # page numbers
    _r("so_trang.thieu", "so_trang", f"{P1}, Mục I, 7", LOI,
       "Văn bản nhiều trang phải đánh số trang (từ trang 2) ở giữa lề trên.", "số trang ở lề trên"),
    _r("so_trang.vi_tri", "so_trang", f"{P1}, Mục I, 7", LOI,
       "Số trang phải đặt ở phần lề trên (đầu trang), không đặt ở chân trang.", "ở lề trên"),
    _r("so_trang.trang_dau", "so_trang", f"{P1}, Mục I, 7", LOI,
       "Không hiển thị số trang ở trang thứ nhất (chọn “Different First Page” cho đầu trang).", "trang 1 không có số"),
    _r("phu_luc.so_trang_rieng", "phu_luc", f"{P1}, Mục III, 1đ", LOI,
       "Số trang của phụ lục phải đánh riêng, bắt đầu từ 1 (phụ lục đặt ở một section riêng).", "đánh số lại từ 1"),
    # fixed lines
    _r("quoc_hieu.thieu", "quoc_hieu", f"{P1}, Mục II, 1a", LOI,
       "Thiếu Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM” ở đầu trang thứ nhất.", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    _r("quoc_hieu.dau_trang", "quoc_hieu", f"{P1}, Mục IV", CANH_BAO,
       "Phần đầu văn bản (Quốc hiệu, tên cơ quan, số, ngày) nằm trong đầu trang (header) của Word nên không kiểm "
       "tra được và có thể lặp lại ở mọi trang; hãy đặt phần này ở thân trang thứ nhất.", "ở thân trang thứ nhất"),
    _r("quoc_hieu.xuong_dong", "quoc_hieu", f"{P1}, Mục II, 1c", CANH_BAO,
       "Quốc hiệu bị xuống dòng: cột chứa Quốc hiệu quá hẹp, hãy nới rộng để Quốc hiệu nằm trên một dòng.",
       "một dòng"),
    _r("quoc_hieu.chu", "quoc_hieu", f"{P1}, Mục II, 1a", LOI, "Quốc hiệu viết sai chữ.",
       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    _r("tieu_ngu.thieu", "tieu_ngu", f"{P1}, Mục II, 1b", LOI, "Thiếu Tiêu ngữ dưới Quốc hiệu.", "Độc lập - Tự do - Hạnh phúc"),
    _r("tieu_ngu.chu", "tieu_ngu", f"{P1}, Mục II, 1b", LOI,
       "Tiêu ngữ viết sai: chữ in thường, viết hoa chữ cái đầu mỗi cụm từ, giữa các cụm có gạch nối (-) và cách chữ.",
       "Độc lập - Tự do - Hạnh phúc"),
    _r("tieu_ngu.duong_ke", "tieu_ngu", f"{P1}, Mục II, 1b", LOI,
       "Dưới Tiêu ngữ phải có đường kẻ ngang, nét liền.", "đường kẻ nét liền"),
    _r("tieu_ngu.do_dai_ke", "tieu_ngu", f"{P1}, Mục II, 1b", CANH_BAO,
       "Đường kẻ dưới Tiêu ngữ phải dài bằng dòng chữ.", "bằng độ dài dòng chữ"),
    _r("co_quan.thieu", "co_quan", f"{P1}, Mục II, 2", LOI, "Thiếu tên cơ quan, tổ chức ban hành văn bản.", ""),
    _r("co_quan.duong_ke", "co_quan", f"{P1}, Mục II, 2b", LOI,
       "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền.", "đường kẻ nét liền"),
    _r("co_quan.do_dai_ke", "co_quan", f"{P1}, Mục II, 2b", CANH_BAO,
       "Đường kẻ dưới tên cơ quan ban hành dài từ 1/3 đến 1/2 dòng chữ, đặt cân đối.", "1/3 - 1/2 dòng chữ"),
    _r("so_ky_hieu.thieu", "so_ky_hieu", f"{P1}, Mục II, 3", LOI, "Thiếu số, ký hiệu của văn bản (Số: …/…).", "Số: …/…"),
    _r("so_ky_hieu.dau_hai_cham", "so_ky_hieu", f"{P1}, Mục II, 3c", LOI, "Sau chữ “Số” phải có dấu hai chấm (:).",
       "Số:"),
    _r("so_ky_hieu.so_0", "so_ky_hieu", f"{P1}, Mục II, 3c", LOI, "Số nhỏ hơn 10 phải ghi thêm số 0 phía trước.", ""),
    _r("so_ky_hieu.gach_cheo", "so_ky_hieu", f"{P1}, Mục II, 3c", LOI,
       "Giữa số và ký hiệu phải có dấu gạch chéo (/).", "Số: 05/KH-UBND"),
    _r("so_ky_hieu.cach_chu", "so_ky_hieu", f"{P1}, Mục II, 3c", LOI,
       "Giữa các nhóm chữ viết tắt của ký hiệu dùng gạch nối (-), không cách chữ.", ""),
    _r("so_ky_hieu.chu_viet_tat", "so_ky_hieu", "Phụ lục III, Mục I", LOI,
       "Ký hiệu phải bắt đầu bằng chữ viết tắt tên loại văn bản.", ""),
    _r("ngay_thang.thieu", "ngay_thang", f"{P1}, Mục II, 4", LOI, "Thiếu địa danh và ngày, tháng, năm ban hành.", ""),
    _r("ngay_thang.so_0", "ngay_thang", f"{P1}, Mục II, 4b", LOI,
       "Ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước; các tháng khác không thêm số 0.", ""),
    _r("ngay_thang.day_du", "ngay_thang", f"{P1}, Mục II, 4b", LOI,
       "Ngày tháng năm phải viết đầy đủ “ngày … tháng … năm …”, không viết tắt bằng dấu gạch chéo.", ""),
    _r("ngay_thang.dau_phay", "ngay_thang", f"{P1}, Mục II, 4c", LOI, "Sau địa danh phải có dấu phẩy (,).", ""),
    _r("ngay_thang.viet_hoa_dia_danh", "ngay_thang", f"{P1}, Mục II, 4c", LOI,
       "Các chữ cái đầu của địa danh phải viết hoa.", ""),
    _r("ten_loai.thieu", "ten_loai", f"{P1}, Mục II, 5", CANH_BAO,
       "Không thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH, …) dưới phần đầu văn bản.", ""),
    _r("trich_yeu.thieu", "trich_yeu", f"{P1}, Mục II, 5b", LOI, "Thiếu trích yếu nội dung dưới tên loại văn bản.", ""),
    _r("trich_yeu.duong_ke", "trich_yeu", f"{P1}, Mục II, 5b", LOI,
       "Dưới trích yếu phải có đường kẻ ngang, nét liền.", "đường kẻ nét liền"),
    _r("trich_yeu.do_dai_ke", "trich_yeu", f"{P1}, Mục II, 5b", CANH_BAO,
       "Đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 dòng chữ.", "1/3 - 1/2 dòng chữ"),
    _r("trich_yeu.vv", "trich_yeu", f"{P1}, Mục II, 5b", LOI, "Trích yếu công văn phải bắt đầu bằng “V/v”.", "V/v …"),
    _r("tham_quyen.thieu", "tham_quyen", "Phụ lục III, Mẫu 1.2", CANH_BAO,
       "Quyết định thiếu dòng thẩm quyền ban hành (ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …).", ""),
    _r("can_cu.dau_cau", "can_cu", f"{P1}, Mục II, 6a", LOI,
       "Mỗi căn cứ kết thúc bằng dấu chấm phẩy (;), căn cứ cuối cùng bằng dấu chấm (.).", ""),
    _r("quyet_dinh.thieu", "noi_dung", "Phụ lục III, Mẫu 1.2", LOI,
       "Thiếu dòng “QUYẾT ĐỊNH:” trước các điều.", "QUYẾT ĐỊNH:"),
    _r("kinh_gui.thieu", "noi_nhan", f"{P1}, Mục II, 9b", LOI, "Văn bản này phải có phần “Kính gửi:”.", "Kính gửi: …"),
    _r("kinh_gui.dau_hai_cham", "noi_nhan", f"{P1}, Mục II, 9d", LOI, "Sau “Kính gửi” phải có dấu hai chấm (:).", ""),
    _r("kinh_gui.dau_cau", "noi_nhan", f"{P1}, Mục II, 9d", LOI,
       "Khi gửi nhiều nơi: mỗi nơi một dòng, đầu dòng có gạch (-), cuối dòng có dấu (;), dòng cuối có dấu chấm (.).", ""),
    # body
    _r("noi_dung.lui_dau_dong", "noi_dung", f"{P1}, Mục II, 6e", LOI,
       "Chữ đầu dòng của đoạn văn phải lùi vào 1 cm hoặc 1,27 cm.", "1 cm hoặc 1,27 cm"),
    _r("noi_dung.lui_bang_dau_cach", "noi_dung", f"{P1}, Mục II, 6e", CANH_BAO,
       "Đầu dòng được lùi bằng dấu cách; hãy dùng thụt lề dòng đầu 1 cm hoặc 1,27 cm.", "thụt lề dòng đầu"),
    _r("noi_dung.khoang_cach_doan", "noi_dung", f"{P1}, Mục II, 6e", LOI,
       "Khoảng cách giữa các đoạn văn tối thiểu là 6 pt.", "≥ 6 pt"),
    _r("noi_dung.gian_dong", "noi_dung", f"{P1}, Mục II, 6e", LOI,
       "Khoảng cách giữa các dòng từ dòng đơn đến 1,5 dòng.", "1 - 1,5 dòng"),
    _r("noi_dung.chu_dung", "noi_dung", f"{P1}, Mục II, 6e", CANH_BAO,
       "Nội dung văn bản trình bày bằng chữ đứng; cả đoạn đang in nghiêng.", "chữ đứng"),
    _r("noi_dung.dau_ket_thuc", "noi_dung", "Phụ lục III (các mẫu)", LOI,
       "Cuối nội dung văn bản phải có dấu kết thúc “./.” ngay sau dấu chấm.", "… ./."),
    _r("muc.thu_tu", "noi_dung", f"{P1}, Mục V, 6b", LOI, "Số thứ tự của mục (I, II, III, …) không liên tục.", ""),
    _r("muc.dau", "noi_dung", f"{P1}, Mục V, 6b", LOI, "Sau số La Mã của mục phải có dấu chấm (I.).", "I."),
    _r("khoan.thu_tu", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Số thứ tự của khoản (1, 2, 3, …) không liên tục.", ""),
    _r("khoan.dau", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Sau số thứ tự của khoản phải có dấu chấm (1.).", "1."),
    _r("khoan.tieu_de_dam", "noi_dung", f"{P1}, Mục V, 6b", CANH_BAO,
       "Khoản có tiêu đề thì số thứ tự và tiêu đề in đậm.", "đậm"),
    _r("diem.chu_cai", "noi_dung", f"{P1}, Mục II, 6đ", LOI,
       "Điểm dùng chữ cái tiếng Việt theo thứ tự a, b, c, d, đ, e, g, h, i, k, … (không có f, j, w, z).", ""),
    _r("diem.thu_tu", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Thứ tự các điểm không đúng thứ tự bảng chữ cái tiếng Việt.", ""),
    _r("diem.dau", "noi_dung", f"{P1}, Mục II, 6đ", CANH_BAO, "Sau chữ cái của điểm dùng dấu đóng ngoặc đơn: a).", "a)"),
    _r("dieu.thu_tu", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Số thứ tự các điều không liên tục.", ""),
    _r("dieu.dau_cham", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Sau số thứ tự của điều phải có dấu chấm (Điều 1.).",
       "Điều 1."),
    _r("dieu.dam", "noi_dung", f"{P1}, Mục II, 6đ", LOI, "Chữ “Điều”, số thứ tự và tiêu đề của điều phải in đậm.",
       "đậm"),
    # closing
    _r("chu_ky.thieu", "chu_ky", f"{P1}, Mục II, 7", CANH_BAO, "Không tìm thấy quyền hạn, chức vụ của người ký.", ""),
    _r("chu_ky.viet_tat", "chu_ky", f"{P1}, Mục II, 7b", LOI,
       "Chữ viết tắt quyền hạn phải là TM., KT., TL., TUQ. hoặc Q. (có dấu chấm).", "TM., KT., TL., TUQ., Q."),
    _r("ho_ten.thieu", "chu_ky", f"{P1}, Mục II, 7c", CANH_BAO, "Không tìm thấy họ tên người ký.", ""),
    _r("ho_ten.hoc_vi", "chu_ky", f"{P1}, Mục II, 7c", CANH_BAO,
       "Trước họ tên người ký không ghi học hàm, học vị (trừ ngành được phép).", ""),
    _r("noi_nhan.thieu", "noi_nhan", f"{P1}, Mục II, 9", LOI, "Thiếu phần “Nơi nhận:”.", "Nơi nhận:"),
    _r("noi_nhan.dau_hai_cham", "noi_nhan", f"{P1}, Mục II, 9d", LOI, "Sau “Nơi nhận” phải có dấu hai chấm (:).",
       "Nơi nhận:"),
    _r("noi_nhan.gach_dau_dong", "noi_nhan", f"{P1}, Mục II, 9d", LOI,
       "Mỗi nơi nhận một dòng, đầu dòng có gạch đầu dòng (-).", "- …;"),
    _r("noi_nhan.dau_cham_phay", "noi_nhan", f"{P1}, Mục II, 9d", LOI, "Cuối mỗi dòng nơi nhận có dấu chấm phẩy (;).",
       "…;"),
    _r("noi_nhan.thieu_luu", "noi_nhan", f"{P1}, Mục II, 9d", LOI,
       "Dòng cuối của Nơi nhận phải là “- Lưu: VT, …” (chữ viết tắt đơn vị soạn thảo, số bản lưu).", "- Lưu: VT, ….",),
    _r("noi_nhan.luu", "noi_nhan", f"{P1}, Mục II, 9d", LOI,
       "Dòng Lưu viết: “- Lưu: VT, <đơn vị soạn thảo>.” — chữ “Lưu”, dấu hai chấm, “VT” đứng đầu, "
       "kết thúc bằng dấu chấm.", "- Lưu: VT, ….",),
    _r("noi_nhan.nhu_tren", "noi_nhan", f"{P1}, Mục II, 9b", CANH_BAO,
       "Văn bản có “Kính gửi” thì nơi nhận đầu tiên là “- Như trên;”.", "- Như trên;"),
    # appendices
    _r("phu_luc.so_la_ma", "phu_luc", f"{P1}, Mục III, 1a", LOI,
       "Văn bản có từ hai phụ lục trở lên thì phụ lục đánh số bằng chữ số La Mã (Phụ lục I, Phụ lục II).", ""),
    # Phụ lục II: capitalisation
    _r("viet_hoa.don_vi_hanh_chinh", "noi_dung", "Phụ lục II", CANH_BAO,
       "Tên đơn vị hành chính: danh từ chung (tỉnh, huyện, xã, …) viết thường, chỉ viết hoa tên riêng.", ""),
    _r("viet_hoa.co_quan", "noi_dung", "Phụ lục II", CANH_BAO,
       "Tên cơ quan, tổ chức: chỉ viết hoa chữ cái đầu của từ chỉ loại hình và chức năng (Ủy ban nhân dân, Sở Tài chính).",
       ""),
    _r("viet_hoa.dieu_khoan", "noi_dung", "Phụ lục II", CANH_BAO,
       "Khi viện dẫn: viết hoa Phần, Chương, Mục, Điều; viết thường khoản, điểm (điểm a khoản 2 Điều 5).", ""),
]  # fmt: skip

RULES: dict[str, Rule] = {r.ma: r for r in [*_slot_rules(), *TEXT_RULES]}
