"""The registry of document kinds: a plain dict from template id to its description."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from service.domain import schemas, vi_du
from service.domain.vn_format import nfc, so_van_ban, ten_tep


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document the service renders (id = template file name in templates_docx/)."""

    id: str
    ten: str
    loai_van_ban: str
    mo_ta: str
    schema_factory: Callable[[], dict[str, Any]]
    vi_du: dict[str, Any]
    schema: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "schema", self.schema_factory())

    def tom_tat(self) -> dict[str, str]:
        return {"id": self.id, "ten": self.ten, "loai_van_ban": self.loai_van_ban, "mo_ta": self.mo_ta}

    def ten_tep(self, data: dict[str, Any]) -> str:
        """Download file name (without extension) derived from the data.

        >>> KINDS["ke-hoach"].ten_tep({"so": 5, "ky_hieu": "KH-UBND", "trich_yeu": "Về việc A"})
        'Kế hoạch - 05-KH-UBND - Về việc A'
        """
        so = data.get("so")
        number = f"{so_van_ban(so)}/{nfc(data.get('ky_hieu')).strip()}" if so else "Dự thảo"
        first_line = nfc(data.get("trich_yeu")).strip().split("\n")[0]
        return ten_tep(self.ten, number, first_line[:80])


KINDS: dict[str, DocumentKind] = {
    k.id: k
    for k in (
        DocumentKind(
            "ke-hoach",
            "Kế hoạch",
            "KH",
            "Kế hoạch của cơ quan, tổ chức (Mẫu 1.4): mục I., II., khoản 1., 2., điểm a), b).",
            schemas.schema_ke_hoach,
            vi_du.KE_HOACH,
        ),
        DocumentKind(
            "bao-cao",
            "Báo cáo",
            "BC",
            "Báo cáo gửi cơ quan cấp trên hoặc nội bộ (Mẫu 1.4), có Kính gửi khi cần.",
            schemas.schema_bao_cao,
            vi_du.BAO_CAO,
        ),
        DocumentKind(
            "quyet-dinh-khen-thuong",
            "Quyết định khen thưởng",
            "QĐ",
            "Quyết định tặng Bằng khen, Giấy khen (Mẫu 1.2) kèm danh sách tập thể, cá nhân.",
            schemas.schema_quyet_dinh_khen_thuong,
            vi_du.QUYET_DINH_KHEN_THUONG,
        ),
    )
}
