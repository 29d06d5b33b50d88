"""Dates as readers read them ("5 December 2026"), the same on every operating system.

Why: `strftime("%-d")` (a day without its leading zero) is a glibc extension: on Windows and some
other C libraries it fails or prints "%-d". Messages, stamps, the changelog and the release
builders all write dates this way, so the format lives here once.
"""
from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """``day`` as "5 December 2026" (English month names, whatever the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
