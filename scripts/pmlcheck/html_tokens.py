"""html.parser's events for markup it can read only one way, without html.parser's per-tag cost.

Why: the checks of what readers see (seen.py) parse every page's HTML with Python's html.parser,
and at 460 pages that parse was the largest single cost of those checks (0.84 of 1.2 CPU s),
most of it html.parser's own tag scanning. Python-Markdown writes plain markup: whole tags,
names of letters and digits, every attribute value in double quotes, comments without `--`.
On markup of exactly that shape html.parser has one reading, and this module gives the same
events (the same calls of handle_starttag, handle_startendtag, handle_endtag, handle_data with
entities decoded, handle_comment, with the same arguments in the same order) from one pattern.

Anything else -- a tag split by a newline, an unquoted or single-quoted value, `<!DOCTYPE`, `<?`,
a lone `<`, a comment holding `--` or starting with `>` or `->`, an element whose content
html.parser or a newer Python reads as raw text (script, style, title, textarea...) -- and the
whole text goes to html.parser instead: `feed` returns False and has called nothing. So what a
check reads never depends on this module's judgement of odd markup; tests/test_html_tokens.py
compares the events with html.parser's on the site's pages, hostile pages and generated mixes.

Only for parsers that read nothing but those events (not getpos, lasttag or get_starttag_text,
which this leaves as they were): pmlcheck/seen.py's Reader.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_SPACE = r"[ \t\n\r\f]"  # html.parser's \s matches these (and more): here, only these
_ATTR = rf"{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?"
_TOKEN = re.compile(
    r"([^<]+)"                                          # 1: text
    rf"|<({_NAME})((?:{_ATTR})*){_SPACE}*(/?)>"          # 2, 3, 4: a start tag, its attributes, "/" of <br/>
    rf"|</({_NAME})>"                                   # 5: an end tag
    r"|<!--(?![->])([^-]*(?:-[^-]+)*)-->")              # 6: a comment with no "--" inside, not ending in "-"
_ATTRS = re.compile(rf"{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"]*)\")?")
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
    return [(m.group(1).lower(), None if m.group(2) is None else unescape(m.group(2))) for m in _ATTRS.finditer(text)]


def feed(parser: HTMLParser, html: str) -> bool:
    """Call ``parser``'s handlers as ``parser.feed(html); parser.close()`` would, and return True;
    or, when ``html`` is not all of the plain shape, call nothing and return False."""
    found = tokens(html)
    if found is None:
        return False
    for match in found:
        text, tag, attrs, slash, end, comment = match.groups()
        if text is not None:
            parser.handle_data(unescape(text))
        elif tag is not None:
            pairs = _attrs(attrs)
            if slash:
                parser.handle_startendtag(tag.lower(), pairs)
            else:
                parser.handle_starttag(tag.lower(), pairs)
        elif end is not None:
            parser.handle_endtag(end.lower())
        else:
            parser.handle_comment(comment)
    return True
