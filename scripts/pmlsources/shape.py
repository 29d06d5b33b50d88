"""The site's shape, described once: its sections and its review statuses.

Why: which folders hold which readers' pages, which must be in plain language, which must cite
a source for every claim, and what each review status means to a reader were written in four
places (checks, page template, editorial policy, print cover) and drifted. Everything that
needs them reads these two tables: the front-matter, citation and reading-level checks; the
page template and the print cover (through config.extra, set by the build plugin with
`template_values`); the editorial policy (the `review-statuses` generated block).

To add a section or a status, add a row here; the checks, the stamp and the policy follow.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Section:
    folder: str               # the folder under docs/ ("" for every page outside the sections)
    audience: str             # the front-matter value pages in it must carry
    readers: str              # who the pages are for, in words
    plain_language: bool      # reading grade checked (pmlcheck/readability.py)
    citations_required: bool  # every figure and claim carries a source (pmlcheck/citations.py)


@dataclass(frozen=True)
class ReviewStatus:
    value: str                # the front-matter value
    label: str                # its name for readers
    reader_wording: str       # the page's review stamp; "{reviewers}" is replaced by the names
    meaning: str              # what it means, in the editorial policy's list
    rule: str                 # what it requires, for contributors (in the check's messages)
    needs_reviewers: bool     # clinical_reviewers must name who reviewed the page


SECTIONS = (
    Section("patients", "patients", "patients and families", plain_language=True, citations_required=True),
    Section("medicines", "medicines", "people taking medicines that raise the risk of PML",
            plain_language=True, citations_required=True),
    Section("clinicians", "clinicians", "doctors and nurses", plain_language=False, citations_required=True),
)
# Every other page (home, about, glossary and sources pages).
EVERYONE = Section("", "everyone", "every reader (home, about, glossary and sources pages)",
                   plain_language=False, citations_required=False)

REVIEW_STATUSES = (
    ReviewStatus("draft", "Draft",
                 "Written from verified sources. Its figures have not yet been checked a second time, "
                 "and it has not been reviewed by a doctor or nurse.",
                 "written from verified sources; its figures have not yet been checked a second time.",
                 "written from verified sources, not yet checked a second time", needs_reviewers=False),
    ReviewStatus("source-checked", "Source-checked",
                 "Every figure was checked a second time against its source by the editors. "
                 "It has not yet been reviewed by a doctor or nurse.",
                 "every figure has been checked a second time against its source by an editor who did not write it.",
                 "every figure checked a second time against its source by the editors", needs_reviewers=False),
    ReviewStatus("clinically-reviewed", "Clinically reviewed", "Reviewed by: {reviewers}.",
                 "a named, qualified doctor or nurse has reviewed the page; the stamp names them.",
                 "reviewed by a named clinician (needs clinical_reviewers)", needs_reviewers=True),
)


# Translations: docs/<code>/ holds the pages of one language at the same paths as the English
# (docs/es/patients/iris.md is a patients page, in Spanish). pmlrender/language.py builds them.
TRANSLATIONS = ("es",)


def page_parts(path: Path, docs: Path) -> tuple[str, tuple[str, ...]]:
    """(the page's language, its path's parts under docs/ without the language folder)."""
    return _page_parts(str(path), str(docs))


@lru_cache(maxsize=65536)  # every check asks this of every page; suite.check_pages clears it (a new run)
def _relative(path: str, docs: str) -> str:
    return Path(path).resolve().relative_to(Path(docs).resolve()).as_posix()


def clear_paths() -> None:
    """Forget where pages are (a new check run: files and symbolic links may have changed)."""
    _relative.cache_clear()
    _page_parts.cache_clear()


@lru_cache(maxsize=65536)  # as _relative
def _page_parts(path: str, docs: str) -> tuple[str, tuple[str, ...]]:
    parts = Path(_relative(path, docs)).parts
    if len(parts) > 1 and parts[0] in TRANSLATIONS:
        return parts[0], parts[1:]
    return "en", parts


def language_of(path: Path, docs: Path) -> str:
    """"en", or the code of the translation folder the page is in."""
    try:
        return page_parts(path, docs)[0]
    except ValueError:
        return "en"


# The review statuses' stamp wording on a translation's pages (the same meaning, in its language).
TRANSLATED_WORDING = {
    "es": {"draft": "Escrita a partir de fuentes comprobadas. Sus cifras aún no se han comprobado por segunda vez, "
                    "y no la ha revisado un médico ni una enfermera.",
           "source-checked": "Los editores comprobaron cada cifra por segunda vez con su fuente. "
                             "Aún no la ha revisado un médico ni una enfermera.",
           "clinically-reviewed": "Revisada por: {reviewers}."},
}


def sections() -> tuple[Section, ...]:
    """Every section, the catch-all 'everyone' last."""
    return SECTIONS + (EVERYONE,)


def section_for_folder(folder: str) -> Section:
    """The section of a page whose top folder under docs/ is ``folder`` ("" for docs/ itself)."""
    return next((s for s in SECTIONS if s.folder == folder), EVERYONE)


def section_of(path: Path, docs: Path) -> Section | None:
    """The section of a page, or None for a file outside docs/."""
    try:
        parts = page_parts(path, docs)[1]
    except ValueError:
        return None
    return section_for_folder(parts[0] if len(parts) > 1 else "")


# Clinicians who have really reviewed pages of this guide, added here (a reviewed change to
# scripts/) with the evidence in the pull request. Empty: no clinician has reviewed the guide, so
# a page naming one in `clinical_reviewers` is refused whatever its review_status says.
CLINICAL_REVIEWERS: tuple[str, ...] = ()

# The never-stop warning (pmlcheck/never_stop.py): which pages must show it, and which wording
# each audience gets. Every page of these sections, and these pages of other sections.
NEVER_STOP_SECTIONS = ("medicines",)
NEVER_STOP_PAGES = ("patients/treatment.md", "clinicians/management.md", "clinicians/imaging.md")


@dataclass(frozen=True)
class Rules:
    """What the checks require of one page: the union of its folder's rules and those of the
    navigation section it is listed in (the stricter wins)."""
    plain_language: bool
    citations_required: bool
    working_notes: bool       # no editors' notes (every page except the About section, the editorial record)
    clinician_voice: bool     # the clinician wording of the warnings, not the patient one
    why: str = ""             # "listed under 'Patients and families' in the navigation", for messages


EDITORIAL_RECORD = "about"  # the About section: where working notes belong


def _folder_rules(folder: str) -> Rules:
    section = section_for_folder(folder)
    return Rules(section.plain_language, section.citations_required, folder != EDITORIAL_RECORD,
                 section.folder == "clinicians")


def top_folder(path: Path, docs: Path) -> str | None:
    """A page's top folder under docs/ ("" for docs/ itself), None for a file outside docs/."""
    try:
        parts = page_parts(path, docs)[1]  # a translation's page: its folder inside the language folder
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else ""


def rules_for(path: Path, docs: Path) -> Rules | None:
    """The rules for a page, from its folder and from where the navigation lists it."""
    folder = top_folder(path, docs)
    if folder is None:
        return None
    own = _folder_rules(folder)
    group = nav_groups(docs.parent / "mkdocs.yml").get(_relative(str(path), str(docs)))
    if group is None:
        return own
    title, group_folder = group
    listed = _folder_rules(group_folder)
    stricter = Rules(own.plain_language or listed.plain_language, own.citations_required or listed.citations_required,
                     own.working_notes or listed.working_notes, own.clinician_voice and listed.clinician_voice)
    return own if stricter == own else replace(stricter, why=f"listed under '{title}' in the navigation")


def nav_groups(config: Path) -> dict[str, tuple[str, str]]:
    """page path under docs/ -> (navigation section title, top folder of that section's first page)."""
    try:
        key = (str(config), config.stat().st_mtime_ns)
    except OSError:
        return {}
    return _nav_groups(*key)


@lru_cache(maxsize=8)
def _nav_groups(config: str, _mtime_ns: int) -> dict[str, tuple[str, str]]:
    """Read with yaml.compose (no Python objects built, no tags run) and a bounded walk, so a
    hostile mkdocs.yml can neither run code nor expand aliases here."""
    import yaml

    try:
        node = yaml.compose(Path(config).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    nav = next((v for k, v in getattr(node, "value", []) if isinstance(node, yaml.MappingNode)
                and getattr(k, "value", None) == "nav"), None)
    out: dict[str, tuple[str, str]] = {}
    for title, item in _items(nav):
        pages = list(_pages(item, budget=[5000]))
        if pages:
            folder = pages[0].split("/", 1)[0] if "/" in pages[0] else ""
            out.update({page: (title, folder) for page in pages})
    return out


def not_in_navigation(pages: list[Path], docs: Path, root: Path) -> list:
    """English pages the navigation in mkdocs.yml does not list. MkDocs stops a strict build on
    them without saying where they belong; this names the section and the line to add, so
    `dev.py check` finds it first. Translated pages are left out: their navigation is made from
    the English one (pmlrender/language.py)."""
    from pmlsources.problems import Problem, rel

    config = root / "mkdocs.yml"
    listed = nav_groups(config)
    if not listed:
        return []  # no readable nav: the configuration gate reports mkdocs.yml itself
    problems = []
    for path in pages:
        try:
            uri = path.resolve().relative_to(docs.resolve()).as_posix()
        except ValueError:
            continue
        if uri in listed or language_of(path, docs) != "en":
            continue
        folder = uri.split("/", 1)[0] if "/" in uri else ""
        siblings = [(page, title) for page, (title, top) in listed.items() if top == folder]
        where = (f"under '{siblings[-1][1]}' in the nav of mkdocs.yml, after '{siblings[-1][0]}'" if siblings
                 else "to the nav of mkdocs.yml, in the section for its readers")
        problems.append(Problem(rel(path, root), 1, f"'{uri}' is not in the site's navigation, so readers cannot reach "
                                "it from the menu and the build stops on it.", f"add the line '- {uri}' {where}."))
    return problems


def _items(nav) -> list[tuple[str, object]]:
    import yaml

    if not isinstance(nav, yaml.SequenceNode):
        return []
    out = []
    for item in nav.value:
        if isinstance(item, yaml.MappingNode) and item.value:
            key, value = item.value[0]
            out.append((str(key.value), value))
    return out


def _pages(node, budget: list[int]):
    """Every page path under a navigation node, visiting at most budget[0] nodes."""
    import yaml

    budget[0] -= 1
    if budget[0] < 0:
        return
    if isinstance(node, yaml.ScalarNode) and str(node.value).endswith(".md"):
        yield str(node.value)
    elif isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
        for child in node.value:
            for part in (child if isinstance(child, tuple) else (child,)):
                yield from _pages(part, budget)


def status(value: str) -> ReviewStatus | None:
    return next((s for s in REVIEW_STATUSES if s.value == value), None)


def template_values(statuses_in_use: set[str]) -> dict:
    """What the page template and the print cover read from config.extra["site_shape"]."""
    return {
        "review_statuses": {s.value: {"label": s.label, "wording": s.reader_wording} for s in REVIEW_STATUSES},
        "translated_wording": TRANSLATED_WORDING,
        "clinically_reviewed": any(s.needs_reviewers for s in REVIEW_STATUSES if s.value in statuses_in_use),
    }


def policy_markdown(statuses_in_use: set[str]) -> str:
    """The editorial policy's list of review statuses, saying which no page has yet."""
    return "\n".join(f"- *{s.label}*: {s.meaning}" + ("" if s.value in statuses_in_use else " No page has this status yet.")
                     for s in REVIEW_STATUSES)


def statuses_in_use(pages: list[Path]) -> set[str]:
    """The review statuses the site's pages carry."""
    from pmlsources.pages import front_matter

    return {str(front_matter(p).get("review_status")) for p in pages}
