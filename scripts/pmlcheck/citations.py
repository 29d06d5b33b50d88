"""Citations: every key cited exists, every entry is cited, every number has its source.

Why: mkdocs-bibtex only warns about an unknown key and then silently drops the citation from
the sentence, and it never notices a figure stated with no source at all. On a medical site a
number without a source is a number a reader cannot check.
"""
from __future__ import annotations

import re
from pathlib import Path


from pmlsources.bibliography import Bibliography, cited_keys, citing_pages  # parsed as mkdocs-bibtex parses them
from pmlsources import shape
from pmlsources.pages import DOCS, prose_lines
from pmlsources.marks import CITE
from pmlsources.problems import Problem, did_you_mean, rel

# Pages whose factual sentences must carry a source (pmlsources/shape.py says which sections).
CONTENT_FOLDERS = tuple(section.folder for section in shape.SECTIONS if section.citations_required)

_LINK_TARGET = re.compile(r"\]\([^()]*+\)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_CITATION = re.compile(r"\[[^\[\]@]*+@[\w-]++[^\[\]]*+\]")  # possessive: linear on any line
_NUMBER = re.compile(r"(?<![\w\-/.#^])\d+(?:[.,]\d+)*(?![\w-])")
# Numbers that are names, not statements of fact.
_EXEMPT = re.compile(
    r"\b(?:phase|phases|type|grade|class|stage|step|part|page|question|number|no\.)\s+\d+(?:\s*(?:and|or|to|,)\s*\d+)*",
    re.IGNORECASE,
)
_GUIDELINE_NAME = re.compile(r"\b[A-Z]{2,}(?:[\u2013-][A-Z]{2,})*\s+(?:19|20)\d\d\b")  # "MAGNIMS 2015", "AAN 2013"
_ENUMERATION = re.compile(r"^\d{1,2}[.)]\s+")  # "### 1. Antibodies to the JC virus": a heading's number
_LIST_MARKER = re.compile(r"^\s*(?:\d+\.|[-*+])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(“‘])")


def unknown_keys(path: str, text: str, known: set[str]) -> list[Problem]:
    """One problem per unknown key, at its first line, naming every line that cites it."""
    lines: dict[str, list[int]] = {}
    for line, key in cited_keys(text):
        if key not in known:
            lines.setdefault(key, []).append(line)
    problems = []
    for key, where in lines.items():
        hint = did_you_mean(key, known, "[@{}]")
        also = f" (also cited on line{'s' if len(where) > 2 else ''} {', '.join(map(str, where[1:]))})" if len(where) > 1 else ""
        problems.append(Problem(path, where[0], f"unknown citation key '{key}'{also}.",
                                f"{hint}Cite a key that is in bibliography.bib, or add a verified entry "
                                "for this source there first (see CONTRIBUTING.md, 'Cite a source')."))
    return problems


def _without_comments(text: str) -> str:
    """``text`` with each <!-- ... --> replaced by a space, in one pass (a pattern retried at every
    "<!--" of a line without "-->" took minutes on a long line)."""
    out, pos = [], 0
    while (start := text.find("<!--", pos)) != -1:
        end = text.find("-->", start + 4)
        out.append(text[pos:start] + " ")
        if end == -1:
            return "".join(out)
        pos = end + 3
    return "".join(out) + text[pos:]


def _numbers_outside_names(sentence: str) -> list[str]:
    text = _GUIDELINE_NAME.sub(" ", _EXEMPT.sub(" ", sentence))
    return _NUMBER.findall(text)


def uncited_numbers(path: str, text: str) -> list[Problem]:
    """Sentences that state a number or percentage with no citation in the same sentence."""
    problems = []
    lines = prose_lines(text)
    caption_cited = False
    previous = ""    # the line just above (blank or not)
    last_text = ""   # the last non-blank line: a table's caption
    for number, raw in lines:
        stripped = raw.strip()
        if not stripped:
            previous = ""
            continue
        if stripped.startswith("#") or stripped.startswith("!!!") or stripped.startswith("???"):
            previous = last_text = stripped
            continue
        if stripped.startswith("|"):
            if not previous.startswith("|"):
                # First row of a table: its caption (the line just above) may cite for every row.
                caption_cited = bool(_CITATION.search(last_text))
                previous = stripped
                continue  # the header row names columns
            previous = stripped
            if set(stripped) <= set("|-: "):
                continue
            if caption_cited or _CITATION.search(stripped):
                continue
            cleaned = _without_comments(_INLINE_CODE.sub(" ", _LINK_TARGET.sub("]", stripped)))
            found = _numbers_outside_names(cleaned)
            if found:
                problems.append(Problem(path, number, f"a table row states {', '.join(found)} with no source.",
                                        "cite the source in the row, or in the sentence just above the table "
                                        "(for example 'Figures from ... [@key].')."))
            continue
        last_text = stripped
        previous = stripped
        cleaned = _without_comments(_INLINE_CODE.sub(" ", _LINK_TARGET.sub("]", stripped)))
        cleaned = _LIST_MARKER.sub("", cleaned)
        for sentence in _SENTENCE_END.split(cleaned):
            if _CITATION.search(sentence):
                continue
            found = _numbers_outside_names(_CITATION.sub(" ", sentence))
            if found:
                short = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                problems.append(Problem(path, number, f"this sentence states {', '.join(found)} with no source: \"{short}\"",
                                        "add the source in the same sentence, just before the full stop: "
                                        "'... about 1 in 2 people [@key].'"))
    return problems


NUMBER_FIX = ("add the source in the same sentence, just before the full stop: '... about 1 in 2 people [@key].' "
              "(not inside a hidden element); for a table, cite in the row or in the sentence just above the table.")


def uncited_blocks(blocks: list, locate, why: str = "") -> list[Problem]:
    """Sentences of the rendered page (pmlcheck/seen.py blocks: paragraphs, list items, headings,
    table cells, admonition titles) that state a number with no citation mark readers see in the
    same sentence. A table's cells are covered by a citation in the sentence just above the table;
    the shared warnings' boxes are reviewed text."""

    problems = []
    because = f" (the page is {why})" if why else ""
    for block in blocks:
        if block.in_box or block.table_caption_cited or block.generated:
            continue
        text = _ENUMERATION.sub("", block.text) if block.tag[:1] == "h" else block.text
        for sentence in _SENTENCE_END.split(text):
            if CITE in sentence:
                continue
            found = _numbers_outside_names(sentence)
            if found:
                path, line = locate(sentence)
                short = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                where = "a table cell" if block.tag in ("td", "th") else "this sentence"
                problems.append(Problem(path, line, f"{where} states {', '.join(found)} with no source readers can see: "
                                        f"\"{short}\"{because}", NUMBER_FIX))
    return problems


_INTERNAL_MARK = re.compile(r"pml-cite-folded|pml-generated-(?:begin|end)", re.I)


def internal_marks(path: str, text: str) -> list[Problem]:
    """The build's own citation marks written into a page: they would draw a mark with no source."""
    return [Problem(path, number, f"the page contains '{match.group(0)}', a mark the build uses for citations.",
                    "remove it and cite with [@key]: the build writes these marks itself.")
            for number, line in enumerate(text.split("\n"), start=1) for match in [_INTERNAL_MARK.search(line)] if match]


def is_content_page(path: Path, docs: Path = DOCS) -> bool:
    rules = shape.rules_for(path, docs)  # None for a file outside docs/; folder and navigation, stricter wins
    return rules is not None and rules.citations_required


def check_pages(paths: list[Path], bib: Bibliography, docs: Path = DOCS, all_pages: list[Path] | None = None,
                root: Path | None = None) -> list[Problem]:
    """Unknown keys in ``paths``; uncited entries if ``all_pages`` is given. Numbers without a
    source are found on the rendered page, with the other checks of what readers see
    (pmlcheck/seen.py: uncited_numbers for these pages alone)."""
    root = root or docs.parent
    known = set(bib.entries)
    problems: list[Problem] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        shown = rel(path, root)
        problems += unknown_keys(shown, text, known) + internal_marks(shown, text)
    if all_pages is not None:
        problems += uncited_entries(bib, all_pages, keys_in_data(root, docs))
    return problems


# The data files whose sources the build cites on pages (a glossary term's sources on the
# Glossary page and in its tooltip; a data row's source beside its picture or table).
DATA_FILES = ("glossary.yml", "glossary.es.yml")
DATA_FOLDER = "_data"


def keys_in_data(root: Path, docs: Path) -> set[str]:
    """Every citation key named as `source:` or under `sources:` in the glossaries and in
    docs/_data/*.yml. Read leniently: an unreadable file gives no keys here (its own check
    reports it with the line and the fix)."""
    from pmlsources import data as datafile
    keys: set[str] = set()
    files = [root / name for name in DATA_FILES] + sorted((docs / DATA_FOLDER).glob("*.yml"))
    for path in files:
        data, problems = datafile.read(path, root)
        if not problems:
            _collect_sources(data, keys)
    return keys


def _collect_sources(node: object, keys: set[str]) -> None:
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "source" and isinstance(value, str):
                keys.add(value)
            elif name == "sources" and isinstance(value, list):
                keys.update(v for v in value if isinstance(v, str))
            else:
                _collect_sources(value, keys)
    elif isinstance(node, list):
        for value in node:
            _collect_sources(value, keys)


def uncited_entries(bib: Bibliography, pages: list[Path], cited_elsewhere: frozenset[str] | set[str] = frozenset()) -> list[Problem]:
    """Entries neither a page nor a data file (a glossary term's sources, a picture's or table's
    source) cites."""
    cited = set(citing_pages(pages)) | cited_elsewhere
    problems = []
    for key, entry in bib.entries.items():
        if key in cited or entry.fields.get("uncited", "").strip():
            continue
        problems.append(Problem(bib.path, bib.lines.get(key), f"entry '{key}' is not cited on any page.",
                                "cite it where it supports a claim (on a page, or as a glossary term's or data row's "
                                "source), delete it, or keep it on purpose by adding "
                                "uncited = {the reason} to the entry."))
    return problems
