"""Translations kept in step with their English pages: which version each translates, the same
figures, a Spanish reading level, and a Spanish glossary entry for every term they use.

Why: a translation that silently falls behind its English page can give a reader an old risk
figure in the language she reads best. Each translated page (docs/es/...) names the English
page it translates and a SHA-256 of that page's file as it was translated (front matter
`translation_of: {page: patients/iris.md, sha256: ...}`). From that:

- `behind`: the translations whose English page changed since (a build notice; the reader sees
  a line saying so, with a link to the English; `review-due --release` refuses one whose figures
  no longer match);
- `check_pages`: a translation that is up to date has exactly the numbers of its English page
  (the same multiset once "1.000"/"1,000" and "0,5"/"0.5" are read as the same number), and the
  same pictures and risk tables (their markers; the build draws them in its language);
- `check_reading`: Spanish pages are graded with a Spanish formula (Fernández-Huerta), not
  Flesch-Kincaid;
- `check_glossary`: every English glossary term used on an English page that has a translation
  has its Spanish entry (`translates:` in glossary.es.yml).
"""
from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pmlsources import shape
from pmlsources.pages import split_front_matter
from pmlsources.datawords import numbers
from pmlsources.glossary import GLOSSARY_ES
from pmlsources.problems import Problem, rel

GLOSSARY = GLOSSARY_ES  # the Spanish glossary, named once in pmlsources/glossary.py
MIN_FH = 55.0        # no Spanish patient page below this Fernández-Huerta score
MIN_FH_MEDIAN = 65.0  # the median of Spanish patient pages at least this
FIELD = "translation_of"
EXAMPLE = "translation_of:\n  page: patients/iris.md\n  sha256: <python3 scripts/translations.py --hash docs/patients/iris.md>"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def translated_pages(pages: list[Path], docs: Path) -> list[Path]:
    return [p for p in pages if shape.language_of(p, docs) != "en"]


@dataclass
class Pair:
    page: Path          # the translation
    english: Path       # the English page it translates
    recorded: str       # the sha256 in its front matter
    line: int           # the line of translation_of
    language: str = "es"

    @property
    def behind(self) -> bool:
        return self.english.is_file() and sha256_of(self.english) != self.recorded


def _front(path: Path) -> tuple[dict, int]:
    from pmlsources import yamlsafe

    front, _body, _first = split_front_matter(path.read_text(encoding="utf-8"))
    data, problems = yamlsafe.load(front or "", str(path), first_line=2)
    line = next((n + 2 for n, text in enumerate((front or "").split("\n")) if text.startswith(FIELD)), 1)
    return (data if isinstance(data, dict) and not problems else {}), line


def pair(page: Path, docs: Path, root: Path) -> tuple[Pair | None, list[Problem]]:
    """The translation and its English page, or the located problem with its translation_of."""
    data, line = _front(page)
    where = rel(page, root)
    _lang, parts = shape.page_parts(page, docs)
    expected = "/".join(parts)
    value = data.get(FIELD)
    fix = "write, in the front matter:\n" + EXAMPLE.replace("patients/iris.md", expected)
    if not isinstance(value, dict) or not isinstance(value.get("sha256"), str) or not isinstance(value.get("page"), str):
        return None, [Problem(where, line, "this translation does not say which version of its English page it translates.", fix)]
    if value["page"] != expected:
        return None, [Problem(where, line, f"translation_of names '{value['page']}', but this file translates '{expected}'.",
                              f"write 'page: {expected}', or move the file to docs/<language>/{value['page']}.")]
    english = docs / expected
    if not english.is_file():
        return None, [Problem(where, line, f"the English page {expected} does not exist.",
                              "translate an existing English page, at the same path under docs/<language>/.")]
    if not re.fullmatch(r"[0-9a-f]{64}", value["sha256"]):
        return None, [Problem(where, line, "translation_of's sha256 is not a SHA-256 (64 hexadecimal characters).", fix)]
    return Pair(page, english, value["sha256"], line, _lang), []


# --- numbers ----------------------------------------------------------------------------------



def number_problems(item: Pair, root: Path) -> list[Problem]:
    """The numbers the translation has that its English page has not, and the other way round."""
    here = numbers(item.page.read_text(encoding="utf-8"), item.language)
    there = numbers(item.english.read_text(encoding="utf-8"), "en")
    extra, missing = here - there, there - here
    if not extra and not missing:
        return []
    said = "; ".join(part for part in (
        ("only in the translation: " + ", ".join(f"{n} ({c}x)" for n, c in sorted(extra.items()))) if extra else "",
        ("only in the English: " + ", ".join(f"{n} ({c}x)" for n, c in sorted(missing.items()))) if missing else "")
        if part)
    return [Problem(rel(item.page, root), item.line, f"its numbers differ from {rel(item.english, root)}: {said}.",
                    "give every figure exactly as the English page gives it, as often (write 1.000 for 1,000 and 0,5 for 0.5).")]


# The generated blocks that show figures: a translation shows the same ones, drawn from the same
# data in its language (pmlrender/figures.py, iconarray.py, risk.py), so their numbers are the
# English page's without being typed on either page (the number check reads the Markdown, where a
# block is only its marker, an HTML comment).
_PICTURE = re.compile(r"^<!-- generated: (figure|icon-array|natalizumab-risk-table|natalizumab-risk-by-time)"
                      r"(?: ([^>]*?))? -->[ \t]*$", re.MULTILINE)


def pictures(markdown_text: str) -> Counter:
    """The figure, icon-array and risk-table markers of a page, each with its argument."""
    return Counter(" ".join(f"{m.group(1)} {m.group(2) or ''}".split()) for m in _PICTURE.finditer(markdown_text))


def picture_problems(item: Pair, root: Path) -> list[Problem]:
    """The pictures and risk tables the translation shows that its English page does not, and the
    other way round: a dropped picture would hide figures the English page gives."""
    here = pictures(item.page.read_text(encoding="utf-8"))
    there = pictures(item.english.read_text(encoding="utf-8"))
    if here == there:
        return []
    said = "; ".join(f"{what}: " + ", ".join(f"<!-- generated: {m} -->" for m in sorted(found.elements()))
                     for what, found in (("only in the translation", here - there), ("only in the English", there - here))
                     if found)
    return [Problem(rel(item.page, root), item.line, f"its pictures and tables differ from {rel(item.english, root)}: {said}.",
                    "copy the English page's marker lines, unchanged, to the same places in the translation: "
                    "the build draws them in Spanish.")]


def check_pages(pages: list[Path], docs: Path, root: Path) -> list[Problem]:
    """Every translated page names its English page and version, and, when up to date, has
    exactly its numbers and its pictures. (A page behind its English is a notice: see `behind`.)"""
    problems: list[Problem] = []
    for page in translated_pages(pages, docs):
        item, found = pair(page, docs, root)
        problems += found
        if item is not None and not item.behind:
            problems += number_problems(item, root) + picture_problems(item, root)
    return problems


def behind(pages: list[Path], docs: Path, root: Path) -> list[tuple[Pair, bool]]:
    """The translations whose English page changed since, each with whether its figures no
    longer match the English."""
    out = []
    for page in translated_pages(pages, docs):
        item, _problems = pair(page, docs, root)
        if item is not None and item.behind:
            out.append((item, bool(number_problems(item, root) or picture_problems(item, root))))
    return out


def notice(found: list[tuple[Pair, bool]], root: Path) -> str:
    """The build's notice: translations to bring up to date (never a failure of an ordinary build)."""
    if not found:
        return ""
    lines = [f"- {rel(item.page, root)}: {rel(item.english, root)} changed since it was translated"
             + (" (its figures changed: a release refuses this translation)" if figures else "")
             + f"; when updated, write sha256: {sha256_of(item.english)}" for item, figures in found]
    return f"{len(found)} translation(s) behind their English page:\n" + "\n".join(lines)


def release_problems(pages: list[Path], docs: Path, root: Path) -> list[Problem]:
    """For a release: a translation behind an English page whose figures changed is refused."""
    return [Problem(rel(item.page, root), item.line,
                    f"this translation is behind {rel(item.english, root)}, whose figures changed since.",
                    "update the translation's figures and write sha256: " + sha256_of(item.english)
                    + " in its translation_of (or remove the translation from the release).")
            for item, figures in behind(pages, docs, root) if figures]


# --- reading level ----------------------------------------------------------------------------

@dataclass
class Score:
    path: str
    score: float
    words: int


def score_text(markdown_text: str, path: str = "") -> Score:
    """Fernández-Huerta reading ease of a Spanish page's article text, without citation marks
    (higher is easier: 60-70 is plain, 70-80 fairly easy)."""
    import warnings

    from pmlcheck.readability import plain_text

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import textstat

    text = plain_text(markdown_text)
    textstat.set_lang("es")
    try:
        return Score(path, round(textstat.fernandez_huerta(text), 1), textstat.lexicon_count(text))
    finally:
        textstat.set_lang("en_US")


def plain_language_pages(pages: list[Path], docs: Path) -> list[Path]:
    return [p for p in translated_pages(pages, docs) if (shape.section_of(p, docs) or shape.EVERYONE).plain_language]


def check_reading(scores: list[Score], whole_section: bool = True) -> list[Problem]:
    """No Spanish patient or medicines page below MIN_FH; the median at least MIN_FH_MEDIAN."""
    problems = [Problem(s.path, None, f"Fernández-Huerta reading ease {s.score} is below {MIN_FH}.",
                        "use shorter sentences and everyday words, with the medical term in brackets after the everyday one; "
                        "run scripts/reading_level.py on the page to see its score.")
                for s in scores if s.score < MIN_FH]
    if whole_section and scores and statistics.median(s.score for s in scores) < MIN_FH_MEDIAN:
        problems.append(Problem("docs/es/patients, docs/es/medicines", None,
                                f"the median Fernández-Huerta reading ease of Spanish pages is "
                                f"{statistics.median(s.score for s in scores):.1f}, below {MIN_FH_MEDIAN}.",
                                "simplify the pages with the lowest scores first (scripts/reading_level.py lists them)."))
    return problems


# --- glossary ---------------------------------------------------------------------------------



def check_glossary(pages: list[Path], docs: Path, root: Path, english_terms, spanish_terms) -> list[Problem]:
    """Every English glossary term (or alias) used on an English page that has a translation has
    a Spanish term saying `translates: <English term>`, and each `translates` names a real term."""
    from pmlcheck.readability import plain_text

    names = {t.term for t in english_terms}
    covered = {t.translates for t in spanish_terms}
    problems = [Problem(GLOSSARY, t.line, f"'{t.term}' translates '{t.translates}', which is not a term of glossary.yml.",
                        "write the English term exactly as glossary.yml has it.")
                for t in spanish_terms if t.translates and t.translates not in names]
    needed: dict[str, str] = {}
    uncovered = [(term.term, _any_of([term.term, *term.aliases])) for term in english_terms if term.term not in covered]
    for page in translated_pages(pages, docs):
        english = docs / "/".join(shape.page_parts(page, docs)[1])
        text = plain_text(english.read_text(encoding="utf-8")) if english.is_file() else ""
        for name, words in uncovered:
            if any(word in text and whole.search(text) for word, whole in words):
                needed.setdefault(name, rel(page, root))
    problems += [Problem(GLOSSARY, None, f"no Spanish term translates '{name}', which {page} uses.",
                         f"add it: - term: <el término>\n  translates: {name}\n  definition: >- ...")
                 for name, page in sorted(needed.items())]
    return problems


def _any_of(words: list[str]) -> list[tuple[str, re.Pattern]]:
    """Each of ``words``, as written or capitalised (as tooltips match: capitalised at a sentence's
    start), with its whole-word expression, compiled once per term and not once per term and page
    (a page is searched only for the words it contains: the search tries every position)."""
    words = words + [w[:1].upper() + w[1:] for w in words]
    return [(w, re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")) for w in words]



