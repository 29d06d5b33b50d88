"""Dates as readers read them ("5 December 2026"; on Spanish pages "5 de diciembre de 2026"), the
same on every operating system.

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


def long_date_es(day: dt.date) -> str:
    """``day`` as Spanish readers read it: "5 de diciembre de 2026" (the Spanish edition)."""
    return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"


MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre")


def long_date_text_es(text: str) -> str:
    """A date written by ``long_date`` ("5 December 2026", as the release builders hand the build
    date to MkDocs) in Spanish; any other text unchanged ("unknown date" stays as it is)."""
    parts = str(text or "").split(" ")
    if len(parts) == 3 and parts[0].isdigit() and parts[1] in MONTHS and parts[2].isdigit():
        return f"{parts[0]} de {MONTHS_ES[MONTHS.index(parts[1])]} de {parts[2]}"
    return str(text or "")
