"""Glossary tooltips: the words each glossary term explains (for Markdown's abbr extension), then
kept on the first use of each term on a page only, and none on the Glossary page.

Why: Markdown's abbr extension marks every occurrence of every glossary term. A printed
glossary marks first uses only; a term marked on every line cluttered the text, added
kilobytes and, on a phone, a tooltip to mount for each. On the Glossary page itself every word
is explained where it stands, so it has none.

The abbr extension also cost most of what Markdown spends on a page here: it escapes and joins
every glossary term into one alternation for each page, and its regular expression tries each
term in turn at every word boundary. ``QuickerAbbr`` (added by the plugin after ``abbr``)
keeps the extension's processor, with the same expression written as a trie, compiled once per set
of terms, and draws the elements ``first_use_only`` keeps: the first use of each term, in reading
order. A page then carries a few <abbr> elements instead of dozens (each with its whole definition)
through the rest of Markdown, its serialisation and the HTML steps after it; ``thin`` still runs
on every page, so the published page is the same as when every use was marked.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.util import AtomicString

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


def _trie(words: list[str]) -> str:
    """An expression matching exactly ``words``, longest first at every branch: at a position,
    it ends on the longest word that starts there and is followed by a word boundary, as the
    abbr extension's alternation (every term, longest first) does."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in node.items() if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return group
        return (group if len(branches) > 1 else f"(?:{group})") + "?"

    return pattern(tree)


@lru_cache(maxsize=16)  # the site's glossaries: one per language, and pages with their own *[terms]
def _expression(terms: frozenset[str]) -> re.Pattern:
    return re.compile(f"\\b(?:{_trie(sorted(terms))})\\b")


class _QuickerAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        self.RE = _expression(frozenset(self.abbrs))
        for holder, parent, matches in reversed(_first_uses(root, self.RE, self.abbrs)):
            self._wrap(holder, parent, matches)

    def _wrap(self, holder: etree.Element, parent: etree.Element | None, matches: list[re.Match]) -> None:
        """Wrap ``matches`` of ``holder``'s text (``parent`` None) or tail, as the extension does."""
        text = holder.text if parent is None else holder.tail
        assert text is not None  # the matches were found in it
        elements = []
        for here, m in enumerate(matches):
            end = matches[here + 1].start() if here + 1 < len(matches) else len(text)
            elements.append(self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end():end]))
        if parent is None:
            holder.text = text[:matches[0].start()]
            at = 0
        else:
            holder.tail = text[:matches[0].start()]
            at = list(parent).index(holder) + 1
        for offset, abbr in enumerate(elements):
            (holder if parent is None else parent).insert(at + offset, abbr)


def _first_uses(root: etree.Element, expression: re.Pattern, abbrs: dict) -> list[tuple]:
    """The matches to draw, by stretch of text, in reading order: (element, None, matches) for an
    element's text, (element, parent, matches) for its tail. A match is drawn when its term has a
    tooltip and its text (case-folded, as ``first_use_only`` compares it) was not drawn
    earlier on the page. The stretches are those the abbr extension reads (text that is not an
    AtomicString; the root's text, not its tail)."""
    seen: set[str] = set()
    found: list[tuple] = []

    def take(text: str | None, holder: etree.Element, parent: etree.Element | None) -> None:
        if not text or isinstance(text, AtomicString):
            return
        matches = []
        for m in expression.finditer(text):
            key = m.group(0).casefold()  # as first_use_only compares (escaping changes no letter's case)
            if abbrs[m.group(0)] and key not in seen:
                seen.add(key)
                matches.append(m)
        if matches:
            found.append((holder, parent, matches))

    stack: list[tuple[etree.Element, etree.Element | None]] = [(root, None)]  # None: the element itself
    while stack:
        element, parent = stack.pop()
        if parent is None:
            take(element.text, element, None)
        else:
            take(element.tail, element, parent)
        for child in reversed(element) if parent is None else ():
            stack += [(child, element), (child, None)]  # its text and children, then its tail
    return found


class QuickerAbbr(Extension):
    """Replaces the abbr extension's tree processor (same name, same priority, same terms), drawing
    the first use of each term only (what ``first_use_only`` keeps of the extension's output)."""

    def extendMarkdown(self, md):
        if "abbr" in md.treeprocessors:
            abbrs = md.treeprocessors["abbr"].abbrs
            md.treeprocessors.register(_QuickerAbbrTreeprocessor(md, abbrs), "abbr", 7)
