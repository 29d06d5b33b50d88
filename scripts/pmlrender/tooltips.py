"""Glossary tooltips: the words each glossary term explains (for Markdown's abbr extension), then
kept on the first use of each term on a page only, and none on the Glossary page.

Why: Markdown's abbr extension marks every occurrence of every glossary term. A printed
glossary marks first uses only; a term marked on every line cluttered the text, added
kilobytes and, on a phone, a tooltip to mount for each. On the Glossary page itself every word
is explained where it stands, so it has none.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from pmlsources.glossary import Term

_ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>")


def first_use_only(html: str) -> str:
    """``html`` with each term's tooltip kept on its first use (case-insensitively) only."""
    seen: set[str] = set()

    def first(match: re.Match) -> str:
        word = match.group(1)
        if word.casefold() in seen:
            return word
        seen.add(word.casefold())
        return match.group(0)

    return _ABBR.sub(first, html)


def none(html: str) -> str:
    """``html`` with every tooltip taken out, the words left in place."""
    return _ABBR.sub(r"\1", html)


def thin(html: str, glossary_page: bool) -> str:
    """What the build does to every page: no tooltips on the Glossary page, first uses elsewhere."""
    return none(html) if glossary_page else first_use_only(html)


def _plural(word: str) -> str | None:
    """The regular English plural of a glossary word, or None for abbreviations and plurals."""
    if not word[-1:].isalpha() or word.isupper() or word.endswith("s"):
        return None
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def tooltips(terms: list[Term], plural: Callable[[str], str | None] | None = None) -> dict[str, str]:
    """Text -> tooltip, for Markdown's abbr glossary. Matching is case-sensitive and exact, so a
    lower-case term also gets its capitalised form (for the start of a sentence), and every
    word gets its regular plural ("lesions", "antibodies"). A real term always wins over a
    generated form."""
    out: dict[str, str] = {}
    generated: dict[str, str] = {}
    for t in terms:
        out[t.term] = t.definition
        for alias in t.aliases:
            out.setdefault(alias, f"{t.term}: {t.definition}")
    for text, tip in list(out.items()):
        forms = [text, (plural or _plural)(text)]
        forms += [f[:1].upper() + f[1:] for f in forms if f and f[:1].islower()]
        for form in forms:
            if form and form not in out:
                generated.setdefault(form, tip)
    return {**generated, **out}


def plural_es(word: str) -> str | None:
    """The regular Spanish plural of a one-word glossary term, or None for abbreviations, plurals
    and phrases (a phrase's plural is not its last word's: write it as an alias)."""
    if not word[-1:].isalpha() or word.isupper() or word.endswith("s") or " " in word:
        return None
    if word.endswith("z"):
        return word[:-1] + "ces"
    return word + ("s" if word[-1] in "aeiouáéó" else "es")
