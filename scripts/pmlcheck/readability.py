"""Reading level of patient-facing pages (Flesch-Kincaid grade).

Why: patients and families read PML Guide while frightened and often unwell. Pages for them
must stay at about the reading level of a 13-year-old (grade 8 at most, median 7), the level
health-literacy guidance aims for. The grade is computed on the words a reader reads: front
matter, code, citations, link addresses, HTML and Markdown markup are removed first.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from pmlsources import shape
from pmlsources.pages import DOCS, prose_lines
from pmlsources.problems import Problem

MAX_GRADE = 8.0
MAX_MEDIAN = 7.0
# Sections whose pages must meet the plain-language grade (pmlsources/shape.py says which).
PLAIN_FOLDERS = tuple(section.folder for section in shape.SECTIONS if section.plain_language)

_CITATION = re.compile(r"\[[^\[\]@]*+@[\w-]++[^\[\]]*+\]")  # possessive: linear on any line
_LINK = re.compile(r"!?\[([^\[\]]*+)\]\([^()]*+\)")
_HTML = re.compile(r"<[^<>]++>")
_ATTRS = re.compile(r"\{[:#.][^{}]*+\}")
_MARKUP = re.compile(r"[*_`>|#]+")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$')
_LIST = re.compile(r"^\s*(?:\d+\.|[-*+])\s+")


def plain_text(markdown_text: str) -> str:
    """The words of a page as a reader reads them, one sentence-ish unit per line."""
    out = []
    for _number, line in prose_lines(markdown_text):
        if set(line.strip()) <= set("|-: "):
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            line = admonition.group(1) or ""
        line = re.sub(r"\s+([.,;:!?])", r"\1", _CITATION.sub("", line))
        line = _LINK.sub(r"\1", line)
        line = _HTML.sub(" ", line)
        line = _ATTRS.sub("", line)
        line = _LIST.sub("", line)
        line = line.replace("|", ". ")
        line = _MARKUP.sub("", line).strip()
        if not line:
            continue
        # A heading, list item or table cell with no full stop is still one unit for the formula.
        if line[-1] not in ".!?:;":
            line += "."
        out.append(line)
    return "\n".join(out)


@dataclass
class Grade:
    path: str
    grade: float
    words: int
    sentences: int
    long_sentences: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def grade_text(markdown_text: str, path: str = "") -> Grade:
    import warnings

    with warnings.catch_warnings():  # textstat 0.7.4 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", DeprecationWarning)
        import textstat  # noqa: F401  # imported once here, its warning silenced; only this check needs it

    return grade_words(plain_text(markdown_text), path)


def grade_words(text: str, path: str = "") -> Grade:
    """The grade of text already reduced to what a reader reads (pmlcheck/seen.py gives it for a
    rendered page: snippets in, hidden text out), one unit a line."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import textstat

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    long = sum(1 for s in sentences if len(s.split()) > 20)
    return Grade(path, round(textstat.flesch_kincaid_grade(text), 1), textstat.lexicon_count(text),
                 len(sentences), long)


def needs_plain_language(path: Path, docs: Path = DOCS) -> bool:
    """An English page that must meet the Flesch-Kincaid grade, by its folder and its place in the
    navigation, the stricter winning (a translation's reading level is measured with its own
    language's formula: pmlcheck/translations.py)."""
    rules = shape.rules_for(path, docs)  # None for a file outside docs/
    return rules is not None and rules.plain_language and shape.language_of(path, docs) == "en"


def check_grades(grades: list[Grade], whole_section: bool = True) -> list[Problem]:
    """Every page at most MAX_GRADE; with the whole section, the median at most MAX_MEDIAN."""
    problems = [
        Problem(g.path, None, f"reading grade {g.grade} is above {MAX_GRADE} "
                f"({g.words_per_sentence:.1f} words a sentence; {g.long_sentences} sentence(s) over 20 words).",
                "use shorter sentences and everyday words, with the medical term in brackets after the everyday one; "
                "run scripts/reading_level.py on the page to see its grade.")
        for g in grades if g.grade > MAX_GRADE
    ]
    if whole_section and grades:
        median = statistics.median(g.grade for g in grades)
        if median > MAX_MEDIAN:
            problems.append(Problem("docs/patients, docs/medicines", None,
                                    f"the median reading grade of plain-language pages is {median:.1f}, above {MAX_MEDIAN}.",
                                    "simplify the pages with the highest grades first (scripts/reading_level.py lists them)."))
    return problems
