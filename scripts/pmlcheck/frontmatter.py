"""Front matter: the small fixed header every page carries.

Why: the review stamp, the page description in search results and the audience of each page
all come from it, so a missing or wrong field would show readers a false or empty stamp.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from collections.abc import Callable

from pmlsources import search_words, shape, textsafe, yamlsafe
from pmlsources.pages import DOCS, split_front_matter
from pmlsources.problems import Problem, rel

REQUIRED = ("title", "description", "audience", "last_reviewed", "next_review", "review_status")
OPTIONAL = ("hide", "search", "clinical_reviewers", "search_keywords", "translation_of")
# From the site's shape (pmlsources/shape.py): audiences, the folder that decides each, review statuses.
AUDIENCES = {section.audience: section.readers for section in shape.sections()}
FOLDER_AUDIENCE = {section.folder: section.audience for section in shape.SECTIONS}
REVIEW_STATUSES = {status.value: status.rule for status in shape.REVIEW_STATUSES}
MAX_DESCRIPTION = 160
EXAMPLE = (
    "---\n"
    "title: What is PML?\n"
    "description: What progressive multifocal leukoencephalopathy is, in plain words.\n"
    "audience: patients\n"
    "last_reviewed: 2026-11-22\n"
    "next_review: 2027-11-22\n"
    "review_status: draft\n"
    "---"
)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_text(text: str, path: str, folder: str | None = None, today: dt.date | None = None) -> list[Problem]:
    """Check one page's front matter. ``folder`` is the page's top folder under docs/ ("" for a
    page directly in docs/, None for a file outside docs/, whose audience is not tied to a folder)."""
    today = today or dt.date.today()
    front, _body, _ = split_front_matter(text)
    if front is None:
        return [Problem(path, 1, "the page has no front matter.",
                        "start the file with this block, filled in for the page:\n" + EXAMPLE)]
    data, problems = parse(front, path)
    if problems:
        return problems
    at = yamlsafe.key_lines(front, first_line=2)

    def bad(field: str, message: str, fix: str) -> Problem:
        return Problem(path, at.get(field, 1), message, fix)

    typed = check_types(data, bad)
    if typed:
        return typed
    return (check_fields(data, path, bad) + check_audience(data, folder, bad)
            + check_dates(data, today, bad) + check_review_status(data, bad))


Bad = Callable[[str, str, str], Problem]  # (field, message, fix) -> a Problem located at that field


def parse(front: str, path: str) -> tuple[dict, list[Problem]]:
    """The front matter as a mapping, or located problems: read through pmlsources.yamlsafe (no
    aliases, no duplicate keys, no invisible characters, a size limit)."""
    for line in front.split("\n"):  # YAML reads 2026-13-45 as a date and fails to build it
        _field, _, value = line.partition(":")
        if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value) and _as_date(value) is None:
            return {}, [_bad_date_value(front, path, ValueError("no such month or day"))]
    data, problems = yamlsafe.load(front, path, first_line=2, limit=MAX_FRONT_MATTER)
    if problems:
        return {}, [Problem(p.path, p.line, p.message.replace("this is not valid YAML", "the front matter is not valid YAML"),
                            p.fix) for p in problems]
    if not isinstance(data, dict):
        return {}, [Problem(path, 1, "the front matter is not a list of 'field: value' lines.",
                            "use this block, filled in for the page:\n" + EXAMPLE)]
    return data, []


# Front-matter text reaches the navigation, the <title>, the description <meta> and the review
# stamp, written by templates that do not escape it: no markup characters, and a length limit.
MAX_FRONT_MATTER = 5_000
MAX_TITLE = 90
_MARKUP = re.compile(r"[<>&\"`\\{}]")
_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str, "description": str, "audience": str, "review_status": str, "hide": list, "search": dict,
    "clinical_reviewers": list, "last_reviewed": (str, dt.date), "next_review": (str, dt.date)}
HIDE = {"navigation", "toc", "footer", "path", "tags", "feedback"}


def check_types(data: dict, bad: Bad) -> list[Problem]:
    """Each field of the type it must have, and text without markup; checked before anything
    else looks at the values (a list where text belongs ended in a traceback)."""
    problems = []
    for field, kind in _TYPES.items():
        value = data.get(field)
        if value is None:
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(bad(field, f"'{field}' is a {type(value).__name__}, not {_kind_name(kind)}.",
                                f"write '{field}:' as in this example:\n" + EXAMPLE))
        elif isinstance(value, str) and (markup := _MARKUP.search(value)):
            problems.append(bad(field, f"'{field}' contains a markup character ({markup.group(0)}).",
                                "write plain words: no < > & \" ` { } or backslash (the text is shown in menus and "
                                "search results as it is written)."))
    items = [*(data.get("hide") or []), *(data.get("clinical_reviewers") or [])] if not problems else []
    if any(not isinstance(v, str) or _MARKUP.search(v) for v in items):
        problems.append(bad("hide", "a list item in the front matter is not plain text.", "write each item as plain words."))
    if not problems and any(v not in HIDE for v in data.get("hide") or []):
        problems.append(bad("hide", f"'hide' may list only: {', '.join(sorted(HIDE))}.", "remove the other items."))
    if isinstance(data.get("title"), str) and len(data["title"]) > MAX_TITLE:
        problems.append(bad("title", f"the title has {len(data['title'])} characters (limit {MAX_TITLE}).",
                            "shorten it: titles appear in the menu and in browser tabs."))
    search = data.get("search")
    boost = search.get("boost", 1) if isinstance(search, dict) else 1
    if isinstance(search, dict) and (set(search) - {"boost", "exclude"}
                                     or not isinstance(boost, (int, float)) or isinstance(boost, bool)
                                     or not isinstance(search.get("exclude", False), bool)):
        problems.append(bad("search", "'search' may hold only boost (a number) and exclude (true or false).",
                            "write, for example, 'search: {boost: 2}'."))
    elif not MIN_BOOST <= boost <= MAX_BOOST:  # also refuses .inf and .nan (NaN fails every comparison)
        problems.append(bad("search", f"search boost {boost} is outside {MIN_BOOST} to {MAX_BOOST}.",
                            "write a boost between 0.1 (pages that should come last, such as the Glossary) and 10: "
                            "search writes Infinity or NaN into its index as is, and then fails on every page."))
    return problems


MIN_BOOST, MAX_BOOST = 0.1, 10


def _kind_name(kind) -> str:
    names = {str: "text", list: "a list", dict: "a mapping"}
    return " or ".join(names.get(k, "a date") for k in (kind if isinstance(kind, tuple) else (kind,)))


def _bad_date_value(front: str, path: str, exc: ValueError) -> Problem:
    for offset, line in enumerate(front.split("\n")):
        field, _, value = line.partition(":")
        if re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value) and _as_date(value) is None:
            return Problem(path, 2 + offset, f"'{field.strip()}:{value}' is not a real date ({exc}).",
                           "write the date as YYYY-MM-DD with a real month (01-12) and day, for example 2026-11-22.")
    return Problem(path, 1, f"a value in the front matter is not valid ({exc}).", "check the dates are YYYY-MM-DD.")


def check_fields(data: dict, path: str, bad: Bad) -> list[Problem]:
    """Every required field present, no unknown field, a text title, a description search engines keep whole."""
    problems = [Problem(path, 1, f"the front matter has no '{field}'.",
                        f"add a line '{field}: ...' between the '---' lines; example:\n" + EXAMPLE)
                for field in REQUIRED if field not in data or data[field] in (None, "")]
    problems += [bad(field, f"unknown front-matter field '{field}'.",
                     f"remove it, or use one of: {', '.join(REQUIRED + OPTIONAL)}.")
                 for field in data if field not in REQUIRED and field not in OPTIONAL]
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        problems.append(bad("title", "the title is not text.",
                            "write the title as plain text, in quotes if it has a colon."))
    description = data.get("description")
    if isinstance(description, str) and len(description) > MAX_DESCRIPTION:
        problems.append(bad("description", f"the description has {len(description)} characters; "
                            f"search engines cut it at {MAX_DESCRIPTION}.",
                            f"shorten it to at most {MAX_DESCRIPTION} characters: "
                            "one sentence saying what the page answers."))
    if "search_keywords" in data and (why := search_words.shape_error(data["search_keywords"])):
        problems.append(bad("search_keywords", f"search_keywords: {why}.", "write it like this:\n" + search_words.EXAMPLE))
    return problems


def check_audience(data: dict, folder: str | None, bad: Bad) -> list[Problem]:
    """A known audience, and the one the page's folder implies."""
    audience = data.get("audience")
    if audience is None:
        return []
    if audience not in AUDIENCES:
        choices = "; ".join(f"'{k}' ({v})" for k, v in AUDIENCES.items())
        return [bad("audience", f"unknown audience '{audience}'.", f"write one of: {choices}.")]
    expected = shape.section_for_folder(folder).audience if folder is not None else audience
    if audience != expected:
        return [bad("audience", f"audience '{audience}' does not match the folder the page is in.",
                    f"write 'audience: {expected}', or move the page to the folder for '{audience}'.")]
    return []


def check_dates(data: dict, today: dt.date, bad: Bad) -> list[Problem]:
    """Real dates, last_reviewed not in the future, next_review after it."""
    problems, dates = [], {}
    for field in ("last_reviewed", "next_review"):
        if data.get(field) in (None, ""):
            continue
        value = _as_date(data[field])
        if value is None:
            problems.append(bad(field, f"'{field}: {data[field]}' is not a valid date.",
                                f"write the date as YYYY-MM-DD, for example '{field}: {today.isoformat()}'."))
        else:
            dates[field] = value
    if "last_reviewed" in dates and dates["last_reviewed"] > today:
        problems.append(bad("last_reviewed", f"last_reviewed {dates['last_reviewed']} is in the future.",
                            f"write the date the page was last reviewed (today is {today.isoformat()})."))
    if "last_reviewed" in dates and "next_review" in dates and dates["next_review"] <= dates["last_reviewed"]:
        problems.append(bad("next_review", f"next_review {dates['next_review']} is not after "
                            f"last_reviewed {dates['last_reviewed']}.",
                            "set next_review after last_reviewed; the editorial policy uses one year later."))
    return problems


def check_review_status(data: dict, bad: Bad) -> list[Problem]:
    """A known review status; 'clinically-reviewed' only with the clinicians named."""
    status = data.get("review_status")
    if status is None:
        return []
    if status not in REVIEW_STATUSES:
        choices = "; ".join(f"'{k}' ({v})" for k, v in REVIEW_STATUSES.items())
        return [bad("review_status", f"unknown review_status '{status}'.", f"write one of: {choices}.")]
    named = [n for n in data.get("clinical_reviewers") or [] if isinstance(n, str)]
    invented = [n for n in named if n.strip() not in shape.CLINICAL_REVIEWERS]
    if invented:
        return [bad("clinical_reviewers", f"clinical_reviewers names {', '.join(invented)}, who is not on the guide's "
                    "list of clinicians who have reviewed it (scripts/pmlsources/shape.py, CLINICAL_REVIEWERS; empty: "
                    "no clinician has reviewed the guide yet).",
                    "remove clinical_reviewers and use review_status 'draft' or 'source-checked'. A real review is "
                    "added to CLINICAL_REVIEWERS by a maintainer, with the reviewer's agreement, in a reviewed pull request.")]
    known = shape.status(status)
    assert known is not None  # status is one of REVIEW_STATUSES: checked above
    if known.needs_reviewers:
        names = data.get("clinical_reviewers")
        if not (isinstance(names, list) and names and all(isinstance(n, str) and n.strip() for n in names)):
            return [bad("review_status", "review_status is 'clinically-reviewed' but no clinical_reviewers are named.",
                        "name the clinicians who reviewed the page under clinical_reviewers, or use 'source-checked'.")]
    return []


def check_file(path: Path, docs: Path = DOCS, root: Path | None = None) -> list[Problem]:
    try:
        parts = shape.page_parts(path, docs)[1]  # a translation's folder is its English page's
        folder = parts[0] if len(parts) > 1 else ""
    except ValueError:  # a file outside docs/: its folder says nothing about its audience
        folder = None
    text, problems = textsafe.read(path, root or docs.parent)
    return problems if text is None else check_text(text, rel(path, root or docs.parent), folder)


def check_files(paths: list[Path], docs: Path = DOCS) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        problems += check_file(path, docs)
    return problems
