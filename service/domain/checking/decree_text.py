"""The decree's own words behind each rule (Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I), quoted
so that a clerk can read the rule a finding cites.

>>> trich_dan("Phụ lục I, Phần I, Mục II, 4b")["tieu_de"]
'Mục II, 4b — Địa danh và thời gian ban hành văn bản'
>>> trich_dan("Phụ lục I, Phần I, Mục II, 9d")["neo"]
'muc-ii-9'
>>> trich_dan("Phụ lục IX") is None
True
"""

from __future__ import annotations

import re

P1 = "Phụ lục I, Phần I, "

DECREE: dict[str, tuple[str, str]] = {
    "Mục I, 1": ("Khổ giấy", "Khổ A4 (210 mm x 297 mm)."),
    "Mục I, 2": ("Kiểu trình bày", "Theo chiều dài của khổ A4. Trường hợp nội dung văn bản có các bảng, biểu nhưng "
                 "không được làm thành các phụ lục riêng thì văn bản có thể được trình bày theo chiều rộng."),
    "Mục I, 3": ("Định lề trang", "Cách mép trên và mép dưới 20 - 25 mm, cách mép trái 30 - 35 mm, cách mép phải "
                 "15 - 20 mm."),
    "Mục I, 4": ("Phông chữ", "Phông chữ tiếng Việt Times New Roman, bộ mã ký tự Unicode theo Tiêu chuẩn Việt Nam "
                 "TCVN 6909:2001, màu đen."),
    "Mục I, 7": ("Số trang văn bản", "Được đánh từ số 1, bằng chữ số Ả Rập, cỡ chữ 13 đến 14, kiểu chữ đứng, được "
                 "đặt canh giữa theo chiều ngang trong phần lề trên của văn bản, không hiển thị số trang thứ nhất."),
    "Mục II, 1": ("Quốc hiệu và Tiêu ngữ",
                  "a) Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”: Được trình bày bằng chữ in hoa, cỡ chữ từ 12 "
                  "đến 13, kiểu chữ đứng, đậm và ở phía trên cùng, bên phải trang đầu tiên của văn bản. b) Tiêu ngữ "
                  "“Độc lập - Tự do - Hạnh phúc”: Được trình bày bằng chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ "
                  "đứng, đậm và được canh giữa dưới Quốc hiệu; chữ cái đầu của các cụm từ được viết hoa, giữa các "
                  "cụm từ có gạch nối (-), có cách chữ; phía dưới có đường kẻ ngang, nét liền, có độ dài bằng độ "
                  "dài của dòng chữ."),
    "Mục II, 2": ("Tên cơ quan, tổ chức ban hành văn bản",
                  "Tên cơ quan, tổ chức ban hành văn bản được trình bày bằng chữ in hoa, cỡ chữ từ 12 đến 13, kiểu "
                  "chữ đứng, đậm, được đặt canh giữa dưới tên cơ quan, tổ chức chủ quản trực tiếp; phía dưới có "
                  "đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với "
                  "dòng chữ. Tên cơ quan, tổ chức chủ quản trực tiếp được trình bày bằng chữ in hoa, cỡ chữ từ 12 "
                  "đến 13, kiểu chữ đứng."),
    "Mục II, 3": ("Số, ký hiệu của văn bản",
                  "Từ “Số” được trình bày bằng chữ in thường, cỡ chữ 13, kiểu chữ đứng; sau từ “Số” có dấu hai chấm "
                  "(:); với những số nhỏ hơn 10 phải ghi thêm số 0 phía trước. Ký hiệu của văn bản được trình bày "
                  "bằng chữ in hoa, cỡ chữ 13, kiểu chữ đứng. Giữa số và ký hiệu văn bản có dấu gạch chéo (/), giữa "
                  "các nhóm chữ viết tắt trong ký hiệu văn bản có dấu gạch nối (-), không cách chữ."),
    "Mục II, 4": ("Địa danh và thời gian ban hành văn bản",
                  "Thời gian ban hành văn bản phải được viết đầy đủ; các số thể hiện ngày, tháng, năm dùng chữ số Ả "
                  "Rập; đối với những số thể hiện ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước. … "
                  "bằng chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ nghiêng; các chữ cái đầu của địa danh phải "
                  "viết hoa; sau địa danh có dấu phẩy (,)."),
    "Mục II, 5": ("Tên loại và trích yếu nội dung văn bản",
                  "Tên loại văn bản được trình bày bằng chữ in hoa, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm. Trích "
                  "yếu nội dung văn bản được đặt ngay dưới tên loại văn bản, trình bày bằng chữ in thường, cỡ chữ từ "
                  "13 đến 14, kiểu chữ đứng, đậm. Bên dưới trích yếu nội dung văn bản có đường kẻ ngang, nét liền, có "
                  "độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ. Đối với công văn, "
                  "trích yếu nội dung văn bản được trình bày … sau chữ “V/v” bằng chữ in thường, cỡ chữ từ 12 đến "
                  "13, kiểu chữ đứng."),
    "Mục II, 6": ("Nội dung văn bản",
                  "a) Căn cứ ban hành văn bản được trình bày bằng chữ in thường, kiểu chữ nghiêng, cỡ chữ từ 13 đến "
                  "14 …; sau mỗi căn cứ phải xuống dòng, cuối dòng có dấu chấm phẩy (;), dòng cuối cùng kết thúc "
                  "bằng dấu chấm (.). đ) … Số thứ tự của điều dùng chữ số Ả Rập, sau số thứ tự có dấu chấm (.); … "
                  "kiểu chữ đứng, đậm. Số thứ tự các khoản trong mỗi mục dùng chữ số Ả Rập, sau số thứ tự có dấu "
                  "chấm (.) … Thứ tự các điểm trong mỗi khoản dùng các chữ cái tiếng Việt theo thứ tự bảng chữ cái "
                  "tiếng Việt, sau có dấu đóng ngoặc đơn. e) Nội dung văn bản được trình bày bằng chữ in thường, "
                  "được canh đều cả hai lề, kiểu chữ đứng; cỡ chữ từ 13 đến 14; khi xuống dòng, chữ đầu dòng lùi "
                  "vào 1 cm hoặc 1,27 cm; khoảng cách giữa các đoạn văn tối thiểu là 6pt; khoảng cách giữa các dòng "
                  "tối thiểu là dòng đơn, tối đa là 1,5 lines."),
    "Mục II, 7": ("Chức vụ, họ tên và chữ ký của người có thẩm quyền",
                  "Các chữ viết tắt quyền hạn như: “TM.”, “Q.”, “KT.”, “TL.”, “TUQ.” và quyền hạn chức vụ của người "
                  "ký được trình bày bằng chữ in hoa, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm. … Họ và tên của người "
                  "ký văn bản được trình bày … bằng chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ đứng, đậm, được đặt "
                  "canh giữa quyền hạn, chức vụ của người ký. Trước họ tên của người ký, không ghi học hàm, học vị và "
                  "các danh hiệu danh dự khác."),
    "Mục II, 9": ("Nơi nhận",
                  "Từ “Nơi nhận” được trình bày trên một dòng riêng …, sau có dấu hai chấm (:), bằng chữ in thường, "
                  "cỡ chữ 12, kiểu chữ nghiêng, đậm; phần liệt kê các cơ quan, tổ chức, đơn vị và cá nhân nhận văn "
                  "bản được trình bày bằng chữ in thường, cỡ chữ 11, kiểu chữ đứng; … đầu dòng có gạch đầu dòng (-) "
                  "sát lề trái, cuối dòng có dấu chấm phẩy (;), dòng cuối cùng bao gồm chữ “Lưu” sau có dấu hai chấm "
                  "(:), tiếp theo là chữ viết tắt “VT”, dấu phẩy (,), chữ viết tắt tên đơn vị (hoặc bộ phận) soạn "
                  "thảo văn bản và số lượng bản lưu, cuối cùng là dấu chấm (.). Kính gửi: … sau từ “Kính gửi” có dấu "
                  "hai chấm (:) … cuối dòng có dấu chấm phẩy (;), cuối dòng cuối cùng có dấu chấm (.)."),
    "Mục III, 1": ("Phụ lục",
                  "Văn bản có từ hai Phụ lục trở lên thì các Phụ lục phải được đánh số thứ tự bằng chữ số La Mã. Từ "
                  "“Phụ lục” và số thứ tự của Phụ lục được trình bày thành một dòng riêng, canh giữa, bằng chữ in "
                  "thường, cỡ chữ 14, kiểu chữ đứng, đậm; tên Phụ lục (nếu có) … bằng chữ in hoa, cỡ chữ từ 13 đến "
                  "14, kiểu chữ đứng, đậm. Thông tin chỉ dẫn kèm theo văn bản … canh giữa phía dưới tên của Phụ lục, "
                  "chữ in thường, cỡ chữ từ 13 đến 14, kiểu chữ nghiêng. Số trang của Phụ lục được đánh số riêng "
                  "theo từng Phụ lục."),
    "Mục V, 6": ("Mẫu chữ và chi tiết trình bày: nội dung văn bản",
                 "Gồm phần, mục, khoản, điểm: số thứ tự và tiêu đề của mục — in hoa, đứng, đậm (I. NHỮNG KẾT QUẢ…); "
                 "khoản có tiêu đề — in thường, đứng, đậm (1. Phạm vi và đối tượng áp dụng); khoản không có tiêu đề "
                 "— đứng; điểm — đứng (a) Đối với …)."),
}  # fmt: skip

_PLACE = re.compile(r"^(Mục [IV]+, \d+)([a-zđ]?)$")


def trich_dan(can_cu: str) -> dict[str, str] | None:
    """The decree's text for a rule's place (`can_cu`), with an anchor for the decree page."""
    if not can_cu.startswith(P1):
        return None
    place = can_cu[len(P1) :]
    m = _PLACE.match(place)
    if not m or m.group(1) not in DECREE:
        return None
    title, text = DECREE[m.group(1)]
    return {"neo": neo(m.group(1)), "tieu_de": f"{place} — {title}", "van_ban": text}


def neo(place: str) -> str:
    """'Mục II, 9' -> 'muc-ii-9'."""
    return re.sub(r"[^a-z0-9]+", "-", place.lower().replace("ụ", "u")).strip("-")
