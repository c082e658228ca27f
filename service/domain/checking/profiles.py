"""Which kind a document is (from its type name) and what that kind's page must have.

Kind-specific rules are data: a profile per type abbreviation (Phụ lục III, Mục I), merged with
an optional `kiem_tra` mapping on the kind's description in the registry, so a kind added to
the registry is checked with the rules of its type without touching the checker.

>>> detect_kind("KẾ HOẠCH", ["Triển khai công tác năm 2026"])[0]
'ke-hoach'
>>> detect_kind("QUYẾT ĐỊNH", ["Về việc tặng Bằng khen của Chủ tịch"])[0]
'quyet-dinh-khen-thuong'
>>> profile_for("QUYẾT ĐỊNH", None)["nhan_quyet_dinh"]
'QUYẾT ĐỊNH:'
"""

from __future__ import annotations

import re
from typing import Any

from service.domain.checking.text import TEN_LOAI
from service.domain.kinds import KINDS

CONG_VAN = "CÔNG VĂN"
BASE: dict[str, Any] = {"ten_loai": True, "trich_yeu": True, "so": True, "ngay": True, "dau_ket_thuc": True}
BY_TYPE: dict[str, dict[str, Any]] = {
    "QĐ": {"tham_quyen": True, "nhan_quyet_dinh": "QUYẾT ĐỊNH:", "can_cu_chat": True},
    "NQ": {"nhan_quyet_dinh": "QUYẾT NGHỊ:", "can_cu_chat": True},
    "TTr": {"kinh_gui": "bat_buoc"},
    "CV": {"ten_loai": False, "trich_yeu": False, "vv": True, "kinh_gui": "bat_buoc"},
    "BB": {"ngay": False},
    "GGT": {"trich_yeu": False},
    "GNP": {"trich_yeu": False},
}
_SUBKINDS = (  # several kinds share one type name: told apart by the trích yếu
    (re.compile(r"khen thưởng|Bằng khen|Giấy khen", re.IGNORECASE), "khen-thuong"),
    (re.compile(r"^(Ban hành|Phê duyệt)", re.IGNORECASE), "ban-hanh"),
)


def _abbr(loai: str | None) -> str:
    if loai == CONG_VAN:
        return "CV"
    return TEN_LOAI.get(loai or "", "")


def _kind_abbr(kind: Any) -> str:
    return str(getattr(kind, "viet_tat", None) or getattr(kind, "loai_van_ban", "") or "")


def detect_kind(loai: str | None, trich_yeu: list[str]) -> tuple[str | None, Any]:
    """(registry id, kind description) of a document whose type name is `loai`, else (None, None)."""
    if not loai:
        return None, None
    if loai == CONG_VAN:
        kind = KINDS.get("cong-van")
        return (kind.id, kind) if kind else (None, None)
    abbr = _abbr(loai)
    candidates = [k for k in KINDS.values() if _kind_abbr(k) == abbr and not getattr(k, "any_type", False)]
    if len(candidates) > 1:
        first = trich_yeu[0] if trich_yeu else ""
        chosen = None
        for pattern, suffix in _SUBKINDS:
            if pattern.search(first):
                chosen = next((k for k in candidates if k.id.endswith(suffix)), None)
                if chosen:
                    break
        if chosen is None:
            plain = [k for k in candidates if not any(k.id.endswith(s) for _, s in _SUBKINDS)]
            chosen = plain[0] if plain else candidates[0]
        return chosen.id, chosen
    if candidates:
        return candidates[0].id, candidates[0]
    generic = next((k for k in KINDS.values() if getattr(k, "any_type", False)), None)
    if generic is not None and abbr:
        return generic.id, generic
    return None, None


def profile_for(loai: str | None, kind: Any) -> dict[str, Any]:
    abbr = _abbr(loai)
    out = {**BASE, **BY_TYPE.get(abbr, {})}
    if abbr and abbr != "CV":
        out["viet_tat"] = abbr
    extra = getattr(kind, "kiem_tra", None)
    if isinstance(extra, dict):
        out.update(extra)
    return out


def ten_loai_vi(loai: str | None) -> str | None:
    """'KẾ HOẠCH' -> 'Kế hoạch'."""
    if not loai:
        return None
    return loai[0] + loai[1:].lower()


def has_trich_yeu(loai: str | None) -> bool:
    """Whether documents of this type carry a trích yếu under the type name."""
    return bool(BY_TYPE.get(_abbr(loai), {}).get("trich_yeu", True))
