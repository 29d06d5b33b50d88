"""An allow-list on the BUILT HTML: every element, attribute and address must be one the theme
and the guide need.

Why: the checks on the sources are deny-lists, and a deny-list misses what nobody thought of
(an event handler on the next line, an attribute list, an entity-encoded `javascript:`, a field
of the bibliography or the glossary that reaches a page by another road, a tampered cache).
So after the build (site, offline copy, print edition) every page is parsed with a real HTML
parser (Python's html.parser, which decodes entities as a browser does; its exact events are
taken from pmlcheck/html_tokens.py on plain lines, see allowlist_memo.py) and fails with the file,
the line and the element unless all of it is allowed:

- elements: a fixed set for page content (text, lists, tables, links, images, details, inline
  SVG figures without style, links or foreignObject) and, outside the page's <article>, the few
  the theme adds (header, search form, navigation);
- no event-handler attribute, no style attribute (the policy blocks inline styles), no
  `javascript:`, `data:`, `vbscript:` or `http:` address, no image or script from another host;
- <script> only as the theme's own: a file the configuration lists, an inline script in the
  theme's fixed list (pmlrender/theme_scripts.py), or a JSON data block whose content parses as
  JSON and contains no `</`;
- no <iframe>, <object>, <embed>, <base>, <style>, <meta http-equiv=refresh>, and no <form>,
  <link> or <meta> from content;
- no markup in a `title` attribute (Material's tooltips render titles as HTML).

`check_site` maps each failure back to the source page (and line, when the offending text is
found there) through the map the build plugin passes in.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from pmlsources.markup import SVG_ATTRIBUTES_IN_HTML, SVG_ELEMENTS, SVG_NS  # the one SVG list, shared with the figures
from pmlsources.problems import Problem

CONTENT = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "aside", "nav", "article",
}
SVG = SVG_ELEMENTS  # the one SVG list (pmlsources/markup.py): figures, icon arrays, .svg files and pages
THEME = {"html", "head", "body", "title", "meta", "link", "script", "header", "footer", "main", "form", "input",
         "label", "button", "noscript"}
GLOBAL_ATTRS = {"id", "class", "title", "lang", "dir", "role", "tabindex", "hidden"}
CONTENT_ATTRS = {
    "a": {"href", "rel", "hreflang"}, "img": {"src", "alt", "width", "height", "loading", "decoding"}, "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "scope", "align"},  # tables' use_align_attribute
    "ol": {"start", "type", "reversed"},
    "details": {"open"}, "col": {"span"}, "colgroup": {"span"}, "blockquote": {"cite"}, "q": {"cite"},
    "span": {"data-status", "data-search-exclude"}, "figure": {"data-search-exclude"}, "section": {"heading-number"}, "div": {"data-search-exclude"}, "h2": {"data-search-exclude"},
    "h3": {"data-search-exclude"}, "ul": {"data-search-exclude"}, "p": {"data-search-exclude"},
    "sup": {"data-search-exclude"},  # citation marks and the commas between them (pmlrender/reference_lists.py)
}
# The id of the theme's "About this page" box (overrides/partials/page-info.html), which the head's
# <link rel=expect> waits for: the same id earlier in a page would let the browser draw too soon.
THEME_ID = "pml-page-info"
_COUNT = re.compile(r"[1-9][0-9]{0,5}")
# Attributes of content whose value is checked too: what it must be, and the fix. `start`: a
# Markdown list that begins at 3 ("3. first") is written <ol start="3">. `align`: an aligned
# column (|---:|) is written align="right" (tables' use_align_attribute), only ever these three.
VALUES: dict[tuple[str, str], tuple[re.Pattern, str, str]] = {
    ("ol", "start"): (_COUNT, "a whole number from 1", 'number the list from 1 or more ("3. first"), in digits.'),
    ("ol", "type"): (re.compile(r"[1aAiI]"), "one of 1, a, A, i, I", "remove the type attribute (Markdown lists need none)."),
    **{(cell, "align"): (re.compile(r"left|right|center"), "left, right or center",
                         "align a column in Markdown (|:---|, |:---:|, |---:|) instead of writing align by hand.")
       for cell in ("td", "th")},
    ("link", "blocking"): (re.compile(r"render"), "render", 'remove it, or write blocking="render" (overrides/main.html).'),
    **{(tag, name): (_COUNT, "a whole number from 1", f'write {name}="2" (or remove it).')
       for tag, name in (("td", "colspan"), ("td", "rowspan"), ("th", "colspan"), ("th", "rowspan"),
                         ("col", "span"), ("colgroup", "span"))},
}
SVG_ATTRS = SVG_ATTRIBUTES_IN_HTML
THEME_ATTRS = {
    "html": {"lang", "class"}, "meta": {"charset", "name", "content", "http-equiv", "property"},
    "link": {"rel", "href", "type", "sizes", "media", "hreflang", "blocking"}, "script": {"src", "type", "id", "defer"},
    "form": {"name", "action", "method"}, "input": {"type", "name", "placeholder", "autocomplete", "autocapitalize",
                                                    "autocorrect", "spellcheck", "required", "checked", "value"},
    "label": {"for"}, "button": {"type"}, "body": set(), "a": {"href", "rel", "hreflang"}, "img": {"src", "alt", "width", "height"},
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "cite", "data", "background",
             "ping", "manifest", "longdesc", "codebase"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_STRIP = re.compile(r"[\x00-\x20\x7f]")
# Files a browser may render as HTML (or XHTML, which runs scripts too): every one is checked.
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".mht", ".mhtml", ".php", ".jsp", ".asp"}
JSON_TYPES = {"application/json", "application/ld+json"}
_PRINT_STYLE = re.compile(r"(?:\s*\.print-site-enumerate-(?:headings|figures) [#\w\s>:.-]+\{[^{}<@\\]*?\}\s*)*")


@dataclass
class Policy:
    """What the configuration allows: the scripts it lists and the theme's inline scripts."""
    script_files: set[str]                    # site-relative paths, e.g. assets/js/pml-guide.min.js
    script_file_patterns: list[re.Pattern] = field(default_factory=lambda: [re.compile(r"^assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")])
    inline_scripts: set[str] = field(default_factory=set)
    site_url: str = ""
    print_edition: bool = False  # print_page.html: mkdocs-print-site-plugin's heading-number style block
    # The origin the site is served from while previewing (`mkdocs serve` rewrites site_url to
    # http://127.0.0.1:PORT/...): addresses there count as the site's own. Empty for every build
    # that is published: never set it outside the preview server.
    served_origin: str = ""
    csp: str = ""  # the Content-Security-Policy every page must carry ("": any, but one)


@dataclass
class Finding:
    line: int
    message: str
    fix: str
    needle: str = ""  # text to look for in the source, to find the source line


def _url_problem(tag: str, name: str, value: str, policy: Policy, page: str = "") -> str | None:
    """Why ``value`` may not stand in attribute ``name`` of ``tag`` (on the page at ``page``), or None."""
    url = _STRIP.sub("", value).replace("\\", "/")  # browsers read \\host as //host (a UNC share on file:)
    if _own(url, policy):
        return None
    scheme = _SCHEME.match(url)
    if page and not scheme and not url.startswith(("/", "#")):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), urlsplit(url).path or "."))
        if target == ".." or target.startswith("../"):
            return "an address above the site's own folder (on a copy opened from a folder, a file of the reader's computer)"
    remote = bool(scheme) or url.startswith("//")
    if name in ("href",) and tag in ("a", "link"):
        if not scheme:
            return "an address on another host with no scheme" if url.startswith("//") else None
        if scheme.group(1).lower() == "mailto" and tag == "a":
            return None
        if scheme.group(1).lower() == "https" and (tag == "a" or url.startswith(policy.site_url or "\0")):
            return None
        return f"a {scheme.group(1).lower()}: address" if scheme.group(1).lower() != "https" else "a link to another host"
    if name in ("src", "action") and not remote:
        return None
    if scheme and scheme.group(1).lower() not in ("https", "http"):
        return f"a {scheme.group(1).lower()}: address"
    return "an address on another host"


def _own(url: str, policy: Policy) -> bool:
    """An absolute address on the preview server's own origin (only while serving)."""
    origin = policy.served_origin.rstrip("/")
    return bool(origin) and (url == origin or url.startswith(origin + "/"))


def _site_path(value: str, page: str = "", site_url: str = "") -> str | None:
    """The file a script address names, as a path under the site's root, resolved against the
    page that carries it ("../../assets/x.js" on patients/a/index.html is assets/x.js), or None
    when it is not one plain file of this site (another host, a query, a fragment, above the root)."""
    value = _STRIP.sub("", value)
    if "\\" in value or "?" in value or "#" in value or _SCHEME.match(value) or value.startswith("//"):
        return None
    if value.startswith("/"):
        base = urlsplit(site_url).path.rstrip("/") + "/"
        if not value.startswith(base):
            return None
        path = posixpath.normpath(value[len(base):] or ".")
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), value))
    return None if path == ".." or path.startswith("../") or path in (".", "") else path


_IN_ARTICLE = frozenset(CONTENT | SVG)  # the elements allowed, worked out once (not per element)
_OUTSIDE = frozenset(CONTENT | SVG | THEME)
_DATA = re.compile(r"data-(?!md-)[a-z][a-z0-9-]*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# Markup that Python's html.parser reads differently from a browser (HTML5's tokenizer): a
# comment a browser closes at once or at `--!>` while html.parser runs on to the next `-->`, a
# CDATA section or bogus comment (`<![`, `<!x`, `<?`, `</ x`) whose end the two disagree on. The
# allow-list would check less than the browser runs, so each is refused outright. Two patterns, so
# the one that starts with "<" is searched for as a literal first (four times faster over a
# build's pages than one alternation); no match of one can overlap a match of the other.
_DIVERGENT = re.compile(r"<(?:!--->|!-->|!\[|!(?!--|doctype\b)|\?|/(?![a-z]))", re.IGNORECASE)
_COMMENT_END = re.compile(r"--!>")


def divergent(html: str) -> list[Finding]:
    """Each place where html.parser and a browser would read ``html`` differently."""
    found = sorted([*_DIVERGENT.finditer(html), *_COMMENT_END.finditer(html)], key=lambda m: m.start())
    return [Finding(html.count("\n", 0, m.start()) + 1,
                    f"{m.group(0)!r}: markup that browsers and the checks read differently (a broken comment, "
                    "a CDATA section or a bogus tag).",
                    "write comments exactly as <!-- text -->, and no <![CDATA[, <? or </ followed by a space.",
                    m.group(0)) for m in found]


class _Checker(HTMLParser):
    """Walks one page; ``page`` is its path under the site's root (script addresses resolve against it)."""

    def __init__(self, policy: Policy, page: str = ""):
        super().__init__(convert_charrefs=True)
        self.policy, self.page = policy, page
        self.findings: list[Finding] = []
        self.in_body = self.svg = 0
        self.stack: list[str] = []       # open elements, as a browser would keep them (roughly)
        self.main: int | None = None     # index in ``stack`` of the page's <article> while inside it
        self.mains = 0                   # how many top-level <article> the page opened
        self.csp_seen = False
        self.script: tuple[int, dict] | None = None
        self.script_text: list[str] = []
        self.resolved = 0                # script addresses resolved against the page's folder (see allowlist_memo)

    @property
    def article(self) -> bool:
        return self.main is not None

    def refuse(self, message: str, fix: str, needle: str = "") -> None:
        self.findings.append(Finding(self.getpos()[0], message, fix, needle))

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "article" and self.main is None:
            self.mains += 1
            if self.mains > 1 and not self.policy.print_edition:
                self.refuse("a second page <article>: content closed the page's article and opened another.",
                            "remove the </article> (or <article>) from the page or include.", "<article")
            self.main = len(self.stack)
        if tag == "svg":
            self.svg += 1
        if tag == "body":
            self.in_body = 1
        if tag in ("script", "style"):
            self.script, self.script_text = (self.getpos()[0], dict(attrs, element=tag)), []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if self.svg or tag in VOID:  # <br/>, <path/>; a browser opens <div/> like <div>
            self._element(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.script:
            (self._script if tag == "script" else self._style)("".join(self.script_text))
            self.script = None
        if tag == "svg" and self.svg:
            self.svg -= 1
        where = len(self.stack) - 1 - self.stack[::-1].index(tag) if tag in self.stack else None
        if where is None:
            if tag == "article" and self.main is None:
                self.refuse("an </article> that closes nothing: content closed the page's article early.",
                            "remove the </article> from the page or include.", "</article")
            return
        if self.main is not None and where < self.main:
            self.refuse(f"content closes the page's <{tag}>, which it did not open: what follows would leave the article.",
                        f"remove the </{tag}> from the page or include (or open the <{tag}> there first).", f"</{tag}")
            return
        if self.main is not None and where == self.main:
            self.main = None
        del self.stack[where:]

    def handle_data(self, data):
        if self.script:
            self.script_text.append(data)

    def close(self):
        super().close()
        if self.page and not self.csp_seen:
            self.findings.append(Finding(1, "the page carries no Content-Security-Policy.",
                                         "build every page from the theme (overrides/main.html writes the policy); "
                                         "publish no hand-written HTML.", "<html"))

    def _style(self, body: str) -> None:
        """Only in the print edition, only the plugin's heading-number rules (blocked by the
        policy in any case: they style nothing this edition shows)."""
        assert self.script is not None  # called from handle_endtag only while inside the element
        if not (self.policy.print_edition and _PRINT_STYLE.fullmatch(body)):
            self.findings.append(Finding(self.script[0], "a <style> element.", "put styles in docs/assets/css/pml-guide.css.", "<style"))

    def _element(self, tag, attrs):
        if tag == "style" and self.policy.print_edition:
            return
        allowed = _IN_ARTICLE if self.article else _OUTSIDE
        if tag == "script" and (dict(attrs).get("type") or "").lower() == "application/ld+json":
            allowed = allowed | {"script"}  # a JSON-LD data block may stand anywhere; its content is checked
        if tag not in allowed or (self.svg and tag not in SVG and tag not in ("figure", "figcaption")):
            self.refuse(f"<{tag}> is not allowed {'in page content' if self.article else 'here'}.",
                        "remove it: pages may use text, lists, tables, links, images and simple SVG figures only.",
                        f"<{tag}")
            return
        for name, value in attrs:
            self._attribute(tag, name, value or "")
        if tag == "meta":
            self._meta(dict(attrs))

    def _attribute(self, tag, name, value):
        needle = f"{name}="
        if name.startswith("on"):
            return self.refuse(f"<{tag}> has an event handler ({name}=).", "remove it: pages carry no scripts.", needle)
        if name == "style":
            return self.refuse(f"<{tag}> has a style attribute.",
                               "use a class from docs/assets/css/pml-guide.css: the security policy blocks inline styles "
                               "(aligned table columns need none: they are written as align=).", needle)
        if not self._attribute_allowed(tag, name):
            return self.refuse(f"<{tag}> has an attribute that is not allowed: {name}.", "remove the attribute.", needle)
        if name == "id" and value == THEME_ID and tag != "aside":
            return self.refuse(f'<{tag} id="{THEME_ID}">: the page may not use this id (a heading "PML page info" gets it).',
                               "choose another heading or {#id}: the theme's \"About this page\" box has it, and the page "
                               "is drawn once the browser has read up to that box (overrides/main.html).", needle)
        if name == "title" and re.search(r"[<>]", value):
            return self.refuse(f"<{tag}> has markup in its title attribute: {value[:60]!r}.",
                               "write the title (or glossary text) as plain words: tooltips show titles as HTML.", value[:30])
        rule = VALUES.get((tag, name))
        if rule and not rule[0].fullmatch(value):
            return self.refuse(f"<{tag} {name}={value[:40]!r}>: {name} must be {rule[1]}.", rule[2], needle)
        if name == "xmlns" and value != SVG_NS:
            return self.refuse(f"<{tag}> has an unexpected namespace {value!r}.", "remove the xmlns attribute.", needle)
        if name in URL_ATTRS and not (tag == "script" and name == "src"):
            why = _url_problem(tag, name, value, self.policy, self.page)
            if why:
                self.refuse(f"<{tag} {name}> is {why}: {value[:80]!r}.",
                            "link with https:// to other sites; images and files must be copies under docs/assets/.",
                            value[:40])

    def _attribute_allowed(self, tag, name):
        if tag in SVG:
            return name in SVG_ATTRS or name in ("id", "class", "role") or name.startswith("aria-")
        if name in GLOBAL_ATTRS or name.startswith("aria-"):
            return True
        if _DATA.fullmatch(name):  # inert data for the site's own script and CSS
            return True
        if name in CONTENT_ATTRS.get(tag, ()) or (tag == "script" and name == "type"):
            return True
        if self.article:
            return False
        return name in THEME_ATTRS.get(tag, ()) or name.startswith("data-md-")

    def _meta(self, attrs):
        equiv = (attrs.get("http-equiv") or "").lower()
        if equiv == "content-security-policy" and not self.in_body and not self.article:
            self.csp_seen = True
            if self.policy.csp and (attrs.get("content") or "") != self.policy.csp:
                self.refuse("the page's Content-Security-Policy is not the build's.",
                            "write no policy of your own: overrides/main.html writes the one from pmlrender/csp.py.",
                            "Content-Security-Policy")
        if equiv and (equiv != "content-security-policy" or self.in_body):
            self.refuse(f"<meta http-equiv={equiv}> is not allowed.", "remove it: pages may not redirect or set headers.",
                        "http-equiv")
        elif self.in_body:
            self.refuse("<meta> is not allowed in the page body.", "remove it.", "<meta")

    def _script(self, body: str) -> None:
        assert self.script is not None  # called from handle_endtag only while inside the element
        line, attrs = self.script
        kind = (attrs.get("type") or "").lower()
        if "src" in attrs:
            self.resolved += 1
            path = _site_path(attrs["src"] or "", self.page, self.policy.site_url)
            ok = path is not None and (path in self.policy.script_files
                                       or any(p.fullmatch(path) for p in self.policy.script_file_patterns))
            if not ok or body.strip() or kind not in ("", "text/javascript", "module"):
                self.findings.append(Finding(line, f"<script src={attrs['src']!r}> is not one of the theme's or the site's scripts.",
                                             "remove it: scripts come only from the theme and docs/assets/js (a reviewed change to mkdocs.yml).",
                                             "<script"))
        elif kind in JSON_TYPES:
            try:
                json.loads(body)
                ok = "</" not in body and "<!--" not in body and (kind == "application/ld+json" or attrs.get("id") == "__config")
            except ValueError:
                ok = False
            if not ok:
                self.findings.append(Finding(line, f"a <script type={kind}> block is not valid JSON data (or contains '</').",
                                             "data blocks must be JSON written by the build, never text from a page.", "<script"))
        elif kind not in ("", "text/javascript") or body not in self.policy.inline_scripts:
            self.findings.append(Finding(line, "an inline <script> that is not one of the theme's own.",
                                         "remove it: pages carry no scripts.", "<script"))


def check_html(html: str, policy: Policy, page: str = "", memo=None) -> list[Finding]:
    """Every finding on one page; ``page`` is its path under the site's root (a whole built page:
    its scripts resolve against it and it must carry a policy), or "" for a fragment. ``memo``
    (an allowlist_memo.Memo of ``policy``): the same walk, without re-walking what the build's
    other pages already walked in the same state."""
    findings = divergent(html)
    try:
        if memo is not None:  # allowlist_memo.Memo, which builds on this module (so it is not imported here)
            if memo.policy is not policy:
                raise ValueError("the memo was made for another policy")
            return findings + memo.check(html, page)
        checker = _Checker(policy, page)
        checker.feed(html)
        checker.close()
    except AssertionError as exc:  # html.parser gives up on a broken marked section (`<![CDAT`)
        return findings + [Finding(1, f"markup the HTML parser cannot read ({exc}).",
                                   "write no <![ sections, and comments exactly as <!-- text -->.", "<!")]
    return findings + checker.findings


def _source_line(source: Path | None, needle: str) -> int | None:
    if source is None or not needle:
        return None
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    index = text.lower().find(needle.lower())
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def check_site(site: Path, policy: Policy, sources: dict[str, tuple[str, Path]] | None = None,
               memo=None, verdicts=None) -> list[Problem]:
    """Every .html file under ``site``. ``sources`` maps a built file (relative to ``site``) to
    (the source as a contributor names it, its path), so a failure names the page to fix.
    ``memo``: an allowlist_memo.Memo of ``policy`` (the build passes one: the same findings,
    without re-walking a line another page already walked in the same state). ``verdicts``: an
    allowlist_verdicts.Verdicts of ``policy`` (the build's: a page whose exact bytes, at the same
    path, passed under the same code and policy before is not walked again; see that module)."""
    if verdicts is not None and verdicts.policy is not policy:
        raise ValueError("the verdicts were made for another policy")
    problems = []
    for path in sorted(p for p in site.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file()):
        built = path.relative_to(site).as_posix()
        try:
            html = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(built, None, f"the built page could not be read ({exc}).", "rebuild the site."))
            continue
        key = verdicts.key(built, html) if verdicts is not None else ""
        if key and key in verdicts.known:
            verdicts.passed.add(key)
            continue
        found = check_html(html, policy, built, memo)
        if key and not found:
            verdicts.passed.add(key)
        shown, source = (sources or {}).get(built, (None, None)) if found else (None, None)
        for f in found:
            line = _source_line(source, f.needle)
            where = f" (built page {built}, line {f.line})"
            problems.append(Problem(shown or built, line if shown else f.line,
                                    f.message + (where if shown else ""), f.fix))
    return problems


def inline_html_allowed(html: str) -> bool:
    """True when ``html`` (one formatted reference, as a cached copy holds it) passes the page
    allow-list inside a paragraph of a page's article."""
    return not check_html(f"<article><p>{html}</p></article>", Policy(script_files=set()))
