"""The committed templates are exactly what scripts/build_templates.py generates, and their
placeholders are exactly the names the domain's render context provides."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from service.adapters.docx_render import make_env
from service.domain.context import build_context
from service.domain.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "scripts" / "build_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_template_is_reproducible(kind):
    built = _builder().build(kind)
    assert built == _builder().build(kind)  # deterministic
    assert built == (ROOT / "templates_docx" / f"{kind}.docx").read_bytes(), "run scripts/build_templates.py"


@pytest.mark.parametrize("kind", list(KINDS))
def test_placeholders_match_context(kind):
    tpl = DocxTemplate(str(ROOT / "templates_docx" / f"{kind}.docx"))
    wanted = tpl.get_undeclared_template_variables() - set(make_env().globals)
    provided = set(build_context(kind, KINDS[kind].vi_du))
    assert wanted <= provided, wanted - provided
