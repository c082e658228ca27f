"""Generate templates_docx/<id>.docx for every kind of the registry (service/domain/kinds/).

Run `python scripts/build_templates.py` (or `make templates`) after changing a kind or a
block: the output is byte-for-byte reproducible (fixed zip timestamps), so a layout change is
a reviewed code change. The files are ordinary .docx with docxtpl tags ({{ … }}, {%p … %})
that a clerk can open and edit in Word. The blocks live in service/adapters/docx_blocks.py,
the shared package parts in service/adapters/docx_package.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.adapters.docx_package import build_template  # noqa: E402
from service.domain.kinds import KINDS  # noqa: E402

OUT = ROOT / "templates_docx"


def build(kind_id: str) -> bytes:
    return build_template(KINDS[kind_id])


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for kind_id in KINDS:
        path = OUT / f"{kind_id}.docx"
        path.write_bytes(build(kind_id))
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
