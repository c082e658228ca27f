"""The sandbox of uploaded templates: escapes refused, limits enforced, the deadline kills."""

from __future__ import annotations

import hashlib
import os
import time

import pytest
from jinja2.exceptions import SecurityError, TemplateError

from service.adapters.template_blocks import make_sandbox
from service.adapters.template_sandbox import Limits, TemplateLimitExceeded
from service.adapters.template_worker import TemplateRenderFailed, TemplateRunner
from tests.templates.docx_make import make_docx

ESCAPES = [
    "{{ ho_ten.__class__.__mro__[1].__subclasses__() }}",
    "{{ ho_ten|attr('__class__') }}",
    "{{ ho_ten['__cl' ~ 'ass__'] }}",
    "{{ (ho_ten ~ '')['_' ~ '_class_' ~ '_'] }}",
    "{{ '{0.__class__}'.format(ho_ten) }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ range.__self__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ ho_ten.format_map(ds) }}",
    "{{ ds.pop('a') }}",
    "{% set x = ds.update({'a': 1}) %}",
    "{{ ds.__len__() }}",
    "{% set ns = namespace() %}{% set ns.__class__ = 1 %}",
    "{{ dict.fromkeys(range(10)) }}",
    "{{ namespace(a=1)|string }}{{ loop }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escapes_are_refused(source):
    env = make_sandbox(Limits(timeout_s=2))
    env.start()
    with pytest.raises((SecurityError, TemplateError)) as caught:
        out = env.from_string(source).render(ho_ten="A", ds={"a": 1})
        assert "class" not in out and "function" not in out and "module" not in out
        raise SecurityError(out)  # rendered harmlessly: show it was looked at
    assert "uid=" not in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "{{ range(10**9)|list|length }}",
        "{% for i in range(1000000000) %}x{% endfor %}",
        "{{ 'x' * 10**9 }}",
        "{{ [1] * 10**9 }}",
        "{{ 'x'.center(10**9) }}",
        "{{ 'x'.ljust(10**9) }}",
        "{{ 'x'|center(10**9) }}",
        "{{ 2 ** 100000 }}",
        "{{ (10 ** 999) ** 999 }}",
        "{{ 'ab'.replace('a', 'b', 10**9) }}",
        "{{ '%*d' % (10**9, 1) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{% for i in range(10000) %}{% for j in range(10000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}",
    ],
)
def test_size_limits(source):
    env = make_sandbox(Limits(timeout_s=2, max_output=1_000_000))
    env.start()
    t0 = time.monotonic()
    with pytest.raises((TemplateLimitExceeded, SecurityError, TemplateError, OverflowError)):
        env.from_string(source).render()
    assert time.monotonic() - t0 < 10  # a 2 s deadline, on a shared machine


def test_data_is_escaped_as_for_built_in_kinds():
    env = make_sandbox()
    env.start()
    out = env.from_string("<w:t>{{ a }}</w:t>").render(a="Phòng Tài chính & Kế hoạch <b>")
    assert out == "<w:t>Phòng Tài chính &amp; Kế hoạch &lt;b&gt;</w:t>"


@pytest.fixture()
def runner():
    r = TemplateRunner(Limits(timeout_s=1.0))
    yield r
    r.close()


def _render(runner, *paragraphs, **data):
    tpl = make_docx(*paragraphs)
    return runner.render(tpl, hashlib.sha256(tpl).hexdigest(), data)


def test_endless_loop_is_killed_and_the_next_render_works(runner):
    _render(runner, "{{ a }}", a="x")
    first = runner.pid
    endless = "{% set r = range(10000) %}{% for i in r %}{% for j in r %}{% for k in r %}{% endfor %}{% endfor %}{% endfor %}"
    t0 = time.monotonic()
    with pytest.raises(TemplateRenderFailed) as caught:
        _render(runner, endless)
    assert time.monotonic() - t0 < 10  # a 2 s deadline, on a shared machine
    assert caught.value.kind in ("timeout", "limit")
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # the looping child is gone (killed, reaped)
    import io

    import docx

    out = _render(runner, "Xin chào {{ a }}", a="B")
    assert docx.Document(io.BytesIO(out)).paragraphs[0].text == "Xin chào B"


def test_memory_bomb_is_stopped(runner):
    source = "{% set s = namespace(v='x' * 900000) %}{% for i in range(5000) %}{% set s.v = s.v ~ s.v[:900000] %}{% endfor %}{{ s.v|length }}"
    with pytest.raises(TemplateRenderFailed):
        _render(runner, source)


def test_missing_variable_names_it(runner):
    with pytest.raises(TemplateRenderFailed) as caught:
        _render(runner, "{{ ho_ten }}")
    assert "ho_ten" in caught.value.message and caught.value.kind == "undefined"
