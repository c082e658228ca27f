"""Variables of an uploaded template and the JSON Schema inferred from how its tags use them.

Rules (walking the Jinja syntax tree of every templated part):

* a name that no tag defines is a field of the data; ``a.b`` and ``a['b']`` make ``a`` an object;
* ``{% for x in xs %}`` makes ``xs`` an array; ``x.ten`` inside the loop makes its items objects
  with a ``ten`` property; ``{{ x }}`` alone, an array of strings;
* the decree's filters tell a type: a date for ``ngay_day_du``/``dong_ngay_thang``, an integer
  for ``so_van_ban``/``so_la_ma``/…, an array of strings for ``dong_noi_nhan``/``dong_kinh_gui``;
* a field used only in a condition, under ``is defined`` or with ``default`` is optional; the
  others are required (the sandbox is strict: a missing field would fail the render);
* a field named as in the contract (``co_quan_ban_hanh``, ``nguoi_ky``, ``noi_nhan`` …) takes the
  built-in kinds' definition (labels, limits, date format), and a sub-document adds the fields it
  reads.

>>> from jinja2 import Environment
>>> env = Environment()
>>> ast = env.parse("{{ ho_ten }} {% for c in ds %}{{ c.ten }} {{ c.don_vi.ten }}{% endfor %}"
...                 "{% if ghi_chu %}{{ ghi_chu }}{% endif %}{{ ngay | ngay_day_du }}")
>>> variables, schema = infer([ast])
>>> variables
['ds', 'ds[].don_vi.ten', 'ds[].ten', 'ghi_chu', 'ho_ten', 'ngay']
>>> schema["required"]
['ds', 'ho_ten', 'ngay']
>>> schema["properties"]["ds"]["items"]["properties"]["don_vi"]["type"], schema["properties"]["ngay"]["format"]
('object', 'date')
>>> example_data(schema)["ds"][0]["don_vi"]
{'ten': 'Ten 1'}
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes

from service.domain import schemas as S

DATE_FILTERS = {"ngay_day_du", "dong_ngay_thang"}
INT_FILTERS = {
    "so_van_ban",
    "dong_so_ky_hieu",
    "chu_cai_diem",
    "so_la_ma",
    "so_thanh_chu",
    "so_tien_bang_chu",
}
NUMBER_FILTERS = {"so_kieu_viet", "so_tien"}
LIST_FILTERS = {"dong_noi_nhan", "dong_kinh_gui"}
OPTIONAL_FILTERS = {"default", "d"}
# Sub-document -> fields it reads and the ones it needs (from the built-in kinds' schemas).
BLOCK_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "khoi_tieu_de": (
        ("co_quan_chu_quan", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay_ban_hanh", "nam"),
        ("co_quan_ban_hanh", "ky_hieu", "dia_danh"),
    ),
    "khoi_ten_loai": (("trich_yeu",), ("trich_yeu",)),
    "khoi_ky": (("noi_nhan", "luu", "nguoi_ky"), ("noi_nhan", "nguoi_ky")),
    "bang_danh_sach": (("danh_sach",), ()),  # no list: the block prints nothing
}
LOCALS = {"loop", "caller", "varargs", "kwargs", "range", "dict", "namespace", *BLOCK_FIELDS}


def known_fields(fields: Iterable[str] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """Definitions and examples of the contract's fields, from every built-in kind; the kind that
    shares most of `fields` first (a decision's example gets a decision's ký hiệu)."""
    from service.domain.kinds import KINDS

    wanted = set(fields)
    kinds = sorted(KINDS.values(), key=lambda k: -len(wanted & set(k.schema.get("properties", {}))))
    defs: dict[str, Any] = {}
    examples: dict[str, Any] = {}
    for kind in kinds:
        for name, node in kind.schema.get("properties", {}).items():
            defs.setdefault(name, node)
        for name, value in kind.vi_du.items():
            examples.setdefault(name, value)
    return defs, examples


@dataclass(eq=False)
class Shape:
    kind: str = "leaf"  # leaf | object | array
    props: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None
    hint: str | None = None  # date | integer | number
    required: bool = False
    free: bool = False  # an object read with .items()/.keys(): any properties

    def prop(self, name: str) -> Shape:
        self.kind = "object"
        return self.props.setdefault(name, Shape())

    def item(self) -> Shape:
        self.kind = "array"
        if self.items is None:
            self.items = Shape()
        return self.items


class _Walker:
    def __init__(self) -> None:
        self.root = Shape(kind="object")
        self.blocks: set[str] = set()
        self.guarded: list[set[int]] = []  # fields checked by the enclosing if-tests

    # ---------------------------------------------------------------- expressions
    def expr(self, node: nodes.Node | None, scope: dict[str, Shape | None], use: str) -> Shape | None:
        """The shape an expression refers to; `use` is plain | cond | guarded."""
        if node is None:
            return None
        if isinstance(node, nodes.Name):
            if node.name in scope:
                shape = scope[node.name]
            elif node.name in LOCALS or node.name in ("true", "false", "none", "True", "False", "None"):
                return None
            else:
                shape = self.root.prop(node.name)
            return self._use(shape, use)
        if isinstance(node, nodes.Getattr):
            base = self.expr(node.node, scope, "path")
            return self._use(base.prop(node.attr), use) if base is not None else None
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope, "path")
            arg = node.arg
            if base is None:
                self.expr(arg, scope, "plain")
                return None
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return self._use(base.prop(arg.value), use)
            if isinstance(arg, nodes.Slice):
                base.item()
                return base
            if isinstance(arg, nodes.Const) and isinstance(arg.value, int):
                return self._use(base.item(), use)
            self.expr(arg, scope, "plain")
            base.free = True
            return None
        if isinstance(node, nodes.Filter):
            return self._filter(node, scope, use)
        if isinstance(node, nodes.Test):
            optional = node.name in ("defined", "undefined", "none")
            self.expr(node.node, scope, "cond" if optional else use)
            for a in node.args:
                self.expr(a, scope, "plain")
            return None
        if isinstance(node, nodes.Call):
            return self._call(node, scope)
        for child in node.iter_child_nodes():
            self.expr(child, scope, "cond" if use == "cond" else "plain")
        return None

    def _use(self, shape: Shape | None, use: str) -> Shape | None:
        if shape is not None and use == "plain" and not any(id(shape) in g for g in self.guarded):
            shape.required = True
        return shape

    def _tested(self, test: nodes.Node, scope: dict[str, Shape | None]) -> list[Shape]:
        """The fields an if-test checks (`a`, `a.b`, `a and b`, `a is defined`)."""
        out = []
        for n in [test, *test.find_all(nodes.Name | nodes.Getattr)]:
            if isinstance(n, nodes.Name | nodes.Getattr):
                shape = self.expr(n, scope, "cond")
                if shape is not None:
                    out.append(shape)
        return out

    def _filter(self, node: nodes.Filter, scope: dict[str, Shape | None], use: str) -> Shape | None:
        name = node.name
        base = self.expr(node.node, scope, "cond" if name in OPTIONAL_FILTERS else use)
        args = list(node.args)
        if base is not None:
            if name in DATE_FILTERS and name == "ngay_day_du":
                base.hint = "date"
            elif name in INT_FILTERS and name != "dong_so_ky_hieu":
                base.hint = base.hint or "integer"
            elif name == "dong_so_ky_hieu":
                base.hint = "integer"
            elif name in NUMBER_FILTERS:
                base.hint = base.hint or "number"
            elif name in LIST_FILTERS or name in ("join", "first", "last"):
                base.item()
        # Arguments with a known meaning: dong_ngay_thang(ngay, nam), dong_noi_nhan(luu).
        for i, a in enumerate(args):
            shape = self.expr(a, scope, "plain")
            if shape is None:
                continue
            if name == "dong_ngay_thang" and i == 0:
                shape.hint = "date"
            elif name == "dong_ngay_thang" and i == 1:
                shape.hint = "integer"
            elif name == "dong_noi_nhan" and i == 0:
                shape.item()
        for kw in node.kwargs:
            self.expr(kw.value, scope, "plain")
        if name in ("first", "last") and base is not None:
            return base.item()
        return base if name in OPTIONAL_FILTERS else None

    def _call(self, node: nodes.Call, scope: dict[str, Shape | None]) -> Shape | None:
        target = node.node
        if isinstance(target, nodes.Name) and target.name in BLOCK_FIELDS:
            self.blocks.add(target.name)
        elif isinstance(target, nodes.Getattr) and target.attr in ("items", "keys", "values", "get"):
            base = self.expr(target.node, scope, "plain")
            if base is not None:
                base.kind = "object"
                base.free = True
        else:
            self.expr(target, scope, "plain")
        for a in [*node.args, *(k.value for k in node.kwargs)]:
            self.expr(a, scope, "plain")
        return None

    # ---------------------------------------------------------------- statements
    def stmt(self, node: nodes.Node, scope: dict[str, Shape | None]) -> None:
        if isinstance(node, nodes.For):
            seq = self.expr(node.iter, scope, "plain")
            item = seq.item() if seq is not None else None
            inner = dict(scope)
            for name in _names(node.target):
                inner[name] = item if isinstance(node.target, nodes.Name) else None
            if node.test is not None:
                self.expr(node.test, inner, "cond")
            self.body(node.body, inner)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.If):
            tested = self.expr(node.test, scope, "cond")
            guarded = {id(s) for s in self._tested(node.test, scope)} | ({id(tested)} if tested else set())
            self.guarded.append(guarded)
            self.body(node.body, scope)
            self.guarded.pop()
            for e in node.elif_:
                self.stmt(e, scope)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            shape = self.expr(node.node, scope, "plain")
            for name in _names(node.target):
                scope[name] = shape if isinstance(node.target, nodes.Name) else None
        elif isinstance(node, nodes.AssignBlock):
            for name in _names(node.target):
                scope[name] = None
            self.body(node.body, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            if isinstance(node, nodes.Macro):
                scope[node.name] = None
            for a in node.args:
                inner[a.name] = None
            for d in node.defaults:
                self.expr(d, scope, "plain")
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope, "plain")
            self.body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                shape = self.expr(value, scope, "plain")
                for name in _names(target):
                    inner[name] = shape if isinstance(target, nodes.Name) else None
            self.body(node.body, inner)
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, scope, "plain")
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope, "plain")
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt | nodes.Template):
                    self.stmt(child, scope)
                elif isinstance(child, nodes.Expr):
                    self.expr(child, scope, "plain")
                else:
                    self.stmt(child, scope)

    def body(self, items: Iterable[nodes.Node], scope: dict[str, Shape | None]) -> None:
        for n in items:
            self.stmt(n, scope)


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _paths(shape: Shape, prefix: str = "") -> list[str]:
    out = []
    for name, child in shape.props.items():
        path = f"{prefix}{name}"
        if child.kind == "object" and child.props:
            out += _paths(child, path + ".")
        elif child.kind == "array" and child.items is not None and child.items.props:
            out.append(path)
            out += _paths(child.items, path + "[].")
        else:
            out.append(path)
    return out


def _label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize() or name


def _compatible(shape: Shape, node: dict[str, Any]) -> bool:
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if shape.kind == "object":
        return "object" in types
    if shape.kind == "array":
        return "array" in types
    return bool({"string", "integer"} & set(types))


def _schema(shape: Shape, name: str, known: dict[str, Any] | None) -> dict[str, Any]:
    if known is not None and name in known and _compatible(shape, known[name]):
        return copy.deepcopy(known[name])
    if shape.kind == "object":
        props = {k: _schema(v, k, None) for k, v in shape.props.items()}
        out: dict[str, Any] = {
            "type": "object",
            "title": _label(name),
            "properties": props,
            "required": [k for k, v in shape.props.items() if v.required],
            "additionalProperties": shape.free,
        }
        return out
    if shape.kind == "array":
        items = (
            _schema(shape.items, name, None)
            if shape.items is not None and shape.items.kind != "leaf"
            else _leaf(shape.items or Shape(), name)
        )
        items.pop("title", None)
        return {"type": "array", "title": _label(name), "items": items, "maxItems": S.MAX_DANH_SACH}
    return _leaf(shape, name)


def _leaf(shape: Shape, name: str) -> dict[str, Any]:
    if shape.hint == "date":
        return {"type": ["string", "null"], "format": "date", "title": _label(name)}
    if shape.hint == "integer":
        return {"type": ["integer", "null"], "title": _label(name), "minimum": 0, "maximum": 10**15}
    if shape.hint == "number":
        return {"type": ["integer", "null"], "title": _label(name), "minimum": -(10**15), "maximum": 10**15}
    return {"type": "string", "title": _label(name), "maxLength": S.MAX_DOAN}


def infer(asts: Iterable[nodes.Template]) -> tuple[list[str], dict[str, Any]]:
    """(variables as dotted paths, JSON Schema of the data) of a template's parsed parts."""
    walker = _Walker()
    for ast in asts:
        walker.body(ast.body, {})
    defs, _ = known_fields()
    root = walker.root
    block_required: set[str] = set()
    for block in sorted(walker.blocks):
        reads, needs = BLOCK_FIELDS[block]
        for f in reads:
            shape = root.props.setdefault(f, Shape())
            if shape.kind == "leaf" and shape.hint is None:  # only named (a test, a default): as read
                shape.kind = _kind_of(defs.get(f))
        block_required.update(needs)
    variables = sorted(_paths(root))
    properties = {name: _schema(shape, name, defs) for name, shape in sorted(root.props.items())}
    required = sorted({n for n, s in root.props.items() if s.required} | block_required)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return variables, schema


def _kind_of(node: dict[str, Any] | None) -> str:
    if not node:
        return "leaf"
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    return "object" if "object" in types else "array" if "array" in types else "leaf"


def example_data(schema: dict[str, Any]) -> dict[str, Any]:
    """Data that fits `schema`, for the trial render at upload and the clerk's example."""
    _, examples = known_fields(schema.get("properties", {}))
    out = {}
    for name, node in schema.get("properties", {}).items():
        if name in examples and _fits(examples[name], node):
            out[name] = copy.deepcopy(examples[name])
        else:
            out[name] = _example(node, name, 1)
    return out


def _fits(value: Any, node: dict[str, Any]) -> bool:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(node).is_valid(value)


def _example(node: dict[str, Any], name: str, n: int) -> Any:
    if "default" in node:
        return copy.deepcopy(node["default"])
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if "object" in types:
        return {k: _example(v, k, n) for k, v in node.get("properties", {}).items()}
    if "array" in types:
        items = node.get("items") or {"type": "string"}
        return [_example(items, name, i) for i in (1, 2)]
    if "integer" in types or "number" in types:
        return max(int(node.get("minimum", 1)), n)
    if node.get("format") == "date":
        return f"2026-02-{n + 4:02d}"
    if "string" in types or not types or types == [None]:
        text = f"{_label(name)} {n}"
        return text[: int(node.get("maxLength", len(text)))] or "x"
    return None
