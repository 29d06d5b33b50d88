"""The HTML allow-list (html_allowlist.py) over a whole build, without walking a line it has
already walked in the same state.

Why: every built page repeats the theme's header, navigation, icons and footer, so about 95% of
a page's lines are the same text, met in the same state, as on another page of the build (on a
438-page build the allow-list was 40% of the build's time). The allow-list's walk is
deterministic: what it finds in a piece of text, and the state it leaves, depend only on the
state it starts in (the parser's unfinished text, the open elements, the open script) and on the
text. So this feeds each page to the same checker line by line, as html.parser is made to be fed
(it keeps an unfinished tag, comment or script until its end arrives), and remembers for each
(state, line) the state after it and what was found in it. Meeting the same line in the same
state again is then the same result, not a guess: nothing is skipped, and the text the checker
sees is exactly the page's, in the page's order. The record lives in memory for one build only,
keyed by the exact text; nothing is read from or written to disk.

A line met with nothing unfinished, all of the plain shape Python-Markdown and the theme write,
is read by html_tokens.feed_line (html.parser's own events, position and last tag, without its
per-tag cost); any other line by html.parser itself.

Every field of the checker is part of the state (`state_fields` says which; a test fails when a
field is added to html_allowlist._Checker without being listed here), except where a line is,
which is kept relative so a line repeated lower down a page reports its own line number.
"""
from __future__ import annotations

import posixpath
import re

from pmlcheck import html_tokens
from pmlcheck.html_allowlist import Finding, Policy, _Checker

# Fields of a checker that are not state: the rules, the page (its folder is part of the key),
# what was found so far, where the parser is (kept relative; see _capture) and how many script
# addresses it resolved (what makes a line's record depend on the page's folder).
NOT_STATE = {"policy", "page", "findings", "lineno", "offset", "interesting", "_HTMLParser__starttag_text",
             "convert_charrefs", "resolved"}
STATE = ("rawdata", "lasttag", "cdata_elem", "in_body", "svg", "stack", "main", "mains", "csp_seen", "script",
         "script_text")
# The page's folder matters to the walk in two places: whether a relative address climbs above
# the site's root (which depends only on how deep the folder is: site paths have no "." or ".."
# parts), and which file a <script src> names (the folder itself). So a line is keyed by its page's
# depth; a line whose walk resolved a script's address (the checker counts them: `resolved`) is
# kept under its page's folder, and under the depth stands FOLDER, "look again under the folder".
# Whether a walk resolves an address depends only on the state and the text, never on the page, so
# the mark holds for every page at that depth.
FOLDER = ("look under the page's folder",)
# Unfinished text (a tag, comment or script not closed at the end of a line) longer than LIMIT or
# over LINES lines: the page is walked whole, so hostile text cannot make each line re-read what is
# pending (the theme and the guide leave nothing pending at the end of a line).
LIMIT, LINES = 1 << 10, 32
# A block ends after a line that closes an element the theme repeats (a page's lines are mostly
# blank or short: about 40 blocks a page). Where blocks end changes only how much is looked up at once.
_BLOCK_END = re.compile(r"</(?:li|div|nav|ul|p|svg)>\n")


def state_fields(checker: _Checker) -> set[str]:
    """The fields of ``checker`` that the memo must keep as state."""
    return set(vars(checker)) - NOT_STATE


class Memo:
    """What one build's allow-list has walked: (folder or depth, page or fragment, state, line) -> (state
    after, lines advanced, findings with their line relative to the line's own)."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.ids: dict[tuple, int] = {}
        self.states: list[tuple] = []
        self.lines: dict[tuple, tuple] = {}

    def intern(self, state: tuple) -> int:
        found = self.ids.get(state)
        if found is None:
            found = self.ids[state] = len(self.states)
            self.states.append(state)
        return found

    def check(self, html: str, page: str = "") -> list[Finding]:
        """html_allowlist.check_html's walk of one page, through this memo (see ``check`` below)."""
        return check(html, self, page)


def _capture(c: _Checker) -> tuple:
    """The checker's state, with the open script's line relative to where the parser stands."""
    script = (c.script[0] - c.lineno, tuple(c.script[1].items())) if c.script else None
    return (c.rawdata, c.lasttag, c.cdata_elem, c.in_body, c.svg, tuple(c.stack), c.main, c.mains, c.csp_seen,
            script, "".join(c.script_text) if c.script else "")  # the text of a closed script is never read again


def _restore(c: _Checker, state: tuple, line: int) -> None:
    """Put ``c`` into ``state``, standing at ``line``."""
    (c.rawdata, c.lasttag, cdata, c.in_body, c.svg, stack, c.main, c.mains, c.csp_seen, script, text) = state
    if cdata:
        c.set_cdata_mode(cdata)
    else:
        c.clear_cdata_mode()
    c.stack, c.lineno, c.offset = list(stack), line, 0
    c.script = (line + script[0], dict(script[1])) if script else None
    c.script_text = [text] if text else []


class _TooLong(Exception):
    """Unfinished text past LIMIT or LINES: the page is walked whole instead (as html_allowlist.check_html)."""


def _scopes(page: str) -> tuple[tuple, tuple]:
    """What stands for the page in a key: its depth, or its folder (see FOLDER)."""
    folder = posixpath.dirname(page)
    return (folder.count("/") + 1 if folder else 0, bool(page)), (folder, bool(page))


def _find(memo: Memo, page: tuple, sid: int, text: str) -> tuple[tuple | None, bool]:
    """The record of ``text`` met in state ``sid`` on ``page``, and whether it is kept by folder."""
    hit = memo.lines.get((page[0], sid, text))
    if hit is FOLDER:
        return memo.lines.get((page[1], sid, text)), True
    return hit, False


def _keep(memo: Memo, page: tuple, sid: int, text: str, record: tuple, by_folder: bool) -> None:
    if by_folder:
        memo.lines[(page[0], sid, text)] = FOLDER
    memo.lines[(page[1] if by_folder else page[0], sid, text)] = record


def _line(c: _Checker, memo: Memo, page: tuple, sid: int, text: str, line: int, live: bool) -> tuple[tuple, bool, bool]:
    """One line (it ends in a newline, or the page does): its record, whether ``c`` walked it, and
    whether the record is kept by folder."""
    hit, by_folder = _find(memo, page, sid, text)
    if hit is not None:
        return hit, False, by_folder
    if not live:
        _restore(c, memo.states[sid], line)
    c.findings, resolved = [], c.resolved
    if not html_tokens.feed_line(c, text):  # html.parser's own events and position, faster, on plain markup
        c.feed(text)
    if len(c.rawdata) > LIMIT or c.rawdata.count("\n") > LINES:
        raise _TooLong
    hit = (memo.intern(_capture(c)), c.lineno - line, tuple((f.line - line, f.message, f.fix, f.needle) for f in c.findings))
    _keep(memo, page, sid, text, hit, by_folder := c.resolved != resolved)
    return hit, True, by_folder


def _block(c: _Checker, memo: Memo, page: tuple, sid: int, text: str, line: int, live: bool) -> tuple[tuple, bool]:
    """Lines up to a blank line: their record as one (most blocks of a page repeat whole), or
    line by line when the block is new (kept by folder when any of its lines is)."""
    hit, _by_folder = _find(memo, page, sid, text)
    if hit is not None:
        return hit, False
    start, first, found, by_folder = line, sid, [], False
    pieces = text.split("\n")
    for n, piece in enumerate(pieces):
        piece += "\n" if n < len(pieces) - 1 else ""
        if piece:
            (sid, delta, more), live, folder_line = _line(c, memo, page, sid, piece, line, live)
            found += [(line - start + d, *rest) for d, *rest in more]
            line, by_folder = line + delta, by_folder or folder_line
    hit = (sid, line - start, tuple(found))
    _keep(memo, page, first, text, hit, by_folder)
    return hit, live


def _blocks(html: str):
    start = 0
    for end in _BLOCK_END.finditer(html):
        yield html[start:end.end()]
        start = end.end()
    if start < len(html):
        yield html[start:]


def check(html: str, memo: Memo, page: str = "") -> list[Finding]:
    """What html_allowlist.check_html's walk finds on ``html`` (without its `divergent` pass),
    reusing what ``memo`` already walked. ``page`` as in check_html."""
    c, scopes = _Checker(memo.policy, page), _scopes(page)
    sid, line, findings = memo.intern(_capture(c)), 1, []
    live = True  # ``c`` stands in state ``sid`` at ``line`` (a miss walks with it, a hit leaves it behind)
    try:
        for text in _blocks(html):
            (sid, delta, found), live = _block(c, memo, scopes, sid, text, line, live)
            findings += [Finding(line + d, message, fix, needle) for d, message, fix, needle in found]
            line += delta
    except _TooLong:
        c = _Checker(memo.policy, page)
        c.feed(html)
        c.close()
        return c.findings
    if not live:
        _restore(c, memo.states[sid], line)
    c.findings = []
    c.close()
    return findings + c.findings
