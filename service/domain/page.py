"""Page geometry shared by every kind (twips; 567 = 1 cm): the one place these figures live.

A4 portrait, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (inside the decree's
ranges, nd30-style.md §2). The header table is 3,686 + 5,953 = 9,639 wide, about 40:60, shifted
142 left to centre it on the 9,355 text block, so the 13 pt Quốc hiệu fits on one line.

>>> TEXT_W, HEAD_IND, SIGN_R
(9355, -142, 5386)
"""

from __future__ import annotations

PAGE_W, PAGE_H = 11906, 16838  # A4 portrait
MARGIN = {"top": 1134, "bottom": 1134, "left": 1701, "right": 850, "header": 567, "footer": 567}
TEXT_W = PAGE_W - MARGIN["left"] - MARGIN["right"]  # 9,355: the text block
TEXT_W_LANDSCAPE = PAGE_H - MARGIN["left"] - MARGIN["right"]  # 14,287 (appendices laid landscape)
HEAD_L, HEAD_R = 3686, 5953  # header table columns (issuing body | Quốc hiệu)
HEAD_IND = -(HEAD_L + HEAD_R - TEXT_W) // 2
CELL_MAR = 108  # left/right cell margin of every table
SIGN_L, SIGN_R = 3969, TEXT_W - 3969  # Nơi nhận | signer

# Font sizes (half of w:sz) used where the domain sizes rules from text widths.
CO_CHU_CO_QUAN = 13
CO_CHU_TRICH_YEU = 14
