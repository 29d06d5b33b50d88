"""The words around a generated picture or table in the page's language: numbers, dates, and a
data entry's translated words.

Why: a Spanish page shows the same pictures and risk tables as its English page, drawn from the
same data files, so every figure is typed once. What changes with the language is only the
words: the grouping and decimal marks ("1,000" and "0.07" in English, "1.000" and "0,07" in
Spanish), the month names, and the labels, which each data entry keeps beside its English
words in an `es:` mapping (checked by pmlsources/datawords.data_words: the same numbers as the
English words, no more, no fewer). A page's language comes from its path (pmlrender/language.py).
"""
from __future__ import annotations

from pmlsources import dates
from pmlsources.datawords import DEFAULT as DEFAULT, TRANSLATED as TRANSLATED  # the languages, named once

_MARKS = {"es": str.maketrans(",.", ".,")}  # English marks -> the language's (thousands, decimal)
MONTHS = {"en": dates.MONTHS, "es": dates.MONTHS_ES}  # the one list of month names (pmlsources/dates.py)


def number(n: float, lang: str = DEFAULT) -> str:
    """1000 -> "1,000" (en) or "1.000" (es); 0.07 -> "0.07" or "0,07"; 4.0 -> "4"."""
    text = f"{int(n):,}" if n == int(n) else f"{n:,.2f}".rstrip("0").rstrip(".")
    return text.translate(_MARKS[lang]) if lang in _MARKS else text


def date_words(date: str, lang: str = DEFAULT) -> str:
    """2017 -> "2017"; 2017-11 -> "November 2017" / "noviembre de 2017"; 2012-01-20 ->
    "20 January 2012" / "20 de enero de 2012". A month out of range is kept as written."""
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    names = MONTHS.get(lang, MONTHS[DEFAULT])
    month = names[int(parts[1]) - 1] if parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else parts[1]
    if lang == "es":
        return f"{month} de {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} de {month} de {parts[0]}"
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def on_date(date: str, lang: str) -> str:
    """A date after "published" in Spanish: "en 2017", "en noviembre de 2017", "el 20 de enero de 2012"."""
    return ("el " if date.count("-") == 2 else "en ") + date_words(date, lang)


# Spanish "unas" (about) is plural: "unas 4 de cada 1.000", but "alrededor de 1 de cada 240".
_BEFORE_ONE = {"es": {"unas": "alrededor de", "Unas": "Alrededor de"}}


def hedge(word: str, n: str, lang: str = DEFAULT) -> str:
    """The hedge ``word`` before the written number ``n``: "unas 4" but "alrededor de 1"."""
    return _BEFORE_ONE.get(lang, {}).get(word, word) if n == "1" else word


