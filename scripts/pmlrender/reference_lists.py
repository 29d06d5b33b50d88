"""Numbered citations and per-page reference lists, written as HTML after Markdown has run.

Why: mkdocs-bibtex turns each citation into a Markdown footnote (`[^key]` in the text, a
`[^key]: reference` definition at the end). Python-Markdown then parses every reference on
every page that cites it, and each footnote mark splits a sentence into pieces that every
inline pattern scans again: on a page with 20 citations that doubled the page's Markdown time,
and it was most of what the bibliography added to a build. So, after mkdocs-bibtex:

1. `take_citations` swaps each footnote mark for a plain word Markdown leaves alone, and removes
   the definitions, remembering the order in which the page first cites each source;
2. `fill_citations` turns those words into the same HTML Python-Markdown's footnotes extension
   writes (`<sup id="fnref:key"><a class="footnote-ref" href="#fn:key">1</a></sup>`, and an
   ordered list in `<div class="footnote">`), with each reference rendered to HTML once per
   build. Material's footnote tooltips, our CSS and the print edition see what they saw before.

`bibliography_html` writes the Bibliography page's listing the same way.

For readers (issue 24): a mark is one compact number on screen, but a screen reader read it as a
bare "7" run into the words before it ("Published 20177"); each mark's link is named
"Reference 7". The list was up to 5.8 phone screens at the end of a page: it is one native
`<details>` control, "Sources (n)", closed on screen (it opens in place, without JavaScript, by
keyboard too) and always open in print (pml-guide.css; pml-guide.js opens it when a mark's link
leads into it).

The Markdown keeps a citation on every claim (the checks need that), but a paragraph citing the
same source in each of five sentences read "... 8. ... 8. ... 8." on a phone. So `collapse_runs`
shows a run of the same citation inside one paragraph, list item or table cell once, at the end
of the run, and adjacent marks get a real "," between them (`pml-cite-sep`): a CSS rule
`sup + sup::before` also matched two marks with a whole sentence between them (sibling
combinators ignore text), drawing stray commas after words.

Plain functions over strings, so they are tested without MkDocs. Footnotes that are not
citations of known sources are left to Markdown as usual.
"""
from __future__ import annotations

import re

from pmlsources.marks import LIST_MARK

_MARK = re.compile(r"pmlcite(\d+)x")
_DEFINITION = re.compile(r"^\[\^([\w-]+)\]: .*(?:\n|\Z)", re.MULTILINE)
_REFERENCE = re.compile(r"\[\^([\w-]+)\]")
# The words around marks and the reference list, in each page's language (the same anchors and
# classes in every language, so links to #references and the scripts work on translations too).
WORDS = {"en": {"sources": "Sources", "reference": "Reference", "back": "Back to the text citing reference"},
         "es": {"sources": "Fuentes", "reference": "Referencia", "back": "Volver al texto que cita la referencia"}}


def take_citations(markdown: str, known: set[str] | dict) -> tuple[str, list[str]]:
    """Return the page's Markdown with citations as marks, and its keys in citation order."""
    order = [m.group(1) for m in _DEFINITION.finditer(markdown) if m.group(1) in known]
    if not order:
        return markdown, []
    number = {key: n for n, key in enumerate(order, start=1)}
    markdown = _DEFINITION.sub(lambda m: "" if m.group(1) in number else m.group(0), markdown)
    # Adjacent citations ("[^a] [^b]") lose the space between them: fill_citations puts a comma there.
    markdown = re.sub(r"(\[\^[\w-]+\]) (?=\[\^[\w-]+\])", r"\1", markdown)
    markdown = _REFERENCE.sub(lambda m: f"pmlcite{number[m.group(1)]}x" if m.group(1) in number else m.group(0),
                              markdown)
    return f"{markdown.rstrip()}\n\n{LIST_MARK}\n", order


# Tags that open or close a paragraph, list item, table cell or larger block: a run of
# citations never reaches across one of them.
_BLOCK_TAG = re.compile(r"(</?(?:p|li|td|th|dd|dt|h[1-6]|ul|ol|dl|table|thead|tbody|tfoot|tr|div|blockquote"
                        r"|details|summary|figure|figcaption|pre|section|article|aside|hr)\b[^>]*>)", re.IGNORECASE)
_GROUP = re.compile(r"(?:pmlcite\d+x)+")
SEPARATOR = '<sup class="pml-cite-sep" aria-hidden="true">,</sup>'


def collapse_runs(html: str) -> str:
    """Within each block, drop a citation when the next citation group shown in that block
    cites the same source: "A [1]. B [1]. C [1,2]." reads "A. B. C [1,2]." Every mark left
    still stands at the end of the claims it supports; marks in a group are put in order."""
    pieces = _BLOCK_TAG.split(html)
    return "".join(piece if n % 2 else _collapse_block(piece) for n, piece in enumerate(pieces))


def _collapse_block(text: str) -> str:
    if "pmlcite" not in text:  # most blocks cite nothing: no search needed
        return text
    groups = list(_GROUP.finditer(text))
    if not groups:
        return text
    keep = [sorted({int(n) for n in re.findall(r"\d+", g.group())}) for g in groups]
    changed = True
    while changed:  # each pass removes at least one mark, so this ends
        changed = False
        shown = [i for i, numbers in enumerate(keep) if numbers]
        for here, after in zip(shown, shown[1:], strict=False):
            repeated = set(keep[here]) & set(keep[after])
            if repeated:
                keep[here] = [n for n in keep[here] if n not in repeated]
                changed = True
    out, pos = [], 0
    for group, numbers in zip(groups, keep, strict=True):
        before = text[pos:group.start()]
        out.append(before + "".join(f"pmlcite{n}x" for n in numbers) if numbers else before.rstrip(" \t"))
        pos = group.end()
    return "".join(out) + text[pos:]


def fill_citations(html: str, order: list[str], rendered: dict[str, str], lang: str = "en") -> str:
    """Put the numbered marks and the reference list into the page's HTML, in its language."""
    if not order:
        return html
    words = WORDS.get(lang, WORDS["en"])
    reference, back, sources = words["reference"], words["back"], words["sources"]
    uses: dict[str, int] = {}

    def mark(match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(order):  # not a mark take_citations wrote (the checks refuse it in a page)
            return match.group(0)
        key = order[number - 1]
        uses[key] = uses.get(key, 0) + 1
        ident = f"fnref:{key}" if uses[key] == 1 else f"fnref{uses[key]}:{key}"
        follows_mark = re.search(r"pmlcite\d+x$", match.string[max(0, match.start() - 16):match.start()])
        return (SEPARATOR if follows_mark else "") + \
            f'<sup id="{ident}"><a class="footnote-ref" href="#fn:{key}" aria-label="{reference} {number}">{number}</a></sup>'

    # A mark sits against the word it follows ("brain¹."), as in print: a space before it left
    # "brain ." wherever marks are not shown (the printed card, the search index).
    html = _MARK.sub(mark, re.sub(r"[ \t]+(?=pmlcite\d+x)", "", collapse_runs(html)))
    items = "".join(
        f'<li id="fn:{key}">\n<p>{rendered[key]}&#160;<a class="footnote-backref" href="#fnref:{key}" '
        f'title="Jump back to footnote {number} in the text" '
        f'aria-label="{back} {number}">&#8617;</a></p>\n</li>\n'
        for number, key in enumerate(order, start=1))
    listing = (f'<div class="footnote" data-search-exclude="true" id="references">\n<details class="pml-sources">\n'
               f'<summary>{sources} ({len(order)})</summary>\n<ol>\n{items}</ol>\n</details>\n</div>')
    return html.replace(f"<p>{LIST_MARK}</p>", listing, 1)


_FILLED = re.compile(r'(?:<sup class="pml-cite-sep" aria-hidden="true">,</sup>)?'
                     r'<sup id="fnref\d*:[\w-]+"><a class="footnote-ref" href="#fn:[\w-]+"(?: aria-label="Reference \d+")?>\d+</a></sup>')


def without_marks(html: str) -> str:
    """The HTML with the numbered citation marks taken out (for the search index)."""
    return _FILLED.sub("", html)


def bibliography_html(entries: dict, rendered: dict[str, str], cited_on: dict[str, list[tuple[str, str]]]) -> str:
    """Every entry once, sorted by first author, each with an anchor (source-KEY) and links to
    the pages that cite it (title, address), or the reason it is kept uncited. Written as HTML
    from the references rendered once per build: through Markdown, a thousand entries made
    this the slowest page of the site."""
    from html import escape

    out = [f"<p>{len(entries)} sources, sorted by first author.</p>\n"]
    for key in sorted(entries, key=lambda k: re.sub(r"<[^>]+>", "", rendered.get(k) or k).casefold()):
        links = ", ".join(f'<a href="{url}">{escape(title)}</a>' for title, url in cited_on.get(key, []))
        where = f"Cited on: {links}." if links else "Not cited on a page: " + escape(entries[key].fields.get("uncited", ""))
        out.append(f'<div class="bib-entry" id="source-{key}"><p>{rendered.get(key, key)}</p>\n'
                   f'<p class="bib-cited-on">{where}</p></div>\n')
    return "\n".join(out)
