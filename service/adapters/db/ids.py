"""Ids of stored rows: 32 hex digits that grow with time (the layout of UUID version 7,
RFC 9562: 48 bits of Unix milliseconds, then 74 random bits).

A register entry's id is the primary key of `van_ban_di` and of its file's row in
`van_ban_di_tep`. With random ids (uuid4) the documents issued together land on random pages of
both key indexes: a group of 8 wrote about 25 KB to SQLite's WAL per document; ids in time order
land on the last page, about 18 KB (bench/register.py, the capacity view). The 74 random bits
keep an id as hard to guess as it needs to be (no counter to walk); the time in it is the
entry's `tao_luc`, which the API shows anyway.

>>> a = new_id(); b = new_id(1_700_000_000_000)
>>> len(a) == len(b) == 32 and int(a, 16) > 0 and b[:12] == f"{1_700_000_000_000:012x}"
True
>>> b[12], b[16] in "89ab"  # version 7, RFC variant
('7', True)
>>> new_id(1_700_000_000_001) > b  # a later millisecond sorts after
True
"""

from __future__ import annotations

import os
import time

_RAND_B = (1 << 62) - 1


def new_id(now_ms: int | None = None) -> str:
    """A new id: 32 lower-case hex digits, ordered by the millisecond it was made in."""
    ms = (time.time_ns() // 1_000_000 if now_ms is None else now_ms) & ((1 << 48) - 1)
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 used
    value = (ms << 80) | (0x7 << 76) | ((rand >> 68) << 64) | (0b10 << 62) | (rand & _RAND_B)
    return f"{value:032x}"
