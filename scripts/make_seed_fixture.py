"""Build fixtures/ke-hoach.json from the seed kế hoạch text (fixtures/seed/), word for word.

The seed text was extracted from the signed document and carries extraction flaws; the
repairs below are the only changes, and tests/layout/test_seed_fixture.py applies the same list when it
checks that every paragraph of the seed comes out of the rendered document in order.
Typos that are in the signed document itself ("bỗn phận", "Đôi với") are kept.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "ke-hoach-van-hoa-cong-vu-thai-nguyen-2024-2025.txt"

# (flawed text, repaired text): a stray CJK character replaced "iệ" in "bổ nhiệm"; a page
# break split "Bộ Quy tắc"; "*HHT*" is the typist's mark after the end sign, not body text.
REPAIRS = [
    ("bồ nh\u6eb2m", "bổ nhiệm"),
    ("Bộ Quy\n\ntắc ứng xử", "Bộ Quy tắc ứng xử"),
    ("./. *HHT*", "./."),
]


def seed_parts(text: str) -> dict:
    """Split the repaired seed text into trích yếu, body paragraphs and recipients."""
    for flawed, repaired in REPAIRS:
        text = text.replace(flawed, repaired)
    _, rest = text.split("**KẾ HOẠCH\n", 1)
    trich_yeu, rest = rest.split("**", 1)
    body, tail = rest.split("Noi nhận:", 1)
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    recipients = [r.strip()[2:].rstrip(";.") for r in tail.split("\n") if r.strip().startswith("- ")]
    luu = recipients.pop()
    return {
        "trich_yeu": trich_yeu.strip(),
        "paragraphs": paragraphs,
        "noi_nhan": recipients,
        "luu": [x.strip() for x in luu.removeprefix("Lưu:").split(",")],
    }


def main() -> None:
    parts = seed_parts(SEED.read_text(encoding="utf-8"))
    fixture = {
        "co_quan_ban_hanh": "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
        "so": None,
        "ky_hieu": "KH-UBND",
        "dia_danh": "Thái Nguyên",
        "ngay_ban_hanh": None,
        "nam": 2024,
        "trich_yeu": parts["trich_yeu"],
        "noi_dung": "\n".join(parts["paragraphs"]),
        "nguoi_ky": {
            "quyen_han": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "chuc_vu": "PHÓ CHỦ TỊCH",
            "ho_ten": "Lê Quang Tiến",
        },
        "noi_nhan": parts["noi_nhan"],
        "luu": parts["luu"],
    }
    out = ROOT / "fixtures" / "ke-hoach.json"
    out.write_text(json.dumps(fixture, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}: {len(parts['paragraphs'])} paragraphs", file=sys.stderr)


if __name__ == "__main__":
    main()
