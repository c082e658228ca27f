"""The Jinja environment of uploaded templates: sandboxed, limited, with the decree's filters.

Three layers stand between an uploaded template and the server:

1. A static check of the parsed template (`forbidden_constructs`): no ``include``, ``import``,
   ``extends`` or ``from``; no attribute or item whose name starts with ``_`` (``__class__``,
   ``__globals__`` …); no ``self`` (Jinja's template reference) nor names of the web framework
   (``config``, ``request``, ``session`` …) nor ``cycler``, ``joiner``, ``lipsum``. Refused at
   upload with the paragraph and the tag.
2. At render time `TemplateSandbox`, an `ImmutableSandboxedEnvironment` (no method that changes a
   list or a dict, no attribute starting with ``_``, no attribute of a function, module or class):
   no loader (``include`` has nothing to read), only ``range`` (at most `Limits.max_range`
   numbers), ``dict`` and ``namespace`` as globals; ``*``, ``**``, ``+`` and ``%`` checked before
   they build a big string, list or number; every call and filter refused when an integer
   argument is above `Limits.max_int_arg` (``"x".center(10**9)``) and when its result is longer
   than `Limits.max_string`; the output counted while it is produced (`Limits.max_output`); the
   deadline checked at every call, attribute, operator and output chunk.
3. The render runs in a child process (``template_worker``) with an address-space limit, that
   the parent kills when the deadline passes: a loop that never calls anything still stops.

Data is escaped as for the built-in kinds (``autoescape=True``): ``&``, ``<`` and ``>`` in the
data print literally. Missing variables are errors (``StrictUndefined``), reported with their
name.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup

RESERVED_NAMES = frozenset(
    {
        "self",
        "config",
        "request",
        "session",
        "g",
        "url_for",
        "get_flashed_messages",
        "current_app",
        "app",
        "cycler",
        "joiner",
        "lipsum",
        "environment",
        "context",
        "os",
        "sys",
        "builtins",
        "__builtins__",
    }
)
FORBIDDEN_TAGS = {
    nodes.Extends: "extends",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
}


class TemplateLimitExceeded(SecurityError):
    """A template went past one of its limits (time, output, sizes)."""


@dataclass(frozen=True)
class Limits:
    """What one render of an uploaded template may do (see README, Configuration)."""

    timeout_s: float = 5.0
    max_output: int = 20 * 1024 * 1024  # characters of one rendered part
    max_string: int = 1_000_000  # characters of one string (or items of one list) built by the template
    max_range: int = 10_000  # numbers of one range()
    max_int_arg: int = 100_000  # an integer argument of a call or filter (widths, counts)
    max_power: int = 1_000  # a ** exponent


def forbidden_constructs(ast: nodes.Template) -> list[tuple[int, str]]:
    """(line, message) of every construct an uploaded template may not use.

    >>> from jinja2 import Environment
    >>> env = Environment()
    >>> forbidden_constructs(env.parse("{{ x.__class__ }}{% include 'a' %}{{ config }}"))
    [(1, "thuộc tính '__class__' (tên bắt đầu bằng '_') không được phép"), (1, 'không được dùng include'), (1, "tên 'config' không được dùng trong mẫu")]
    >>> forbidden_constructs(env.parse("{{ ho_ten }}{% for x in ds %}{{ x.ten }}{% endfor %}"))
    []
    """
    out: list[tuple[int, str]] = []
    for node in ast.find_all(nodes.Node):
        kind = FORBIDDEN_TAGS.get(type(node))
        if kind:
            out.append((node.lineno, f"không được dùng {kind}"))
        elif isinstance(node, nodes.Getattr | nodes.NSRef) and node.attr.startswith("_"):
            out.append((node.lineno, f"thuộc tính '{node.attr}' (tên bắt đầu bằng '_') không được phép"))
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            out.append((node.lineno, f"thuộc tính '{node.arg.value}' (tên bắt đầu bằng '_') không được phép"))
        elif isinstance(node, nodes.Name) and node.name in RESERVED_NAMES:
            out.append((node.lineno, f"tên '{node.name}' không được dùng trong mẫu"))
        elif isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
            out.append((node.lineno, "chuỗi chứa '__' không được phép"))
    return out


# Methods of plain values a template may call; anything else (format_map, mro, …) is refused.
_SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset(
        "capitalize casefold count endswith find index isalnum isalpha isdigit islower isnumeric "
        "isspace istitle isupper lower lstrip partition removeprefix removesuffix replace rfind "
        "rindex rpartition rsplit rstrip split splitlines startswith strip swapcase title upper "
        "format".split()
    ),
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    tuple: frozenset({"count", "index"}),
}


_DIGITS = re.compile(r"\d+")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


class GuardedTemplate(Template):
    """A template whose render counts its output and watches the deadline while it runs."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env: TemplateSandbox = self.environment  # type: ignore[assignment]
        ctx = self.new_context(dict(*args, **kwargs))
        out: list[str] = []
        size = 0
        try:
            for chunk in self.root_render_func(ctx):
                size += len(chunk)
                if size > env.limits.max_output:
                    raise TemplateLimitExceeded(
                        f"văn bản tạo ra vượt quá {env.limits.max_output:,} ký tự".replace(",", ".")
                    )
                env.check_deadline()
                out.append(chunk)
        except Exception:
            self.environment.handle_exception()
        return "".join(out)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The sandboxed, limited environment every uploaded template is compiled and rendered in."""

    template_class = GuardedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, limits: Limits | None = None, *, filters: dict[str, Callable[..., Any]] | None = None):
        super().__init__(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, loader=None)
        self.limits = limits or Limits()
        self.deadline = float("inf")
        self.globals.clear()
        self.globals.update(range=self._range, dict=dict, namespace=Namespace)
        for name in ("attr", "center", "indent", "wordwrap", "truncate", "filesizeformat", "xmlattr"):
            self.filters.pop(name, None)
        for name, func in list(self.filters.items()):  # Jinja's own: integer arguments checked
            self.filters[name] = self._guard(func, check_args=True)
        for name, func in (filters or {}).items():  # the decree's formatters: data of any size
            self.filters[name] = self._guard(func, check_args=False)

    # ------------------------------------------------------------------ limits
    def start(self) -> None:
        """Start the clock of one render."""
        self.deadline = time.monotonic() + self.limits.timeout_s

    def check_deadline(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitExceeded(f"mẫu chạy quá {self.limits.timeout_s:g} giây")

    def _check_args(self, args: Iterable[Any]) -> None:
        for a in args:
            if isinstance(a, int) and not isinstance(a, bool) and abs(a) > self.limits.max_int_arg:
                raise TemplateLimitExceeded(f"số {a} quá lớn cho mẫu")

    def _check_format(self, fmt: str) -> None:
        """A format string may not ask for a width or precision above the integer limit."""
        for digits in _DIGITS.findall(fmt):
            if int(digits) > self.limits.max_int_arg:
                raise TemplateLimitExceeded(f"độ rộng {digits} quá lớn cho mẫu")

    def _check_result(self, value: Any) -> Any:
        if _size(value) > self.limits.max_string:
            raise TemplateLimitExceeded("chuỗi hoặc danh sách tạo ra quá lớn")
        if isinstance(value, int) and value.bit_length() > 4096:
            raise TemplateLimitExceeded("số tạo ra quá lớn")
        return value

    def _guard(self, func: Callable[..., Any], *, check_args: bool) -> Callable[..., Any]:
        skip = 2 if hasattr(func, "jinja_pass_arg") else 1  # (context,) value, arguments…

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.check_deadline()
            if check_args:
                self._check_args(list(args[skip:]) + list(kwargs.values()))
            return self._check_result(func(*args, **kwargs))

        for attr in ("jinja_pass_arg",):  # keep @pass_context / @pass_eval_context
            if hasattr(func, attr):
                setattr(guarded, attr, getattr(func, attr))
        guarded.__doc__ = func.__doc__
        guarded.__wrapped__ = func  # type: ignore[attr-defined]
        return guarded

    def _range(self, *args: int) -> range:
        self._check_args(args)
        rng = range(*args)
        if len(rng) > self.limits.max_range:
            raise TemplateLimitExceeded(f"range() quá {self.limits.max_range:,} số".replace(",", "."))
        return rng

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        self.check_deadline()
        lim = self.limits
        if op == "**":
            if not isinstance(right, int | float) or abs(right) > lim.max_power:
                raise TemplateLimitExceeded("lũy thừa quá lớn")
            if isinstance(left, int) and left.bit_length() * abs(right) > 65_536:
                raise TemplateLimitExceeded("lũy thừa quá lớn")
        elif op == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, int) and _size(seq) * max(n, 0) > lim.max_string:
                    raise TemplateLimitExceeded("chuỗi hoặc danh sách tạo ra quá lớn")
        elif op == "+":
            if _size(left) + _size(right) > lim.max_string:
                raise TemplateLimitExceeded("chuỗi hoặc danh sách tạo ra quá lớn")
        elif op == "%" and isinstance(left, str):
            self._check_format(left)
            self._check_args(right if isinstance(right, tuple) else (right,))
        result = super().call_binop(context, op, left, right)
        return self._check_result(result)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_") or not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, Namespace | LoopContext):
            return True
        if callable(value):
            allowed = next((m for t, m in _SAFE_METHODS.items() if isinstance(obj, t)), frozenset())
            return attr in allowed
        return isinstance(obj, str | int | float | dict | list | tuple | Markup)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_deadline()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.check_deadline()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.check_deadline()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str | list | tuple | dict) or __obj == __self._range:
            __self._check_args(list(args) + list(kwargs.values()))
            if isinstance(owner, str) and getattr(__obj, "__name__", "") == "format":
                __self._check_format(owner)
        result = ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if getattr(__obj, "vb_block", False):  # the decree's sub-documents: large by design
            return result
        return __self._check_result(result)
