"""What a screen reader and a keyboard need from a page, written into its HTML at build time.

Why: Python-Markdown and Material write HTML that looks right but reads badly (issue 24, tried
in Chromium's accessibility tree):

- `tables`: body rows had no row headers, so a cell was read without what it is about; every
  body row's first cell becomes `<th scope="row">`, and each body cell carries its column's
  header in `data-label`, so below 600 px a table of three or more columns (`data-pml-cards`)
  is drawn as one labelled card per row (docs/assets/css/pml-guide.css) instead of scrolling
  sideways. Done for every table, whatever wrote it (a page, a generated block).
- `heading_names`: every heading was announced with a trailing "¶" (the permalink's text). The
  heading is named by its own words; the permalink stays, named "Link to this section".
- `urgent_headings`: the urgent-help boxes (docs/_includes/warnings/) were neither headings nor
  landmarks, so heading navigation skipped them. Each becomes a labelled region whose title is
  a heading one level below the heading it stands under.
- `skip_to_title`: Material's "Skip to content" goes to the first second-level heading, below
  the page's summary and urgent help. It goes to the page's title instead (focusable by script
  only), and pages with no section get the link too.

Plain functions over HTML strings (the plugin calls them), tested without MkDocs.
"""
from __future__ import annotations

import re
from html import escape, unescape

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL | re.IGNORECASE)
_SECTION = re.compile(r"(<(thead|tbody)\b[^>]*>)(.*?)(</\2>)", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
CARD_COLUMNS = 3  # tables of this many columns or more become cards on a phone


def plain_text(html: str) -> str:
    """The words of an HTML fragment, tags removed and spaces collapsed (entities decoded)."""
    return " ".join(unescape(_TAG.sub("", html)).split())


def _span(attrs: str) -> int:
    found = re.search(r'\bcolspan="?(\d+)', attrs)
    return max(1, int(found.group(1))) if found else 1


def _body_row(row: str, labels: list[str]) -> str:
    column, out, pos = 0, [], 0
    for n, cell in enumerate(_CELL.finditer(row)):
        tag, attrs, inner = cell.group(1).lower(), cell.group(2), cell.group(3)
        if n == 0:
            tag = "th"
            if "scope=" not in attrs:
                attrs = ' scope="row"' + attrs
        label = labels[column] if column < len(labels) else ""
        if label and "data-label=" not in attrs:
            attrs += f' data-label="{escape(label)}"'
        out.append(row[pos:cell.start()] + f"<{tag}{attrs}>{inner}</{tag}>")
        pos = cell.end()
        column += _span(cell.group(2))
    return "".join(out) + row[pos:]


def _table(table: str) -> str:
    head = re.search(r"<thead\b.*?</thead>", table, re.DOTALL | re.IGNORECASE)
    labels: list[str] = []
    for cell in _CELL.finditer(head.group(0) if head else ""):
        labels += [plain_text(cell.group(3))] * _span(cell.group(2))

    def section(match: re.Match) -> str:
        if match.group(2).lower() != "tbody":
            return match.group(0)
        rows = _ROW.sub(lambda r: r.group(1) + _body_row(r.group(2), labels) + r.group(3), match.group(3))
        return match.group(1) + rows + match.group(4)

    table = _SECTION.sub(section, table)
    if len(labels) >= CARD_COLUMNS and "data-pml-cards" not in table[:table.index(">")]:
        table = re.sub(r"^<table\b", "<table data-pml-cards", table, flags=re.IGNORECASE)
    return table


def tables(html: str) -> str:
    """Row headers and column labels in every table's body (see the module docstring)."""
    return _TABLE.sub(lambda m: _table(m.group(0)), html)


# The words may not reach into another heading: a heading without a permalink is left alone.
_PERMALINK = re.compile(r'<(h[1-6])\b([^>]*)>((?:(?!</?h[1-6]\b).)*?)(<a class="headerlink" href="#[^"]*")([^>]*)>(.*?)</a>\s*</\1>',
                        re.DOTALL | re.IGNORECASE)
PERMALINK_NAME = "Link to this section"


def heading_names(html: str) -> str:
    """Headings named by their words, not "... ¶"; their permalink named "Link to this section"."""
    def name(match: re.Match) -> str:
        tag, attrs, words, link, link_attrs, mark = match.groups()
        if "aria-label=" not in attrs:
            attrs += f' aria-label="{escape(plain_text(words))}"'
        if "aria-label=" not in link_attrs:
            link_attrs += f' aria-label="{PERMALINK_NAME}"'
        return f"<{tag}{attrs}>{words}{link}{link_attrs}>{mark}</a></{tag}>"
    return _PERMALINK.sub(name, html)


URGENT_CLASSES = ("pml-emergency", "pml-care-today")  # the two urgent-help boxes' admonition classes
_HEADING_OR_BOX = re.compile(r'<h([1-6])\b|<div class="admonition ([^"]*)">\s*<p class="admonition-title">',
                             re.IGNORECASE)


def urgent_headings(html: str) -> str:
    """Each urgent-help box a region named by its title, the title a heading one level below the
    last heading before it (level 2 under the page title)."""
    out, pos, level, count = [], 0, 1, 0
    for match in _HEADING_OR_BOX.finditer(html):
        if match.group(1):
            level = int(match.group(1))
            continue
        if not set(match.group(2).split()) & set(URGENT_CLASSES):
            continue
        count += 1
        ident = f"pml-urgent-{count}"
        out.append(html[pos:match.start()])
        out.append(f'<div class="admonition {match.group(2)}" role="region" aria-labelledby="{ident}">\n'
                   f'<p class="admonition-title" id="{ident}" role="heading" aria-level="{min(level + 1, 6)}">')
        pos = match.end()
    return "".join(out) + html[pos:]


_ARTICLE_H1 = re.compile(r"(<article\b.*?)<h1\b([^>]*)>", re.DOTALL | re.IGNORECASE)
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
TITLE_ID = "pml-page-title"


def skip_to_title(page: str) -> str:
    """The full page with "Skip to content" leading to the title of the page's article."""
    found = _ARTICLE_H1.search(page)
    skip = _SKIP.search(page)
    if not found or not skip:
        return page
    attrs = found.group(2)
    ident_match = re.search(r'\bid="([^"]+)"', attrs)
    ident = ident_match.group(1) if ident_match else TITLE_ID
    if not ident_match:
        attrs = f' id="{ident}"' + attrs
    if "tabindex=" not in attrs:
        attrs += ' tabindex="-1"'
    page = page[:found.start()] + f"{found.group(1)}<h1{attrs}>" + page[found.end():]
    words = plain_text(skip.group(0)) or "Skip to content"  # Material's words, in the site's language
    link = f'<div data-md-component="skip">\n<a href="#{escape(ident)}" class="md-skip">{escape(words)}</a>\n</div>'
    return page.replace(skip.group(0), link, 1)
