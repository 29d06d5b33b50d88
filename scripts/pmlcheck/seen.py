"""What readers see: a page's rendered HTML as text, with what is hidden taken out.

Why: the citation, reading-level, working-note and never-stop checks used to read source lines,
so anything that changes what a line shows without changing the line fooled them: text moved into
a snippet, a `<!-- -->` or an inline triple backtick at the start of a line, a number written as
`&#52;`, a citation inside `<span hidden>`, a warning wrapped in `<div hidden markdown>` or a
collapsed `???` block. These checks read the HTML Python-Markdown produced (in the build, the
HTML MkDocs hands to on_page_content; in `dev.py check`, pmlsources/rendered.py's rendering with the
site's own extensions), so they see what a browser shows, snippets included.

Two kinds of text, because hiding cuts both ways:
- a claim (a number, a working note, an instruction, words for the reading grade) counts
  wherever any reader can meet it: on screen, in print, in a collapsed block, to a screen reader;
  only what no reader meets (comments, `hidden`, templates) is left out;
- a protection (a citation mark, the never-stop warning) counts only where every reader meets it
  without doing anything: not hidden, not collapsed, not print-only or screen-only, not
  visually hidden, not aria-hidden.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from pmlcheck import html_tokens
from pmlsources.pages import split_front_matter
from pmlsources.problems import Problem, rel
from pmlsources.marks import CITE, FOLDED

if TYPE_CHECKING:
    from pmlsources.shape import Rules

_SPACES = re.compile(r"\s+")
# A citation as text: [@key] when Markdown ran without mkdocs-bibtex (dev.py check); in the build,
# the marks pmlrender/reference_lists.py drew count (Reader.marks). Possessive: linear on any line.
_TEXT_CITATION = re.compile(r"\[[^\[\]@]*+@[\w-]++[^\[\]]*+\]")
_FOOTNOTE_TEXT = re.compile(r"\[\^[\w-]++\]")
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "figcaption",
          "caption", "blockquote", "div", "section", "article", "aside", "details", "table", "ul", "ol", "dl", "tr"}
BLOCK_CONTAINERS = {"div", "section", "article", "aside", "details", "table", "ul", "ol", "dl", "tr", "blockquote"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track", "param"}
_SKIP_TAGS = {"script", "style", "template", "svg", "math", "pre", "code", "kbd", "samp", "noscript", "iframe", "object"}
_SKIP_CLASSES = {"footnote", "headerlink", "pml-cite-sep"}  # the reference list, the ¶ permalink, the comma between marks
# Classes that hide content on screen or in print (found in the site's CSS by hiding_classes).
_DEFAULT_HIDING = {"pml-print-only", "pml-screen-only", "pml-visually-hidden", "md-visually-hidden"}
# The shared warnings' boxes (their class -> their file under docs/_includes): a box with one of these
# classes must show exactly its file's words, so its text is trusted as reviewed (its figures need no
# citation mark, its "do not stop" is the warning itself).
WARNING_CLASSES = {"pml-medicine": "warnings/never-stop-medicine.md",
                   "pml-medicine-clinician": "warnings/never-stop-clinician.md",
                   "pml-emergency": "warnings/emergency.md", "pml-care-today": "warnings/care-team-today.md"}


@lru_cache(maxsize=8)
def hiding_classes(docs: Path) -> frozenset[str]:
    """Every class the site's own CSS hides (display: none, visibility: hidden, clip) anywhere,
    in any medium: the last class of each selector of such a rule."""
    found = set(_DEFAULT_HIDING)
    for css in _stylesheets(docs):
        try:
            text = css.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for rule in text.split("}"):  # "selectors { declarations" (an @media line is its own piece)
            selectors, _, body = rule.rpartition("{")
            if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden|\bclip\s*:", body):
                for selector in selectors.split(","):
                    words = selector.split()
                    if words and ":" not in words[-1].replace(":not(", "").replace(":has(", ""):  # not ::before, :hover ...
                        found.update(re.findall(r"\.([a-zA-Z][\w-]*)", words[-1]))
    return frozenset(found)


def _stylesheets(docs: Path) -> list[Path]:
    """The site's own CSS and the theme's (Material hides some of its classes too)."""
    folders = [docs / "assets" / "css"]
    try:
        import material

        folders.append(Path(material.__file__).parent / "templates" / "assets" / "stylesheets")
    except ImportError:  # the checks run without the theme installed
        pass
    return [css for folder in folders if folder.is_dir() for css in sorted(folder.glob("*.css"))]


@dataclass
class Block:
    tag: str
    classes: tuple[str, ...]
    parts: list[str] = field(default_factory=list)
    table_caption_cited: bool = False   # a cell of a table whose caption (the block above it) cites
    in_box: bool = False                # inside a shared warning's box
    row: int = 0                        # a table cell's row (numbered from 1 over the page), else 0
    generated: bool = False             # drawn from a data file by a generated block (pmlrender/generated.py)
    final: str | None = None            # the text, once the page is read

    @property
    def text(self) -> str:
        return self.final if self.final is not None else _SPACES.sub(" ", "".join(self.parts)).strip()


@dataclass
class Box:
    """A warning box (WARNING_CLASSES): its words, and whether every reader sees it as it stands."""
    kind: str
    shown: bool
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()


@dataclass
class _Open:
    """An open element, with what it inherits from the elements around it (so nothing is
    recomputed by walking the stack: a page of thousands of nested tags stays linear)."""
    tag: str
    gone: bool        # no reader meets it (hidden, a template or script), or an ancestor is gone
    veiled: bool      # hidden on screen or in print, or from screen readers, here or above
    collapsed: bool   # inside a closed <details> (a collapsed ??? block), other than its summary line
    closed_details: bool  # this element is itself a closed <details>
    skip: bool        # not prose (code, the reference list), here or above
    block: Block      # the block its words belong to
    boxes: tuple      # the warning boxes it is inside


MAX_DEPTH = 400  # elements open at once; Markdown's own pages nest about ten deep


class Reader(HTMLParser):
    """The text of an HTML fragment in blocks, with citation marks as CITE."""

    def __init__(self, hiding: frozenset[str] = frozenset(_DEFAULT_HIDING), marks: frozenset[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.hiding = hiding
        self.marks = set(marks)  # the ids of the citation marks the build drew (each counts once)
        self.hand_marks: list[str] = []  # citation marks the build did not draw (ids, comments, [^text])
        self.blocks: list[Block] = []
        self.boxes: list[Box] = []
        self.root = Block("", ())
        self.stack: list[_Open] = [_Open("", False, False, False, False, False, self.root, ())]
        self.too_deep = False
        self._rows = 0
        self._caption_cited = False
        self._last_prose: Block | None = None
        self._generated = 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag == "br":
                self.handle_data(" ")
            return
        if len(self.stack) > MAX_DEPTH:
            self.too_deep = True
            return
        attrs, up = dict(attrs), self.stack[-1]
        classes = tuple((attrs.get("class") or "").split())
        gone = up.gone or "hidden" in attrs or tag in {"template", "script", "style", "noscript"}
        veiled = up.veiled or not self.hiding.isdisjoint(classes) or attrs.get("aria-hidden") == "true"
        closed = tag == "details" and "open" not in attrs
        collapsed = up.collapsed or (up.closed_details and tag != "summary")
        skip = up.skip or tag in _SKIP_TAGS or not _SKIP_CLASSES.isdisjoint(classes)
        if tag == "sup" and (attrs.get("id") or "").startswith("fnref"):
            if attrs["id"] not in self.marks:  # written by hand (or twice): no citation, and reported
                self.hand_marks.append(attrs["id"] or "")
            else:
                self.marks.discard(attrs["id"])
                if not (gone or veiled):
                    up.block.parts.append(CITE)  # beside its claim: a mark in a collapsed block still counts
                skip = True
        boxes = up.boxes
        kind = next((k for k in WARNING_CLASSES if k in classes), None) if classes else None
        if kind and not gone:  # shown as it stands: on the page itself, in no wrapper, with no attribute of its own
            plain = set(classes) <= {"admonition", "note", kind} and set(attrs) == {"class"} and len(self.stack) == 1
            box = Box(kind, shown=plain and not (veiled or closed or collapsed))
            self.boxes.append(box)
            boxes = boxes + (box,)
        block = self._new_block(tag, classes, in_box=bool(boxes)) if tag in BLOCKS else up.block
        self.stack.append(_Open(tag, gone, veiled, collapsed, closed, skip, block, boxes))

    def _new_block(self, tag: str, classes: tuple[str, ...], in_box: bool) -> Block:
        if tag == "table":
            above = self._last_prose
            self._caption_cited = above is not None and CITE in _TEXT_CITATION.sub(CITE, above.text)
        self._rows += tag == "tr"
        cell = tag in {"td", "th"}
        block = Block(tag, classes, table_caption_cited=cell and self._caption_cited, row=self._rows if cell else 0,
                      generated=self._generated > 0, in_box=in_box)
        self.blocks.append(block)
        if tag not in BLOCK_CONTAINERS:
            self._last_prose = block
        return block

    def handle_comment(self, data):
        """Comments are never shown; the build's own around a generated block say where it is, and
        where a repeated citation mark was folded into the same source's mark that ends the run."""
        if data.startswith(FOLDED):
            here = self.stack[-1]
            if data not in self.marks:
                self.hand_marks.append(data)
            elif not (here.gone or here.veiled or here.skip):
                self.marks.discard(data)
                here.block.parts.append(CITE)
        elif data.strip() == "pml-generated-begin":
            self._generated += 1
        elif data.strip() == "pml-generated-end":
            self._generated = max(0, self._generated - 1)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):  # close up to the matching open tag (at most MAX_DEPTH)
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        here = self.stack[-1]
        if here.gone or here.skip:
            return
        if "[^" in data:  # a footnote mark Markdown did not draw shows as text
            self.hand_marks.extend(_FOOTNOTE_TEXT.findall(data))
        if here.veiled:  # a citation not every reader sees is no citation (its words still count)
            data = _TEXT_CITATION.sub("", data)
        here.block.parts.append(data)
        for box in here.boxes:
            box.parts.append(data)


def read(html: str, hiding: frozenset[str] = frozenset(_DEFAULT_HIDING), marks: frozenset[str] = frozenset()) -> Reader:
    """Parse ``html``; a literal [@key] (Markdown rendered without mkdocs-bibtex) counts as a mark
    only where the parser kept it, that is where readers see it; so does each mark the build drew
    (``marks``: their ids, from pmlrender/reference_lists.py)."""
    reader = Reader(hiding, marks)
    if not html_tokens.feed(reader, html):  # the same events, faster, when html.parser has one reading of it
        reader.feed(html)
        reader.close()
    for block in reader.blocks + [reader.root]:
        block.parts = [_TEXT_CITATION.sub(CITE, "".join(block.parts))]
        block.final = _SPACES.sub(" ", block.parts[0]).strip()
    return reader


def prose_blocks(reader: Reader) -> list[Block]:
    """Blocks that hold words of their own (containers such as ul or table left out). A table
    cell counts as cited when a cell of its row shows a citation mark (the Source column)."""
    cited_rows = {b.row for b in reader.blocks if b.row and CITE in b.text}
    for block in reader.blocks:
        if block.row in cited_rows:
            block.table_caption_cited = True
    return [b for b in reader.blocks + [reader.root] if b.text.replace(CITE, "").strip()]


# ---- locating what a reader sees in the source a contributor edits

_LINK = re.compile(r"!?\[([^\[\]]*+)\]\([^()]*+\)")
_TAG = re.compile(r"<[^<>]*+>")


def _norm(text: str) -> str:
    import html as html_lib

    from pmlsources.lookalikes import fold

    text = _TAG.sub(" ", _LINK.sub(r"\1", html_lib.unescape(text)))
    text = re.sub(r"[*_`#>|\[\]{}\\]|@[\w-]++", " ", text)
    return " ".join(fold(text).split())


@dataclass
class Sources:
    """A page's source and the snippets it includes, line by line, as searchable text (read
    only when a problem must be located: most pages have none)."""
    page: Path
    text: str
    root: Path
    searches: int = 0                    # locate calls so far: a page reports at most MAX_PROBLEMS
    _files: list | None = None

    @property
    def files(self) -> list[tuple[str, list[str]]]:
        """(path as shown, normalised lines) of the page and each snippet it reaches."""
        if self._files is None:
            self._files = _source_files(self.page, self.text, self.root)
        return self._files

    def locate(self, needle: str) -> tuple[str, int | None]:
        """The file and line where ``needle`` (rendered text) is written; the page, without a line,
        when it cannot be found (or when the page already has MAX_PROBLEMS problems)."""
        self.searches += 1
        if self.searches > MAX_PROBLEMS:
            return self.files[0][0], None
        words = _norm(needle.replace(CITE, " ")).split()
        tries = [" ".join(words[:n]) for n in (12, 6, 3, 2, 1) if len(words) >= n]
        for attempt in tries:
            for path, lines in self.files:
                for number, line in enumerate(lines, start=1):
                    if attempt and attempt in line:
                        return path, number
        return self.files[0][0], None


def page_sources(page: Path, text: str, root: Path) -> Sources:
    return Sources(page, text, root)


def _source_files(page: Path, text: str, root: Path) -> list[tuple[str, list[str]]]:
    """The page's text and, in include order, every snippet it reaches (each file once)."""
    from pmlcheck.inputs import snippet_lines

    files: list[tuple[str, list[str]]] = []
    seen: set[Path] = set()
    queue = [(page, text)]
    includes = root / "docs" / "_includes"
    while queue:
        path, body = queue.pop(0)
        if path in seen or len(seen) > 50:
            continue
        seen.add(path)
        lines = body.split("\n")
        front, _rest, first = split_front_matter(body)
        blank = first - 1 if front is not None else 0  # the front matter is not on the page
        files.append((rel(path, root), ["" if n < blank else _norm(line) for n, line in enumerate(lines)]))
        for _line, name in snippet_lines(body):
            target = includes / name.split(":", 1)[0] if not name.endswith("CONTRIBUTING.md") else root / name
            try:
                queue.append((target, target.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, ValueError):
                continue
    return files


# ---- the checks

@dataclass
class Seen:
    """What the checks of one page found, and its words for the reading grade."""
    problems: list[Problem]
    grade_text: str
    grade_path: str = ""   # set for a plain-language page whose grade the build reports


def check_page(html: str, page: Path, text: str, root: Path, rules, hiding: frozenset[str],
               marks: frozenset[str] = frozenset()) -> Seen:
    """Every check of what readers see on one page (``text``: its source, for locating; ``marks``:
    the ids of the citation marks the build drew on it)."""
    from pmlcheck import citations, working_notes

    if rules is None:
        return Seen([], "")
    reader = read(html, hiding, marks)
    sources = page_sources(page, text, root)
    blocks = prose_blocks(reader)
    problems = _parser_tricks(html, sources) + _hand_marks(reader, page, text, root)
    if reader.too_deep:
        problems.append(Problem(rel(page, root), None, f"the page nests HTML elements more than {MAX_DEPTH} deep.",
                                "close the tags you open; pages need only a few levels of nesting."))
    if rules.citations_required:
        problems += citations.uncited_blocks(blocks, sources.locate, rules.why)
    if rules.working_notes:
        problems += working_notes.in_blocks(blocks, sources.locate, rules.why)
    problems += _instructions(blocks, sources.locate) + _warnings(reader, (page, text), root, rules, sources)
    grade_text = "\n".join(_unit(b.text.replace(CITE, "")) for b in blocks)
    if len(problems) > MAX_PROBLEMS:
        problems = problems[:MAX_PROBLEMS] + [Problem(rel(page, root), None, f"{len(problems) - MAX_PROBLEMS} more "
                                                      "problems of the kinds above on this page are not listed.",
                                                      "fix those listed, then run the checks again.")]
    return Seen(problems, grade_text)


def _hand_marks(reader: Reader, page: Path, text: str, root: Path) -> list[Problem]:
    """A citation mark's element (`<sup id="fnref...">`), a `[^note]` or the build's own comment
    that no `[@key]` drew looks like a citation to readers and cites nothing (located by its first
    appearance in the page's source, when it is there and not in a snippet)."""
    def line(mark: str) -> int | None:
        looks = [f"[^{mark.partition(':')[2]}]", f'"{mark}"', mark] if mark.startswith("fnref") else [mark]
        at = min((found for look in looks if (found := text.find(look)) >= 0), default=-1)
        return text.count("\n", 0, at) + 1 if at >= 0 else None

    return [Problem(rel(page, root), line(mark), f"readers would see a citation mark that cites no source ({_shown(mark)}).",
                    "cite with [@key] (the key from bibliography.bib) in the page's text: the build draws the "
                    "mark and the reference list; this site uses no other footnotes.")
            for mark in reader.hand_marks[:5]]


def _shown(mark: str) -> str:
    """A mark as a contributor would look for it in the page's source."""
    if mark.startswith("[^"):
        return f"the text {mark}"
    return f'the comment <!--{mark}-->' if mark.startswith(FOLDED) else f'<sup id="{mark}">'



MAX_PROBLEMS = 50  # per page: a hostile page could make thousands, each searched for in the source


def _unit(text: str) -> str:
    """A block as one unit for the reading formula: a heading or cell with no full stop still ends."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else text + "."


def _parser_tricks(html: str, sources: Sources) -> list[Problem]:
    """Comment forms that Python's parser and browsers read differently (`<!-->` ends at once in
    a browser and runs to the next `-->` here): refused, so what is checked is what is shown."""
    problems = []
    for trick in ("<!-->", "<!--->", "--!>"):
        if trick in html:
            path, line = sources.locate(trick)
            problems.append(Problem(path, line, f"the page contains '{trick}', a comment browsers read differently.",
                                    "write comments as <!-- text --> (or remove them)."))
    return problems


def _instructions(blocks: list[Block], locate) -> list[Problem]:
    from pmlcheck import never_stop

    problems = []
    for block in blocks:
        words = None if block.in_box else never_stop.instruction(block.text.replace(CITE, ""))
        if words:
            path, line = locate(words)
            problems.append(Problem(path, line, f"the page tells readers what to do with a treatment: \"{words}\".",
                                    never_stop.INSTRUCTION_FIX))
    return problems


def _warnings(reader: Reader, source: tuple[Path, str], root: Path, rules, sources: Sources) -> list[Problem]:
    """Every warning box shows its file's words; the never-stop warning in the reader's voice,
    shown to every reader, on the pages that need it (reported at the page's first line after
    its front matter, where it belongs)."""
    from pmlcheck import never_stop

    from pmlsources import shape

    page, text = source
    includes = root / "docs" / "_includes"
    lang = shape.language_of(page, root / "docs")
    if lang != "en":  # a translated page shows its language's warnings (docs/_includes/<lang>/warnings/)
        includes = includes / lang
    problems, shown_ok = [], False
    want = never_stop.CLINICIAN if rules.clinician_voice else never_stop.PATIENT
    for box in reader.boxes:
        name = WARNING_CLASSES[box.kind]
        if never_stop.box_words(box.text) != never_stop.expected_words(includes, name):
            path, line = sources.locate(box.text[:80])
            problems.append(Problem(path, line, f"a '{box.kind}' warning box does not show the words of {name}.",
                                    f'include the shared warning (--8<-- "{name}") instead of retyping or changing it.'))
        elif name == want and box.shown:
            shown_ok = True
    if never_stop.required(page, root / "docs") and not shown_ok:
        problems.append(Problem(rel(page, root), split_front_matter(text)[2],
                                f"the page is about treatment or medicines and does not show the never-stop warning "
                                f"({want}) where every reader sees it.",
                                f'put --8<-- "{want}" on a line of its own near the top of the page, not inside a '
                                "hidden, collapsed (???) or print-only block."))
    return problems


def check_pages(pages: list[Path], root: Path, docs: Path) -> tuple[list[Problem], list]:
    """For `dev.py check`: every page rendered as the build renders it (pmlsources/rendered.py) and
    checked. Returns the problems and the plain-language pages' grades."""
    from pmlcheck import readability
    from pmlsources import shape

    problems, grades = [], []
    for page in pages:
        found, rules = rendered_check(page, root, docs)
        problems += found.problems
        if rules is not None and rules.plain_language and shape.language_of(page, docs) == "en":
            grades.append(readability.grade_words(found.grade_text, rel(page, root)))
    return problems, grades


def rendered_check(page: Path, root: Path, docs: Path) -> tuple[Seen, Rules | None]:
    """One page rendered and checked (kept per page text, so the single-check commands that each
    need it render a page once), and its rules."""
    from pmlsources import shape, textsafe

    text, unreadable = textsafe.read(page, root)
    rules = shape.rules_for(page, docs)
    if text is None or unreadable or rules is None:
        return Seen([], ""), rules
    return _rendered_check(page, text, root, docs, rules), rules


@lru_cache(maxsize=256)
def _rendered_check(page: Path, text: str, root: Path, docs: Path, rules) -> Seen:
    from pmlsources import rendered as render

    try:
        html = render.page_html(render.renderer(root), text)
    except Exception as exc:  # noqa: BLE001 - an extension's error on hostile input, reported located
        return Seen([Problem(rel(page, root), None, f"the page could not be rendered ({type(exc).__name__}: {exc}).",
                             "run `python3 scripts/dev.py build` to see the build's own message, and fix the "
                             "Markdown it names.")], "")
    return check_page(html, page, text, root, rules, hiding_classes(docs))


def check_built(html: str, source: str | None, root: Path, docs: Path, hiding: frozenset[str],
                marks: frozenset[str] = frozenset()) -> Seen:
    """For the build plugin: one page's HTML as MkDocs produced it. ``source``: the page's file
    (None for a page a plugin makes up, such as the printed edition's, whose pages are each
    checked on their own); ``marks``: the ids of the citation marks the build drew on it."""
    from pmlsources import shape, textsafe

    if not source:
        return Seen([], "")
    page = Path(source)
    text, _problems = textsafe.read(page, root)  # the page passed the same read before the build
    rules = shape.rules_for(page, docs)
    found = check_page(html, page, text or "", root, rules, hiding, marks)
    found.grade_path = rel(page, root) if rules is not None and rules.plain_language and shape.language_of(page, docs) == "en" else ""
    return found


def results(found: list[Seen], whole_site: bool) -> list[tuple[str, list[Problem]]]:
    """The build's report of every page's checks, and the reading level of plain-language pages."""
    from pmlcheck import readability

    grades = [readability.grade_words(seen.grade_text, seen.grade_path) for seen in found if seen.grade_path]
    return [("what readers see", [p for seen in found for p in seen.problems]),
            ("reading level", readability.check_grades(grades, whole_section=whole_site))]


# --- one kind of what readers see, for the single-check commands ----------------------------------

def uncited_numbers(paths: list[Path], root: Path, docs: Path) -> list[Problem]:
    """Numbers without a source on the rendered content pages in ``paths`` (check_citations.py)."""
    from pmlcheck import citations

    return [p for path in paths if citations.is_content_page(path, docs)
            for p in rendered_check(path, root, docs)[0].problems if p.fix == citations.NUMBER_FIX]


def grade_files(paths: list[Path], root: Path, docs: Path) -> list:
    """The reading grade of each page as rendered: snippets in, hidden text out (reading_level.py)."""
    from pmlcheck import readability

    return [readability.grade_words(rendered_check(p, root, docs)[0].grade_text, rel(p, root)) for p in paths]


def working_notes_in(paths: list[Path], root: Path, docs: Path) -> list[Problem]:
    """Editors' working notes in the rendered body of each page in ``paths`` that readers see."""
    from pmlcheck import working_notes

    return [p for path in paths if working_notes.applies_to(path, docs)
            for p in rendered_check(path, root, docs)[0].problems if p.fix in working_notes.FIXES]
