"""The fast reading of plain markup (scripts/pmlcheck/html_tokens.py) gives html.parser's events
exactly, or none at all.

The checks of what readers see (pmlcheck/seen.py) take html.parser's events from html_tokens when
a page is all of the plain shape Python-Markdown writes. That is only safe if, on every text it
accepts, the events are the very calls html.parser makes (same handlers, same arguments, same
order), and if it calls nothing on a text it declines. So:

- every page of the guide, rendered as the build renders it, that it accepts gives html.parser's
  events, and it accepts nine in ten at least (a change in what Markdown writes that the fast
  path declines fails here, not silently);
- every mix of three pieces of awkward markup (broken comments, unquoted and single-quoted
  values, tags split by newlines, entities, raw-text elements, a lone `<`, upper case...) that it
  accepts gives html.parser's events, and it accepts a good share of them (the test reaches it);
- what it declines, it declines without calling a handler;
- a line read fast (html_tokens.feed_line) leaves the allow-list's walk as html.parser's feed
  leaves it: findings and their lines, the memo's state, position, last tag.
"""
from __future__ import annotations

import itertools
from html.parser import HTMLParser

import pytest

from conftest import ROOT


class _Events(HTMLParser):
    """Every call html.parser makes, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))

    def handle_pi(self, data):
        self.events.append(("pi", data))

    def unknown_decl(self, data):
        self.events.append(("unknown", data))


def _both(html: str) -> tuple[list, list | None]:
    """(html.parser's events, the fast path's or None when it declined)."""
    from pmlcheck import html_tokens

    slow = _Events()
    slow.feed(html)
    slow.close()
    fast = _Events()
    return slow.events, fast.events if html_tokens.feed(fast, html) else None


def test_every_page_of_the_guide_is_read_fast_as_html_parser_reads_it():
    from pmlsources import rendered
    from pmlsources.pages import content_pages

    md = rendered.renderer(ROOT)
    pages = content_pages(ROOT / "docs")
    assert len(pages) > 20
    declined = []
    for page in pages:
        html = rendered.page_html(md, page.read_text(encoding="utf-8"))
        slow, fast = _both(html)
        if fast is None:
            declined.append(page.name)
        else:
            assert fast == slow, page
    # A page with hand-written HTML of another shape is read by html.parser (right, only slower);
    # if most pages were, what Markdown writes has changed and the fast path no longer serves.
    assert len(declined) <= len(pages) // 10, f"the fast path declined {declined}"


PIECES = ['<p class="a b">', "</p>", "<P ID=\"X\">", "</P>", "<br/>", "<br />", "<img alt=\"\" src=\"a.png\">",
          '<a href="a?b=1&amp;c=2">', "<a href='x'>", "<a hidden>", "<a b=c>", '<a b ="c">', '<a b="c"d="e">',
          '<a\nhref="x">', '<a href="x>y">', "</a>", "</ p>", "</a >", "<!-- c -->", "<!--pml-cite-folded:1-->",
          "<!-->", "<!--->", "<!-- a -- b -->", "<!-- a --->", "<!---a-->", "<!-- a --!>", "&amp;", "&", "&#52;",
          "&lt;p&gt;", "&amp", "<", ">", "<title>", "</title>", "<script>", "</script>", "<svg>", "<textarea>",
          "\n", "x", "<!DOCTYPE html>", "<?x?>", "<![CDATA[x]]>", '"', "<sup id=\"fnref:a\">", "\u00a0", "<a\u00a0b>"]


def test_mixed_awkward_markup_is_read_as_html_parser_reads_it_or_declined():
    accepted = 0
    for parts in itertools.product(PIECES, repeat=3):
        html = "".join(parts)
        slow, fast = _both(html)
        if fast is not None:
            accepted += 1
            assert fast == slow, html
    assert accepted > len(PIECES) ** 3 // 10  # the mixes reach the fast path, not only the fallback


@pytest.mark.parametrize("html", ["<p>a</p><script>x</script>", "<p>a<textarea>b</textarea></p>", "<p>a < b</p>",
                                  "<!DOCTYPE html><p>a</p>", "<p>a<!-- b -- c --></p>", "<p class=a>b</p>",
                                  '<p\u00a0class="a">b</p>', "<p>a</ p>", "<p>a<?x?></p>", "<p>a<!-->b</p>"])
def test_markup_of_another_shape_is_left_to_html_parser_untouched(html):
    from pmlcheck import html_tokens

    parser = _Events()
    assert html_tokens.feed(parser, html) is False
    assert parser.events == []


def test_a_parser_that_reads_entities_itself_is_left_to_html_parser():
    """With convert_charrefs off, html.parser calls handle_entityref instead of decoding: not read fast."""
    from pmlcheck import html_tokens

    parser = _Events()
    parser.convert_charrefs = False
    assert html_tokens.feed(parser, "<p>a &amp; b</p>") is False and html_tokens.feed_line(parser, "<p>a</p>\n") is False
    assert parser.events == []


def test_the_reader_of_what_readers_see_reads_the_same_either_way(monkeypatch):
    """seen.read through the fast path and through html.parser gives the same blocks, marks and boxes."""
    from pmlcheck import html_tokens, seen

    html = ('<h2 id="a">Title</h2>\n<p>Claim 4<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup> and '
            '<abbr title="A &amp; B">AB</abbr>.</p>\n<div class="admonition pml-medicine"><p>Box</p></div>\n'
            '<details><summary>More</summary><p hidden>Gone 5.</p><p>Folded 6 [^x].</p></details><!--pml-generated-begin-->')

    def outcome(reader):
        return ([(b.tag, b.classes, b.row, b.text, b.generated, b.in_box) for b in seen.prose_blocks(reader)],
                reader.hand_marks, reader.marks, [(b.kind, b.shown, b.text) for b in reader.boxes])

    assert html_tokens.tokens(html) is not None
    fast = outcome(seen.read(html, marks=frozenset({"fnref:a"})))
    monkeypatch.setattr(html_tokens, "feed", lambda parser, text: False)
    assert fast == outcome(seen.read(html, marks=frozenset({"fnref:a"})))
    assert fast[1] == ["[^x]"] and "Gone 5." not in str(fast[0]) and seen.CITE in fast[0][1][3]


def test_a_line_read_fast_leaves_the_allow_lists_walk_as_html_parser_leaves_it():
    """allowlist_memo feeds the allow-list's checker line by line through html_tokens.feed_line:
    from a checker in the page's head, in the article or in an SVG figure, every mix of awkward
    pieces (ending in a newline, or in a '&' html.parser holds back) that it accepts gives the same findings at the same lines, and
    leaves the same state (the memo's key), position and last tag as html.parser's feed."""
    from pmlcheck import allowlist_memo, html_allowlist, html_tokens

    rules = html_allowlist.Policy(script_files=set())
    starts = ["", "<html><head>\n", "<html><body><main><article>\n<p>", "<article><figure><svg viewBox=\"0 0 1 1\">\n"]
    accepted = 0
    for start in starts:
        for parts in itertools.product(PIECES + ['<a onclick="x">', '<p style="x">', '<img src="http://x/a.png">'], repeat=2):
            line = "".join(parts) + ("\n" if len(parts[0]) % 3 else "a &b")  # a page's last line has no newline
            walks = []
            for fast in (False, True):
                checker = html_allowlist._Checker(rules, "a/index.html")
                checker.feed(start)
                used = fast and html_tokens.feed_line(checker, line)
                if not used:
                    checker.feed(line)
                walks.append((allowlist_memo._capture(checker), checker.getpos(), checker.lasttag,
                              checker.get_starttag_text(), [(f.line, f.message, f.needle) for f in checker.findings]))
            accepted += used
            assert walks[0] == walks[1], (start, line)
    assert accepted > 1000
