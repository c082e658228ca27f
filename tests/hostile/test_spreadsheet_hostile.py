"""The hostile spreadsheets of tests/hostile/sheets.py through the reader as the service
configures it (child process, limits): each is refused with a clear message, never read,
and no entity is ever expanded."""

from __future__ import annotations

import time

import pytest

from service import config
from service.adapters.spreadsheet import SheetLimits, SpreadsheetError, read_table
from tests.hostile.sheets import HOSTILE, SECRET, plain

SCHEMA = {"type": "object", "properties": {"trich_yeu": {"type": "string"}}}


def limits(**over) -> SheetLimits:
    cfg = config.load()
    values = {
        "max_bytes": cfg["MAX_BATCH_BYTES"],
        "max_rows": cfg["MAX_SHEET_ROWS"],
        "max_uncompressed": cfg["MAX_SHEET_UNCOMPRESSED"],
        "max_cells": cfg["MAX_SHEET_CELLS"],
        "timeout_s": cfg["SHEET_TIMEOUT_S"],
        "memory_bytes": cfg["SHEET_MEMORY_MB"] * 1024 * 1024,
    }
    return SheetLimits(**{**values, **over})


def test_plain_sheet_is_read_in_the_child():
    table = read_table(plain(), SCHEMA, limits=limits())
    assert table.items == [{"trich_yeu": "Về việc khen thưởng"}]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_sheet_refused(name):
    data = HOSTILE[name]()
    assert len(data) < config.load()["MAX_BATCH_BYTES"]
    for where in (limits(), limits(timeout_s=0.0)):  # in the child and in process
        t0 = time.monotonic()
        with pytest.raises(SpreadsheetError) as caught:
            read_table(data, SCHEMA, limits=where)
        message = caught.value.errors[0]["message"]
        assert SECRET not in message and "root:" not in message
        assert time.monotonic() - t0 < 15, name


def test_child_limits_stop_what_the_scan_lets_through():
    """With the markup budget out of the way, the child's time limit still ends the work."""
    data = HOSTILE["tiny-strings"]()
    t0 = time.monotonic()
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, SCHEMA, limits=limits(max_cells=10**9, timeout_s=1.0))
    assert "thời gian hoặc bộ nhớ" in caught.value.errors[0]["message"]
    assert time.monotonic() - t0 < 10
