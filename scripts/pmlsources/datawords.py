"""Words in two languages: the numbers a text gives, and a data entry's translated words.

Why here: a translated page and a data entry's `es:` words must give exactly the numbers of the
English (a translation holds words, never a figure of its own). The checks (pmlcheck/translations.py,
the pictures' checks) and the renderers (pmlrender/wording.py) read these same functions, so what
is checked is what is drawn.
"""
from __future__ import annotations

import re
from collections import Counter

from pmlsources.pages import prose_lines


_CITATION = re.compile(r"\[[^\[\]]*@[\w-]+[^\[\]]*\]")


_LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}|<!--.*?-->|<[^>]+>|https?://\S+")


_LIST_MARK = re.compile(r"^\s*\d+\.\s")


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


def _value(text: str, language: str) -> str:
    """One written number as a plain decimal string: "1,000" (en) and "1.000" (es) are "1000";
    "0.5" (en) and "0,5" or "0.5" (es) are "0.5"."""
    thousands, decimal = (",", ".") if language == "en" else (".", ",")
    if re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+", text):
        return text.replace(thousands, "")
    if language != "en" and re.fullmatch(r"\d+\.\d+", text):
        return text  # a decimal point, as many Latin American countries write it
    return text.replace(decimal, ".")


def numbers(markdown_text: str, language: str) -> Counter:
    """Every number a reader reads on the page (not in citations, link targets, markup or list
    numbering), as plain decimal strings."""
    found: Counter = Counter()
    for _n, line in prose_lines(markdown_text):
        line = _LINK_TARGET.sub(" ", _CITATION.sub(" ", line))
        line = _LIST_MARK.sub(" ", line)
        for match in _NUMBER.finditer(line):
            found[_value(match.group(0).rstrip(".,"), language)] += 1
    return found


def data_words(item: dict, fields: tuple[str, ...], say, lang: str = "es") -> None:
    """An entry's translated words beside its English ones (an ``es:`` mapping): only the entry's
    own text ``fields``, each text (a list, one item per English item, where the English is a
    list), with exactly the numbers of the English words (a translation holds words, never a
    figure of its own). ``say(message, fix)`` reports each problem."""
    words = item.get(lang)
    if words is None:
        return
    if not isinstance(words, dict):
        say(f"'{lang}' is {words!r}, not a mapping of translated words.",
            f"write '{lang}:' and, indented under it, the translated fields ({', '.join(fields)}).")
        return
    for name, value in words.items():
        english = item.get(name)
        if name not in fields or english is None:
            say(f"'{lang}' has the field '{name}', which the English words do not have.",
                f"translate only this entry's own words: {', '.join(f for f in fields if item.get(f) is not None)}.")
        elif isinstance(english, list) != isinstance(value, list) or (isinstance(value, list) and len(value) != len(english)):
            say(f"'{lang}.{name}' does not match the English '{name}' item for item.",
                f"write one translated item for each of the {len(english)} English items, in the same order.")
        elif not all(isinstance(v, str) and v.strip() for v in (value if isinstance(value, list) else [value])):
            say(f"'{lang}.{name}' is {value!r}, not text.", "write the translated words (quote them if needed).")
        else:
            for en, tr in zip(english if isinstance(english, list) else [english], value if isinstance(value, list) else [value],
                              strict=True):  # equal lengths: checked just above
                same_numbers(str(en), tr, f"{lang}.{name}", lang, say)


def same_numbers(english: str, translation: str, field_name: str, lang: str, say) -> None:
    here, there = numbers(translation, lang), numbers(english, "en")
    if here != there:
        only_here = ", ".join(sorted((here - there).elements())) or "none"
        only_there = ", ".join(sorted((there - here).elements())) or "none"
        say(f"'{field_name}' has other numbers than the English words (only in the translation: {only_here}; "
            f"only in the English: {only_there}): {translation[:60]!r}.",
            "give every number exactly as the English words give it (write 1.000 for 1,000 and 0,5 for 0.5).")


DEFAULT = "en"


TRANSLATED = ("es",)  # languages whose words a data entry keeps in a mapping named after the code


def translated(item: dict, lang: str) -> dict:
    """An entry's words in ``lang`` (its `es:` mapping), or {} when it has none or ``lang`` is English."""
    words = item.get(lang) if lang in TRANSLATED and isinstance(item, dict) else None
    return words if isinstance(words, dict) else {}


def missing(item: dict, lang: str, fields) -> list[str]:
    """The fields of ``fields`` the entry has in English but not in ``lang``."""
    if lang not in TRANSLATED:
        return []
    words = translated(item, lang)
    return [f for f in fields if item.get(f) not in (None, "", []) and words.get(f) in (None, "", [])]


def fix_for(fields, lang: str = "es") -> str:
    """The fix of a missing translation: the mapping to add beside the English words."""
    lines = "\n".join(f"    {f}: <the {f} in {'Spanish' if lang == 'es' else lang}>" for f in fields)
    return f"add beside the English words of that entry:\n  {lang}:\n{lines}"
