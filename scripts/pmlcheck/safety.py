"""Content safety: what a page's Markdown (and the shared snippets it includes) may not carry.

Why: pages are written by many hands, in pull requests that are untrusted, and rendered as HTML,
so Markdown could smuggle in script, event handlers, an embedded third-party frame, a form, a
redirect or a tracker image, and an http:// link sends a reader over an unencrypted connection.
This is the fast first line, on the source, with the line and the fix. It is not the only line:
the built HTML is checked against an allow-list (pmlcheck/html_allowlist.py) whatever gets past
here, and the Content-Security-Policy approves only the theme's own scripts.

The rules look at the whole text, so an attribute on the line after its tag is still found,
and at entity-decoded text, so `&#106;avascript:` is still a javascript: address.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from pmlsources.problems import Problem, rel

_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
         "textarea", "select", "base", "meta", "link", "style", "template", "foreignobject", "portal")
RULES = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag",
     "remove it: pages carry no scripts; site behaviour belongs in docs/assets/js and needs a reviewed pull request."),
    # Inside a tag (see _in_tag): an attribute named on... anywhere between "<a" and its ">".
    (re.compile(r"[\s/\"']on[a-z]++\s*+=", re.I), "an inline event handler (onclick=, onload= ...)",
     "remove the attribute; pages carry no scripts."),
    # One brace group at a time ([^{}\n] cannot run into the next one): linear on a line of "{".
    (re.compile(r"\{[^{}\n]*?(?:(?<=\{)|(?<=[\s:]))(?:on[a-z]++|style|href|src|srcdoc|action|formaction|xlink:href)\s*+=", re.I),
     "an attribute list ({: ... }) setting an event handler, a style or an address",
     "remove it: attribute lists may set only a class (.name) or an id (#name)."),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe>",
     "link to the page instead of embedding it: embedded frames load third-party content and trackers."),
    (re.compile(r"<\s*(?:object|embed|applet|frame|frameset|portal)\b", re.I), "an <object>, <embed> or other embedding tag",
     "link to the file instead of embedding it."),
    (re.compile(r"<\s*(?:form|input|button|textarea|select)\b", re.I), "a form or form control",
     "remove it: pages collect nothing from readers (see About > Privacy)."),
    (re.compile(r"<\s*(?:base|meta|link|style|template|foreignobject)\b", re.I), "a <base>, <meta>, <link>, <style> or <template> tag",
     "remove it: page styling belongs in docs/assets/css, and pages may not redirect or change where links go."),
    (re.compile(r"\bstyle\s*=", re.I), "an inline style attribute",
     "use a class defined in docs/assets/css/pml-guide.css instead (the site's security policy blocks inline styles)."),
    # An <img>'s src (see _in_tag), or a Markdown image's address.
    (re.compile(r"\bsrc\s*+=\s*+[\"']?(?:https?:)?//|(?<=!\[)[^\[\]]*+\]\(\s*+<?(?:https?:)?//", re.I), "an image from another website",
     "save the image under docs/assets/ (with its licence) and link to that copy: the site requests nothing from other hosts."),
]
# Checked on entity-decoded text with tabs and line breaks removed, as a browser reads an address,
# where an address starts (a link's bracket, an attribute's = or quote, an autolink's <), so a
# sentence such as "the structured data: none" is not taken for an address. The built-HTML
# allow-list (html_allowlist.py) checks every address the pages really carry.
_SCHEMES = re.compile(r"[(\[\]:<=\"'](?:(?:java|vb)script:|data:(?!image/(?:png|jpeg|gif|webp);base64,))", re.I)
_HTTP = re.compile(r"http://(?!(?:127\.0\.0\.1|localhost)[:/])[^\s/]", re.I)


# Rules that count only inside a tag: (rule's position in RULES, the tag's opening pattern).
_IN_TAG = {1: re.compile(r"<[a-zA-Z]"), 8: re.compile(r"<img\b", re.I)}
MAX_LINE = 5_000  # characters; the longest line of a page today is under 1,000


def _in_tag(text: str, opens: list[int], closes: list[int], at: int) -> bool:
    """Whether position ``at`` is inside a tag: after an opening with no ">" since (as
    "<a[^>]*" would find, in one pass instead of one scan per "<")."""
    import bisect

    i = bisect.bisect_right(opens, at) - 1
    if i < 0:
        return False
    j = bisect.bisect_right(closes, at) - 1
    return j < 0 or closes[j] < opens[i]


def _lines_of(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


_SPACE_OR_CONTROL = re.compile(r"[\t\r\n\x00-\x1f ]")  # what browsers skip inside a scheme ("java\tscript:")
_INLINE_CODE = re.compile(r"`[^`]*`")


def check_text(text: str, path: str) -> list[Problem]:
    """Every rule over the whole text; one problem per rule and line, in line order. Every
    pattern runs in time linear in the text (a line of 150,000 "{", "[" or "<a" included)."""
    import bisect

    found: dict[tuple[int, str], Problem] = {}
    breaks, closes = _lines_of(text), [m.start() for m in re.finditer(">", text)]
    for index, (pattern, what, fix) in enumerate(RULES):
        opens = [m.start() for m in _IN_TAG[index].finditer(text)] if index in _IN_TAG else None
        for match in pattern.finditer(text):
            if opens is not None and not _markdown_image(text, match) and not _in_tag(text, opens, closes, match.start()):
                continue
            line = bisect.bisect_left(breaks, match.end() - 1) + 1
            found.setdefault((line, what), Problem(path, line, f"the page contains {what}.", fix))
    for number, source_line in enumerate(text.split("\n"), start=1):
        if ":" not in source_line and "&" not in source_line:  # both rules need a ":", which only an entity could hide
            continue
        decoded = _SPACE_OR_CONTROL.sub("", html.unescape(source_line))
        if _SCHEMES.search(decoded):
            found.setdefault((number, "scheme"), Problem(path, number, "the page contains a javascript:, vbscript: or data: address.",
                                                         "use an ordinary https:// link, or a page of this site."))
        if _HTTP.search(html.unescape(_INLINE_CODE.sub("", source_line))):  # inline code is shown, never linked
            found.setdefault((number, "http"), Problem(path, number, "the page contains an http:// link.",
                                                       "use the https:// address of the page (check that it opens); "
                                                       "unencrypted links are not allowed."))
    return [found[k] for k in sorted(found, key=lambda k: k[0])]


def _markdown_image(text: str, match: re.Match) -> bool:
    return match.start() >= 2 and text[match.start() - 2:match.start()] == "!["


def long_lines(paths: list[Path], root: Path | None = None) -> list[Problem]:
    """Lines over MAX_LINE characters, refused before any pattern reads the file: no sentence
    needs one, and they are how a pattern is made slow."""
    problems = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue  # reported by pmlsources/textsafe.py
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > MAX_LINE:
                problems.append(Problem(rel(path, root), number, f"line {number} has {len(line):,} characters (limit {MAX_LINE:,}).",
                                        "break it into one sentence per line (CONTRIBUTING.md, style guide)."))
                break
    return problems


MAX_OPEN_SPAN = 200_000  # characters read past unclosed "<" and "[" in one file; about 10,000 in the largest page


def _open_span(text: str, openers: str, closer: str, stops: str) -> tuple[int, int]:
    """Sum, over every opener, of the characters up to its closer (or a stop, or the end): what
    Markdown's HTML and link parsers read again for each one. Returns (sum, first opener left open)."""
    import bisect

    closes = [m.start() for m in re.finditer(closer, text)]
    ends = sorted(closes + [m.start() for m in re.finditer(stops, text)]) if stops else closes
    total, worst, far = 0, -1, 0
    for match in re.finditer(openers, text):
        i = bisect.bisect_right(ends, match.start())
        end = ends[i] if i < len(ends) else len(text)
        total += end - match.start()
        if end - match.start() > far:
            far, worst = end - match.start(), match.start()
    return total, worst


def unclosed_markup(text: str, path: str) -> list[Problem]:
    """Tags and brackets left open by the thousand: Python-Markdown's parsers read on from each
    one to the next ">" or "]", so a few thousand "<a" or "[" (under the line limit) took minutes."""
    problems = []
    for openers, closer, stops, what in ((r"<[a-zA-Z!/?]", ">", "", '"<" without its ">"'),
                                         (r"\[", r"\]", r"\n[ \t]*\n", '"[" without its "]"')):
        total, worst = _open_span(text, openers, closer, stops)
        if total > MAX_OPEN_SPAN:
            line = text.count("\n", 0, worst) + 1
            problems.append(Problem(path, line, f"the file has many {what} (from line {line} on): reading them would "
                                    "take the build minutes.",
                                    'close each tag and bracket, or write a literal "<" as &lt; and "[" as \\['))
    return problems


def costly_input(paths: list[Path], root: Path | None = None) -> list[Problem]:
    """Long lines and unclosed markup, refused before any pattern or Markdown reads the files."""
    problems = long_lines(paths, root)
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        problems += unclosed_markup(text, rel(path, root))
    return problems


def check_files(paths: list[Path], root: Path | None = None) -> list[Problem]:
    """``paths`` are pages and shared snippets (docs/_includes/*.md); unreadable files are
    reported by pmlsources/textsafe.py, which runs first."""
    problems: list[Problem] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        problems += check_text(text, rel(path, root))
    return problems
