"""The registry of document kinds: every module of this package declares one `KIND`.

`KINDS` maps each id to its `DocumentKind` (service.domain.kind), ordered by `thu_tu` then id.
Adding a kind is adding a module here (see the README, "How to add a kind");
`load_kinds(directory)` registers the kinds of modules kept elsewhere (a test's temporary
directory, an office's own kinds) into the same dict, so every part of the service sees them.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from pathlib import Path

from service.domain.kind import DocumentKind

KINDS: dict[str, DocumentKind] = {}


def _sort() -> None:
    ordered = sorted(KINDS.values(), key=lambda k: (k.thu_tu, k.id))
    KINDS.clear()
    KINDS.update((k.id, k) for k in ordered)


def register(kind: DocumentKind) -> DocumentKind:
    """Add `kind` to the registry (an id already taken by another kind is an error)."""
    if not isinstance(kind, DocumentKind):
        raise TypeError(f"KIND must be a DocumentKind, not {type(kind).__name__}")
    old = KINDS.get(kind.id)
    if old is not None and old is not kind:
        raise ValueError(f"kind id {kind.id!r} is already registered")
    KINDS[kind.id] = kind
    _sort()
    return kind


def unregister(kind_id: str) -> None:
    KINDS.pop(kind_id, None)


def get_kind(kind_id: str) -> DocumentKind:
    """The kind of `kind_id` (KeyError when unknown; the HTTP layer answers 404 before this)."""
    return KINDS[kind_id]


def load_kinds(directory: str | Path) -> list[DocumentKind]:
    """Import every `*.py` module of `directory` (names not starting with `_`) and register the
    `KIND` each declares. Returns the kinds, in file-name order."""
    out = []
    for path in sorted(Path(directory).glob("*.py")):
        if path.name.startswith("_"):
            continue
        name = f"service_extra_kinds.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        out.append(register(module.KIND))
    return out


def _load_builtin() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            register(importlib.import_module(f"{__name__}.{info.name}").KIND)


_load_builtin()
