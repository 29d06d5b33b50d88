"""Citation marks and each page's reference list, drawn once, inside Python-Markdown.

The path of a citation, from the page to the reader, with nothing taken out and put back:
1. the page writes `[@key]`; the checks read it (pmlcheck/citations.py);
2. mkdocs-bibtex, the citation engine, publishes it as a footnote: `[^key]` in the text and a
   `[^key]: reference` definition at the end, whose Markdown is the reference formatted once per
   build (pmlrender/references.py, through pmlsources/bibtex_seam.py);
3. this Markdown extension, `Citations`, reads those footnotes as Python-Markdown parses the page:
   - `_Definitions` (a block processor, before the footnotes extension's) reads each definition
     of a known source, in order, and numbers the sources (1 = cited first);
   - `_Marks` (an inline processor, before the footnotes extension's) draws each `[^key]` as the
     element the footnotes extension draws, named for a screen reader ("Reference 7");
   - `_Shape` (a tree processor, after the inline step) shapes the marks of each block once and
     adds the list, as HTML, where the footnotes extension puts its own: at the end.
Footnotes that are not citations of known sources are left to the footnotes extension.

Why not let the footnotes extension draw them: it parses every reference on every page as Markdown
(on a page with 20 citations that doubled the page's Markdown time); here each reference is HTML
rendered once per build, and the marks are shaped for readers:
- a mark is one compact number on screen, but a screen reader read it as a bare "7" run into the
  words before it ("Published 20177"); each mark's link is named "Reference 7";
- a paragraph citing the same source in each of five sentences read "... 8. ... 8. ... 8." on a
  phone: a run of the same citation inside one paragraph, list item or table cell shows once, at
  the end of the run (`collapse`), and adjacent marks get a real "," between them
  (`pml-cite-sep`: a CSS rule `sup + sup::before` also matched two marks with a whole sentence
  between them, drawing stray commas after words); a mark sits against its word ("brain¹.");
- the list was up to 5.8 phone screens at the end of a page: it is one native `<details>`,
  "Sources (n)", closed on screen (it opens in place, without JavaScript) and open in print.
Marks, commas and the list carry `data-search-exclude`, which Material's search plugin honours
(and then removes from the page): citation numbers would make a search for "12" find every page
citing 12 sources or more.

The extension records the marks it drew on the last page (`take_drawn`), so the checks of what
readers see count exactly those as citations, and no mark a page writes by hand
(pmlcheck/seen.py). `bibliography_html` writes the Bibliography page's listing from the same
rendered references.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from pmlsources.marks import FOLDED, SEARCH_EXCLUDE

# The words around marks and the reference list, in each page's language (the same anchors and
# classes in every language, so links to #references and the scripts work on translations too).
WORDS = {"en": {"sources": "Sources", "reference": "Reference", "back": "Back to the text citing reference"},
         "es": {"sources": "Fuentes", "reference": "Referencia", "back": "Volver al texto que cita la referencia"}}
# The comma between adjacent marks (drawn as an element, and as HTML in raw HTML blocks).
SEPARATOR_ATTRS = {"aria-hidden": "true", "class": "pml-cite-sep", "data-search-exclude": "true"}
SEPARATOR = "<sup " + " ".join(f'{name}="{value}"' for name, value in SEPARATOR_ATTRS.items()) + ">,</sup>"
_DEFINITION = re.compile(r"^\[\^([\w-]+)\]: (.*)$", re.MULTILINE)
# Elements that end a run of citations: a run never reaches across a paragraph, list item, cell...
BLOCK_TAGS = frozenset("p li td th dd dt h1 h2 h3 h4 h5 h6 ul ol dl table thead tbody tfoot tr div blockquote "
                       "details summary figure figcaption pre section article aside hr".split())


class Citations(Extension):
    """mkdocs-bibtex's footnotes of known sources, drawn as numbered marks and one list.
    The plugin sets `rendered` (key -> reference HTML, once per build) and `lang` (per page)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rendered: dict[str, str] = {}
        self.lang = "en"
        self.drawn: frozenset[str] = frozenset()  # the ids of the marks drawn on the last page converted

    def extendMarkdown(self, md: Markdown) -> None:
        page = _Page(self)
        md.parser.blockprocessors.register(_Definitions(md.parser, page), "pml-citations", 18)  # footnotes: 17
        md.inlinePatterns.register(_Marks(r"\[\^([\w-]+)\]", page), "pml-citations", 176)  # footnotes: 175
        md.treeprocessors.register(_Shape(md, page), "pml-citations", 14)  # after inline (20), before attr_list (8)

    def take_drawn(self) -> frozenset[str]:
        """The ids of the marks drawn on the page converted last (read once, by the checks)."""
        drawn, self.drawn = self.drawn, frozenset()
        return drawn


class _Page:
    """What one conversion knows: the sources in citation order, and the marks drawn."""

    def __init__(self, ext: Citations):
        self.ext = ext
        self.order: list[str] = []
        self.marks: dict[etree.Element, str] = {}
        self.folded: list[str] = []  # the comments left where a repeated mark was folded (see _draw_run)
        self.stash = lambda html: html  # Python-Markdown's store for raw HTML (set by _Shape)

    def number(self, key: str) -> int:
        return self.order.index(key) + 1


class _Definitions(BlockProcessor):
    """The definitions mkdocs-bibtex adds for known sources: read in order, drawn by `_Shape`."""

    def __init__(self, parser, page: _Page):
        super().__init__(parser)
        self.page = page

    def _first(self, block: str):
        return next((m for m in _DEFINITION.finditer(block) if m.group(1) in self.page.ext.rendered), None)

    def test(self, parent, block) -> bool:
        return "[^" in block and self._first(block) is not None

    def run(self, parent, blocks) -> bool:
        block = blocks.pop(0)
        first = self._first(block)
        assert first is not None  # test() found it
        lines = block[first.start():].split("\n")
        taken = 0
        for line in lines:
            m = _DEFINITION.fullmatch(line)
            if not m or m.group(1) not in self.page.ext.rendered:
                break
            if m.group(1) not in self.page.order:
                self.page.order.append(m.group(1))
            taken += 1
        if taken < len(lines):  # what follows the definitions is Markdown as usual
            blocks.insert(0, "\n".join(lines[taken:]))
        if first.start():
            self.parser.parseBlocks(parent, [block[:first.start()].rstrip("\n")])
        return True


class _Marks(InlineProcessor):
    """`[^key]` of a source defined on the page: a mark, numbered and shaped by `_Shape`."""

    def __init__(self, pattern: str, page: _Page):
        super().__init__(pattern)
        self.page = page

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:
        key = m.group(1)
        if key not in self.page.order:
            return None, None, None  # a footnote of the page's own, or unknown: the footnotes extension's
        mark = etree.Element("sup")
        self.page.marks[mark] = key
        return mark, m.start(0), m.end(0)


def collapse(groups: list[list[int]]) -> list[list[int]]:
    """The numbers each group of adjacent marks in one block keeps: a group drops a source that the
    next group shown in that block cites too ("A [1]. B [1]. C [1,2]." reads "A. B. C [1,2]."), so
    every mark left still stands at the end of the claims it supports; each group in order."""
    keep = [sorted(set(numbers)) for numbers in groups]
    changed = True
    while changed:  # each pass removes at least one mark, so this ends
        changed = False
        shown = [i for i, numbers in enumerate(keep) if numbers]
        for here, after in zip(shown, shown[1:], strict=False):
            repeated = set(keep[here]) & set(keep[after])
            if repeated:
                keep[here] = [n for n in keep[here] if n not in repeated]
                changed = True
    return keep


class _Shape(Treeprocessor):
    """Each block's marks shaped once (runs collapsed, commas, numbers and names), then the list."""

    def __init__(self, md: Markdown, page: _Page):
        super().__init__(md)
        self.page = page

    def run(self, root: etree.Element) -> None:
        page = self.page
        page.stash = self.md.htmlStash.store
        try:
            if page.order:
                for run in _runs(root, page.marks):
                    _draw_run(run, page)
                page.ext.drawn = frozenset(_name_marks(root, page, self.md.htmlStash.rawHtmlBlocks) + page.folded)
                _append_listing(root, page)
            else:
                page.ext.drawn = frozenset()
        finally:
            page.order, page.marks, page.folded = [], {}, []  # the next conversion starts afresh


def _runs(root: etree.Element, marks: dict) -> list[list[tuple[etree.Element, etree.Element]]]:
    """The marks as (parent, mark), in document order, one list per stretch of text between
    block boundaries (a nested list ends its item's first stretch). Walked without recursion."""
    runs: list[list] = [[]]
    stack = [iter(root)]
    parents = [root]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if parents.pop().tag in BLOCK_TAGS:  # the stretch after a nested block is a new one
                runs.append([])
            continue
        if child in marks:
            runs[-1].append((parents[-1], child))
            continue
        if child.tag in BLOCK_TAGS:
            runs.append([])
        stack.append(iter(child))
        parents.append(child)
    return [run for run in runs if run]


def _position(parent: etree.Element, element: etree.Element) -> int:
    return next(i for i, child in enumerate(parent) if child is element)


def _strip_before(parent: etree.Element, at: int) -> None:
    """A mark sits against the word it follows ("brain¹."): a space before it left "brain ."
    wherever marks are not shown (the printed card, the search index)."""
    if at == 0:
        parent.text = (parent.text or "").rstrip(" \t")
    else:
        parent[at - 1].tail = (parent[at - 1].tail or "").rstrip(" \t")


def _groups(run: list[tuple[etree.Element, etree.Element]]) -> list[list[tuple[etree.Element, etree.Element]]]:
    """Adjacent marks ("[^a] [^b]", now with nothing between them) as one group each."""
    groups: list[list] = []
    for parent, mark in run:
        last = groups[-1][-1] if groups else None
        if last is not None and last[0] is parent and not last[1].tail and \
                _position(parent, mark) == _position(parent, last[1]) + 1:
            groups[-1].append((parent, mark))
        else:
            groups.append([(parent, mark)])
    return groups


def _draw_run(run: list[tuple[etree.Element, etree.Element]], page: _Page) -> None:
    """One stretch of a block: repeated citations collapsed, each group in order, commas between.
    Where a mark is folded into a later one, an HTML comment (`<!--pml-cite-folded:N-->`) stays:
    readers do not meet it, and the checks of what readers see count the sentence as cited, since
    the same source's mark ends the run (pmlcheck/seen.py)."""
    for parent, mark in run:
        _strip_before(parent, _position(parent, mark))
    groups = _groups(run)
    kept = collapse([[page.number(page.marks[mark]) for _parent, mark in group] for group in groups])
    for group, numbers in zip(groups, kept, strict=True):
        parent = group[0][0]
        at, tail = _position(parent, group[0][1]), group[-1][1].tail
        for _parent, mark in group:
            parent.remove(mark)
        for _folded in range(len({page.marks[mark] for _parent, mark in group}) - len(numbers)):
            page.folded.append(f"{FOLDED}{len(page.folded) + 1}")
            _append_before(parent, at, page.stash(f"<!--{page.folded[-1]}-->"))
        drawn: list[etree.Element] = []
        for number in numbers:
            if drawn:
                drawn.append(etree.Element("sup", dict(SEPARATOR_ATTRS)))
                drawn[-1].text = ","
            drawn.append(etree.Element("sup"))
            page.marks[drawn[-1]] = page.order[number - 1]
        for offset, element in enumerate(drawn):
            parent.insert(at + offset, element)
        if drawn:
            drawn[-1].tail = tail
        else:
            _append_before(parent, at, tail or "")


def _append_before(parent: etree.Element, at: int, text: str) -> None:
    """Add ``text`` to the text just before position ``at`` of ``parent``."""
    if at == 0:
        parent.text = (parent.text or "") + text
    else:
        parent[at - 1].tail = (parent[at - 1].tail or "") + text


def _name_marks(root: etree.Element, page: _Page, raw_blocks: list) -> list[str]:
    """Number and name every mark left, in reading order (the second mark of a source is
    fnref2:key, as the footnotes extension writes it); returns their ids. A page's raw HTML
    blocks (a generated picture's words, say) are read where they stand: their marks are drawn
    in their HTML (`_draw_raw`)."""
    reference = WORDS.get(page.ext.lang, WORDS["en"])["reference"]
    uses: dict[str, int] = {}
    ids: list[str] = []

    def name(key: str) -> tuple[str, str]:
        uses[key] = uses.get(key, 0) + 1
        ids.append(f"fnref:{key}" if uses[key] == 1 else f"fnref{uses[key]}:{key}")
        return ids[-1], str(page.number(key))

    marked_raw = any(isinstance(block, str) and "[^" in block for block in raw_blocks)
    # Without marks in raw HTML, the marks' reading order is the elements' order (root.iter, in C).
    for item in _reading_order(root) if marked_raw else list(root.iter("sup")):
        if isinstance(item, int):
            if 0 <= item < len(raw_blocks) and isinstance(raw_blocks[item], str) and "[^" in raw_blocks[item]:
                raw_blocks[item] = _draw_raw(raw_blocks[item], page, name, reference)
            continue
        key = page.marks.get(item)
        if key is None:
            continue
        ident, number = name(key)
        item.set("id", ident)
        item.set("data-search-exclude", "true")
        link = etree.SubElement(item, "a", {"class": "footnote-ref", "href": f"#fn:{key}",
                                            "aria-label": f"{reference} {number}"})
        link.text = number
    return ids


_PLACEHOLDER = HTML_PLACEHOLDER_RE  # Python-Markdown's mark for stashed raw HTML


def _reading_order(root: etree.Element):
    """Every element, and the number of every stashed raw HTML block, in the order a reader
    meets them (an element's text, its children, then its tail). Walked without recursion."""
    stack: list = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield from (int(m.group(1)) for m in _PLACEHOLDER.finditer(item))
            continue
        yield item
        if isinstance(item.text, str):
            yield from (int(m.group(1)) for m in _PLACEHOLDER.finditer(item.text))
        for child in reversed(item):
            stack.append(child.tail or "")
            stack.append(child)


_RAW_GROUP = re.compile(r"[ \t]*(\[\^[\w-]+\](?:[ \t]*\[\^[\w-]+\])*)")


def _draw_raw(html: str, page: _Page, name, reference: str) -> str:
    """The marks in one raw HTML block, drawn as `_Shape` draws them (a group in order, commas
    between); a footnote that is not a known source is left as it is."""
    def group(match: re.Match) -> str:
        keys = re.findall(r"\[\^([\w-]+)\]", match.group(1))
        if not all(key in page.order for key in keys):
            return match.group(0)
        marks = []
        for key in sorted(dict.fromkeys(keys), key=page.number):
            ident, number = name(key)
            marks.append(f'<sup data-search-exclude="true" id="{ident}"><a aria-label="{reference} {number}" '
                         f'class="footnote-ref" href="#fn:{key}">{number}</a></sup>')
        return SEPARATOR.join(marks)

    return _RAW_GROUP.sub(group, html)


def _append_listing(root: etree.Element, page: _Page) -> None:
    """The page's reference list, last: one closed <details>, "Sources (n)", numbered in citation
    order. Its elements are Markdown's own, so MkDocs knows the anchors (#fn:key) the marks lead
    to; each reference and its way back are the HTML rendered once per build, stashed as raw HTML."""
    words = WORDS.get(page.ext.lang, WORDS["en"])
    div = etree.SubElement(root, "div", {"class": "footnote", "data-search-exclude": "true", "id": "references"})
    details = etree.SubElement(div, "details", {"class": "pml-sources"})
    etree.SubElement(details, "summary").text = f'{words["sources"]} ({len(page.order)})'
    listing = etree.SubElement(details, "ol")
    for number, key in enumerate(page.order, start=1):
        item = etree.SubElement(listing, "li", {"id": f"fn:{key}"})
        etree.SubElement(item, "p").text = page.stash(
            f'{page.ext.rendered[key]}&#160;<a class="footnote-backref" href="#fnref:{key}" '
            f'title="Jump back to footnote {number} in the text" aria-label="{words["back"]} {number}">&#8617;</a>')


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
        out.append(f'<div class="bib-entry" id="source-{key}"><p>{_searched_by_author_and_title(rendered.get(key, key))}'
                   f'</p>\n<p class="bib-cited-on" {SEARCH_EXCLUDE}>{where}</p></div>\n')
    return "\n".join(out)


# On the Bibliography, each source is searched by its authors, title, journal and year, not by its
# volume, pages, DOI, PubMed number, access date or address (digits nobody types into the site's
# search box, and a sixth of the index every reader downloads; the page itself shows them). The
# "Cited on" lines are left out too: a search for "outlook" found the Bibliography first.
_NOT_SEARCHED = re.compile(r'(?:doi|PubMed):\s*<a [^>]*>[^<]*</a>|(?<=\d{4});[^\s<]*'
                           r'|Accessed [A-Z][a-z]+ \d{1,2}, \d{4}\.|<a [^>]*>https?://[^<]*</a>')


def _searched_by_author_and_title(reference: str) -> str:
    return _NOT_SEARCHED.sub(lambda m: f"<span {SEARCH_EXCLUDE}>{m.group(0)}</span>", reference)
