"""html.parser's events for markup it can read only one way, without html.parser's per-tag cost.

Why: the checks of what readers see (seen.py) parse every page's HTML with Python's html.parser,
and at 460 pages that parse was the largest single cost of those checks (0.84 of 1.2 CPU s),
most of it html.parser's own tag scanning. Python-Markdown writes plain markup: whole tags,
names of letters and digits, every attribute value in double quotes, comments without `--`.
On markup of exactly that shape html.parser has one reading, and this module gives the same
events (the same calls of handle_starttag, handle_startendtag, handle_endtag, handle_data with
entities decoded, handle_comment, with the same arguments in the same order) from one pattern.

Anything else -- a tag left unfinished (a line of the allow-list's walk ending inside one), a
no-break space inside a tag, an unquoted or single-quoted value, `<!DOCTYPE`, `<?`, a lone `<`, a
comment holding `--` or starting with `>` or `->`, an element whose content a browser or this
Python's html.parser reads as raw text (script, style, textarea...; title too where html.parser
lists it, as newer releases do), a parser that does not decode entities itself -- and the whole
text goes to html.parser instead: `feed` returns False and has called nothing. So what a check
reads never depends on this module's judgement of odd markup; tests/test_html_tokens.py
compares the events with html.parser's on the site's pages, hostile pages and generated mixes.

`feed` is for a parser read whole and closed that uses nothing but those events (seen.py's
Reader); `feed_line` also keeps html.parser's position, last tag and start-tag text as html.parser
keeps them, for the allow-list's walk line by line (allowlist_memo.py), whose messages give lines.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_SPACE = r"[ \t\n\r\f]"  # html.parser's \s matches these (and more): here, only these
_ATTR = rf"{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?"
_TOKEN = re.compile(
    r"([^<]+)"                                          # 1: text
    rf"|<({_NAME})((?:{_ATTR})*){_SPACE}*(/?)>"          # 2, 3, 4: a start tag, its attributes, "/" of <br/>
    rf"|</({_NAME})>"                                   # 5: an end tag
    r"|<!--(?![->])([^-]*(?:-[^-]+)*)-->")              # 6: a comment with no "--" inside, not ending in "-"
_ATTRS = re.compile(rf"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=\"([^\"]*)\")?")
# Elements whose content html.parser (this Python's: its lists grow in newer releases, <title>
# joined them) or a browser reads as text, not markup: their pages go to html.parser whole.
RAW_TEXT = frozenset({"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
                      *getattr(HTMLParser, "CDATA_CONTENT_ELEMENTS", ()), *getattr(HTMLParser, "RCDATA_CONTENT_ELEMENTS", ())})


def tokens(html: str) -> list[re.Match] | None:
    """``html`` as one pattern reads it, or None when any of it is not of the plain shape."""
    found, at = [], 0
    for match in _TOKEN.finditer(html):
        if match.start() != at or (match.group(2) and match.group(2).lower() in RAW_TEXT):
            return None
        found.append(match)
        at = match.end()
    return found if at == len(html) else None


def _attrs(text: str) -> list[tuple[str, str | None]]:
    """Attributes as html.parser gives them: names in lower case, values decoded, None without '='."""
    return [(name.lower(), unescape(value) if equals else None) for name, equals, value in _ATTRS.findall(text)]


def feed(parser: HTMLParser, html: str) -> bool:
    """Call ``parser``'s handlers as ``parser.feed(html); parser.close()`` would, and return True;
    or, when ``html`` is not all of the plain shape, call nothing and return False."""
    found = tokens(html) if getattr(parser, "convert_charrefs", False) else None
    if found is None:
        return False
    _dispatch(parser, found, track=False)
    return True


def feed_line(parser: HTMLParser, text: str) -> bool:
    """As ``parser.feed(text)`` would, for a parser with nothing unfinished (no text held back,
    not inside a script): the same calls, and after them the same position (getpos), lasttag and
    start-tag text. False, with nothing called, when it cannot: the parser holds something,
    ``text`` is not all of the plain shape, or it ends in text with a '&' (which html.parser may
    hold back, waiting for the rest of an entity)."""
    if getattr(parser, "rawdata", "") or getattr(parser, "cdata_elem", None) is not None \
            or not getattr(parser, "convert_charrefs", False):
        return False
    found = tokens(text)
    if found is None or (found and found[-1].group(1) is not None and "&" in found[-1].group(1)):
        return False
    _dispatch(parser, found, track=True)
    return True


def _dispatch(parser: HTMLParser, found: list[re.Match], track: bool) -> None:
    """The handler calls for ``found``; with ``track``, html.parser's position and last tag kept
    as it keeps them (a handler sees the position where its token starts)."""
    p: Any = parser  # html.parser's own fields, which its stubs do not all list
    for match in found:
        text, tag, attrs, slash, end, comment = match.groups()
        if text is not None:
            parser.handle_data(unescape(text))
        elif tag is not None:
            pairs, name = _attrs(attrs), tag.lower()
            if track:
                p.lasttag, p._HTMLParser__starttag_text = name, match.group(0)
            if slash:
                parser.handle_startendtag(name, pairs)
            else:
                parser.handle_starttag(name, pairs)
        elif end is not None:
            parser.handle_endtag(end.lower())
        else:
            parser.handle_comment(comment)
        if track:  # _markupbase.ParserBase.updatepos over the token
            whole = match.group(0)
            lines = whole.count("\n")
            if lines:
                p.lineno, p.offset = p.lineno + lines, len(whole) - whole.rindex("\n") - 1
            else:
                p.offset += len(whole)
