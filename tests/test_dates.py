"""Dates as readers read them, without the glibc-only `%-d` (pmlsources/dates.py)."""
from __future__ import annotations

import datetime as dt

from conftest import ROOT
from pmlsources.dates import long_date


def test_long_date_writes_the_day_without_a_leading_zero():
    assert long_date(dt.date(2026, 12, 5)) == "5 December 2026"
    assert long_date(dt.date(2027, 1, 31)) == "31 January 2027"


def test_no_script_formats_a_date_with_the_glibc_only_day():
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "scripts").rglob("*.py")
             if "%-d" in p.read_text(encoding="utf-8") and p.name != "dates.py"]
    assert not found, f"use pmlsources.dates.long_date instead of %-d in {found}"
