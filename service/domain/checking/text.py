"""Text facts of the decree the checker recognises: type names, markers, the fixed lines.

>>> tieu_chuan("  Cộng  hoà xã hội\u00a0chủ nghĩa ") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA"
True
>>> loai_van_ban("Kế hoạch"), loai_van_ban("QUYẾT ĐỊNH"), loai_van_ban("Về việc")
('KẾ HOẠCH', 'QUYẾT ĐỊNH', None)
>>> is_caps("SỞ NỘI VỤ (BAN TĐKT)"), is_caps("Sở Nội vụ")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
DIEM_LETTERS = tuple("abcdđeghiklmnopqrstuvxy")

# Điều 7 and Phụ lục III, Mục I: type name -> abbreviation in the symbol.
TEN_LOAI: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
SIGN_PREFIXES = ("TM", "KT", "TL", "TUQ", "Q")

# Old and new tone placement ("HOÀ"/"HÒA", "THOẢ"/"THỎA", "UỶ"/"ỦY") are both in use.
_TONE_FIXES = {
    "OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA",
    "OÈ": "ÒE", "OÉ": "ÓE", "OẺ": "ỎE", "OẼ": "ÕE", "OẸ": "ỌE",
    "UỲ": "ÙY", "UÝ": "ÚY", "UỶ": "ỦY", "UỸ": "ŨY", "UỴ": "ỤY",
}  # fmt: skip
_TONE_RE = re.compile("(" + "|".join(_TONE_FIXES) + r")(?!\w)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def gon(text: str) -> str:
    """NFC, non-breaking and other spaces as one space, ends stripped."""
    return " ".join(nfc(text).split())  # str.split() takes every Unicode space, NBSP included


def tieu_chuan(text: str) -> str:
    """The comparable form of a fixed line: capitals, one tone placement, dashes as '-'."""
    text = gon(text).upper()
    text = re.sub(r"\s*[-‐‑‒–—−]\s*", " - ", text)
    return _TONE_RE.sub(lambda m: _TONE_FIXES[m.group(1)], text)


def is_caps(text: str) -> bool:
    """Every letter is a capital (and there is at least one letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def has_lower_words(text: str) -> bool:
    return any(c.islower() for c in text)


def loai_van_ban(text: str) -> str | None:
    """The Điều 7 type name a title line is, in capitals, or None."""
    key = tieu_chuan(text).rstrip(" .:")
    return key if key in TEN_LOAI else None


def is_decomposed(text: str) -> bool:
    """Text typed with combining accents (not the precomposed Unicode of TCVN 6909)."""
    return not unicodedata.is_normalized("NFC", text)


def roman_value(s: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not s or any(c not in values for c in s) or len(s) > 8:
        return None
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        total += -v if i + 1 < len(s) and values[s[i + 1]] > v else v
    return total


# --- body markers ------------------------------------------------------------

PHAN_RE = re.compile(r"^Phần\s+(thứ\s+\S+|[IVXLC]+)\s*$", re.IGNORECASE)
CHUONG_RE = re.compile(r"^Chương\s+([IVXLC]+)\s*$", re.IGNORECASE)
MUC_LABEL_RE = re.compile(r"^(Mục|Tiểu mục)\s+\d+\s*$")
DIEU_RE = re.compile(r"^Điều\s+(\d+)\s*([.:]?)")
ROMAN_RE = re.compile(r"^([IVXLC]+)\s*([.)/:])\s*(?=\S)")
KHOAN_RE = re.compile(r"^(\d{1,3})\s*([.)/])\s+(?=\S)")
DECIMAL_RE = re.compile(r"^\d{1,3}(\.\d{1,3})+\.?\s+")
DIEM_RE = re.compile(r"^([a-zđ])\s*([).])\s+(?=\S)")
DASH_RE = re.compile(r"^[-–—+•]\s*")
SO_RE = re.compile(r"^S[ốô]\s*(:?)\s*(.*)$", re.IGNORECASE)
NGAY_RE = re.compile(r"ngày\s*(\S*)\s*tháng\s*(\S*)\s*năm\s*(\S*)", re.IGNORECASE)
NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\b")
NOI_NHAN_RE = re.compile(r"^N[ơo]i\s+nh[ậa]n\s*(:?)", re.IGNORECASE)
LUU_RE = re.compile(r"^[-–—+•]?\s*Lưu\s*(:?)\s*(.*)$", re.IGNORECASE)
KINH_GUI_RE = re.compile(r"^Kính\s+gửi\s*(:?)\s*(.*)$", re.IGNORECASE)
CAN_CU_RE = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Theo đề xuất|Xét tờ trình)\b", re.IGNORECASE)
SIGN_RE = re.compile(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)(\.?)\s*(?=\S)")
VV_RE = re.compile(r"^V/v\b", re.IGNORECASE)
PHU_LUC_RE = re.compile(r"^Phụ\s+lục(\s+([IVXLC]+|\d+))?\s*$", re.IGNORECASE)
KEM_THEO_RE = re.compile(r"^\((Ban hành\s+)?kèm theo\b", re.IGNORECASE)
RULE_TEXT_RE = re.compile(r"^[_\-–—―─━=.]{3,}$")
ACADEMIC_RE = re.compile(r"^(GS|PGS|TS|ThS|TSKH|BS|KS|CN)\.?(\s*(TS|TSKH|BS))?\.?\s+\S", re.IGNORECASE)
DRAFT_BLANKS = {"", "…", "...", "....", "….."}
