"""Editorial working notes: words meant for editors that must never reach readers.

Why: while checking sources, writers note what they could and could not see ("stored copy",
"we could not check", "Not confirmed", "None seen"). Those notes are true and worth keeping, but on
a page they tell a worried reader nothing they can act on, and they make the whole guide sound
unsure. Readers get plain words instead ("The published table is not reproduced here yet; see the
original"), and the working notes go where editors look for them: the comment above the entry in
bibliography.bib, the editorial record (About > Editorial policy) or the commit message.
The About section is that record, so it is the one part of the site this check leaves alone.
"""
from __future__ import annotations

import re
from pathlib import Path

from pmlsources import shape
from pmlsources.lookalikes import fold
from pmlsources.pages import DOCS, prose_lines, split_front_matter
from pmlsources.problems import Problem, rel

# Where working notes belong; pages here may talk about how sources were checked.
EDITORIAL_RECORD = shape.EDITORIAL_RECORD

_SAY_WHAT_IS_MISSING = (
    "tell readers in plain words what is missing and where the original is, for example "
    "\"The published table is not reproduced here yet; see the original [link]\" or "
    "\"Check the current version on the guideline's website\". Keep the note about what you could "
    "or could not see in the comment above the entry in bibliography.bib, or in your commit message."
)
_FINISH_OR_REMOVE = (
    "finish the sentence or take it out before publishing; an open question for editors belongs in "
    "the pull request or the commit message, not on the page."
)

# (pattern, what it is, how to fix it). Patterns are narrow on purpose: "not visible" or "not
# confirmed" alone also occur in medical text ("the lesion was not visible on CT").
PHRASES: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"\bstored\s+(?:cop(?:y|ies)|pages?|records?|excerpts?|versions?)\b", re.I),
     "a note about the stored copy a source was checked on", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bwe\s+(?:could\s+not|couldn't|cannot|can't|were\s+unable\s+to|did\s+not)\s+"
                r"(?:check|confirm|verify|see)\b", re.I),
     "a note about what the editors could not check", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bcould\s+not\s+be\s+(?:\w+ly\s+)?(?:checked|confirmed|verified)\b", re.I),
     "a note about what the editors could not check", _SAY_WHAT_IS_MISSING),
    (re.compile(r"(?:^|\|)\s*(?:\*\*)?Not\s+(?:yet\s+)?confirmed\b"),
     "a \"Not confirmed\" marker", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bnone\s+seen\b", re.I), "a \"None seen\" marker", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bnot\s+(?:visible|seen)\s+(?:in|on)\s+the\s+(?:stored\s+)?"
                r"(?:cop(?:y|ies)|excerpts?|records?|version|pages?\s+checked)\b", re.I),
     "a note about what a checked copy did not show", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\b(?:dates?|versions?|wording|recommendations?|statements?|content)\s+"
                r"(?:(?:was|were)\s+not\s+(?:seen|visible)|could\s+not\s+be\s+seen|not\s+visible)\b", re.I),
     "a note about what a checked copy did not show", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bin\s+the\s+cop(?:y|ies)\s+(?:we\s+)?checked\b", re.I),
     "a note about the copy a source was checked on", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\b(?:unverified|not\s+(?:yet\s+)?verified)\b", re.I),
     "an \"unverified\" marker", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bFLAG\s*:|\bTODO\b|\bTBC\b|\bTBD\b|\bFIXME\b"),
     "an editor's marker (FLAG, TODO, TBC, TBD, FIXME)", _FINISH_OR_REMOVE),
    (re.compile(r"\[\s*citation\s+needed\s*\]", re.I), "a \"[citation needed]\" marker",
     "cite a verified source in the same sentence, or take the claim out."),
    # The same notes in Spanish (docs/es/, the Spanish edition).
    (re.compile(r"\bcopias?\s+(?:guardadas?|almacenadas?)\b", re.I),
     "a note about the stored copy a source was checked on", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\bno\s+(?:pudimos|hemos\s+podido|se\s+pudo|se\s+pudieron)\s+(?:comprobar|confirmar|verificar|ver)\b", re.I),
     "a note about what the editors could not check", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\b(?:sin\s+(?:confirmar|verificar)|no\s+(?:confirmad|verificad)[oa]s?)\b", re.I),
     "an \"unverified\" marker", _SAY_WHAT_IS_MISSING),
    (re.compile(r"\[\s*(?:falta\s+(?:la\s+)?cita|cita\s+requerida|cita\s+necesaria)\s*\]", re.I),
     "a \"[cita requerida]\" marker", "cite a verified source in the same sentence, or take the claim out."),
]


def applies_to(path: Path, docs: Path = DOCS) -> bool:
    """Every page readers see, except the About section (the editorial record), unless the
    navigation lists the About page among pages for patients or other readers (stricter wins)."""
    rules = shape.rules_for(path, docs)
    return rules is None or rules.working_notes


def _reader_lines(text: str) -> list[tuple[int, str]]:
    """Front-matter lines (the description shows in search results) and the prose of the page."""
    front, _body, _first = split_front_matter(text)
    lines = list(enumerate(front.split("\n"), start=2)) if front else []
    return lines + prose_lines(text)


def notes_in(text: str) -> list[tuple[str, str, str]]:
    """(the words, what they are, the fix) for each working note in ``text``, compared after
    folding look-alike letters and soft hyphens (pmlsources/lookalikes.py)."""
    folded = fold(text, keep_case=True)
    return [(match.group(0).strip(" |*"), what, fix)
            for pattern, what, fix in PHRASES for match in [pattern.search(folded)] if match]


def find(text: str, path: str, front_only: bool = False) -> list[Problem]:
    """One problem per line that shows readers a working note, quoting the words they would see.
    ``front_only``: the front matter only (the body is checked as rendered, pmlcheck/seen.py)."""
    problems = []
    front, _body, _first = split_front_matter(text)
    lines = (list(enumerate(front.split("\n"), start=2)) if front else []) if front_only else _reader_lines(text)
    for number, line in lines:
        found = notes_in(line)
        if found:
            words = ", ".join(f'"{w}"' for w, _what, _fix in found)
            problems.append(Problem(path, number, f"{found[0][1]} is shown to readers: {words}.", found[0][2]))
    return problems


def in_blocks(blocks: list, locate, why: str = "") -> list[Problem]:
    """Working notes in the rendered page's blocks (pmlcheck/seen.py), located in the source."""
    problems = []
    because = f" (the page is {why})" if why else ""
    for block in blocks:
        found = notes_in(block.text)
        if found:
            path, line = locate(found[0][0])
            words = ", ".join(f'"{w}"' for w, _what, _fix in found)
            problems.append(Problem(path, line, f"{found[0][1]} is shown to readers: {words}{because}.", found[0][2]))
    return problems


def check_files(paths: list[Path], docs: Path = DOCS, root: Path | None = None) -> list[Problem]:
    """Working notes in the front matter of every page in ``paths`` that readers see (About pages
    excepted). The body is checked as rendered, with the other checks of what readers see
    (pmlcheck/seen.py: working_notes_in for these pages alone)."""
    root = root or docs.parent
    problems: list[Problem] = []
    for path in paths:
        if applies_to(path, docs):
            problems += find(path.read_text(encoding="utf-8"), rel(path, root), front_only=True)
    return problems


FIXES = {fix for _pattern, _what, fix in PHRASES}
