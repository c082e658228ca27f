"""The repository carries what its tests and scripts need: nothing reads ../shared (the team's
reference folder, absent from a user's clone). `.ci/run` proves it by testing a lone clone;
this test says where a new dependency crept in."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"""\.\./shared|/work/shared|parents?(\[\d\])?\s*/\s*["']shared["']""")
SELF = Path(__file__).resolve()


def test_no_code_reads_the_shared_reference_folder():
    files = [ROOT / "Makefile", ROOT / "wsgi.py", ROOT / "gunicorn.conf.py"]  # .ci/run: the proof itself
    for folder in ("service", "tests", "scripts", "bench"):
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".sh", ".cfg", ".toml")]
    readers = [
        str(p.relative_to(ROOT))
        for p in files
        if p.is_file()
        and p.resolve() != SELF
        and OUTSIDE.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert readers == []


def test_the_seed_text_is_in_the_repository():
    seed = ROOT / "fixtures" / "seed" / "ke-hoach-van-hoa-cong-vu-thai-nguyen-2024-2025.txt"
    assert "tỉnh Thái Nguyên giai đoạn 2024 - 2025" in seed.read_text(encoding="utf-8")


def test_ci_runs_the_tests_in_a_lone_clone():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mktemp -d" in run and "git clone" in run and "make test" in run
