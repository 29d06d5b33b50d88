"""Glossary tooltips on the first use of each term on a page, and none on the Glossary page.

Why: Markdown's abbr extension marks every occurrence of every glossary term. A printed
glossary marks first uses only; a term marked on every line cluttered the text, added
kilobytes and, on a phone, a tooltip to mount for each. On the Glossary page itself every word
is explained where it stands, so it has none.
"""
from __future__ import annotations

import re

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
