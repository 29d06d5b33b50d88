"""The changelog's sources: docs/_data/changes.yml (the releases), the changes waiting for the
next release (docs/_data/next-release/*.yml) and CITATION.cff, loaded and validated once.

Why here: contributors describe each clinically meaningful change once, in plain words; the
checks (pmlcheck/suite.py), the release command (scripts/release.py) and the pages and feed
(pmlrender/changes.py) all read the same validated releases. The newest release's version is the
guide's version: it is set in changes.yml and nowhere else.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pmlsources import data as datafile
from pmlsources.data import line_of
from pmlsources.problems import Problem, rel


CHANGES = Path("docs") / "_data" / "changes.yml"


# One small file per change, written in the pull request that makes it (so two pull requests never
# edit the same lines), gathered into a release in CHANGES by `dev.py release` (scripts/release.py).
UPCOMING = Path("docs") / "_data" / "next-release"


MAX_UPCOMING = 200  # more files than any release gathers: a pull request flooding the folder is refused


UPCOMING_EXAMPLE = "kind: correction\npages: [patients/outlook.md]\ntext: What changed, in plain words.\n"


KINDS = {  # value in the data file -> the label readers see
    "new-page": "New page",
    "new-figure": "New figure",
    "correction": "Corrected",
    "safety": "Safety",
    "clarified": "Clearer",
    "new-feature": "New",
}


VERSION = re.compile(r"^\d{4}\.\d{2}(\.\d+)?$")


MAX_TEXT = 400


EXAMPLE = (
    "releases:\n"
    "  - version: \"2026.12\"\n"
    "    date: 2026-12-14\n"
    "    summary: One plain sentence about this release.\n"
    "    changes:\n"
    "      - kind: correction\n"
    "        pages: [patients/outlook.md]\n"
    "        text: What changed, in plain words.\n"
)


@dataclass(frozen=True)
class Change:
    kind: str
    text: str
    pages: tuple[str, ...]


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    summary: str
    changes: tuple[Change, ...]

    @property
    def anchor(self) -> str:
        return "v" + self.version.replace(".", "-")


def _text(value, where: str, path: str, line: int | None, problems: list[Problem]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(path, line, f"{where} is missing or is not text.", "write it as plain text.\n" + EXAMPLE))
        return ""
    if "<" in value or len(value) > MAX_TEXT:
        problems.append(Problem(path, line, f"{where} contains '<' or is longer than {MAX_TEXT} characters.",
                                "write one or two plain sentences, without HTML."))
    return value.strip()


def _change(item, path: str, line: int | None, docs: Path, problems: list[Problem]) -> Change | None:
    if not isinstance(item, dict) or set(item) - {"kind", "text", "pages"}:
        problems.append(Problem(path, line, "a change is not a mapping of kind, text and pages.", "write it like this:\n" + EXAMPLE))
        return None
    kind = item.get("kind")
    if kind not in KINDS:
        problems.append(Problem(path, line, f"the kind '{kind}' is not known.", f"use one of: {', '.join(KINDS)}."))
    pages = item.get("pages") or []
    if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
        problems.append(Problem(path, line, "pages is not a list of page paths.", "write pages: [patients/outlook.md]."))
        pages = []
    for page in pages:
        if not page.endswith(".md") or ".." in page or not (docs / page).is_file():
            problems.append(Problem(path, line, f"the page '{page}' does not exist under docs/.",
                                    "give the page's path inside docs/, as patients/outlook.md."))
    return Change(str(kind), _text(item.get("text"), "a change's text", path, line, problems), tuple(pages))


def _release(item, path: str, line: int | None, docs: Path, problems: list[Problem]) -> Release | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, line, "a release is not a mapping.", "write it like this:\n" + EXAMPLE))
        return None
    version, written = str(item.get("version", "")), item.get("date")
    if not VERSION.match(version):
        problems.append(Problem(path, line, f"the version '{version}' is not a calendar version.",
                                "write the year and month of the release, as \"2026.12\" (a second release that month: \"2026.12.1\")."))
    date = _date(written)
    if date is None or (VERSION.match(version) and not version.startswith(date.strftime("%Y.%m"))):
        problems.append(Problem(path, line, f"the date '{written}' is missing or does not match the version {version}.",
                                "write the release date as YYYY-MM-DD, in the version's year and month."))
        date = dt.date.min
    items = item.get("changes")
    if not isinstance(items, list) or not items:
        problems.append(Problem(path, line, "a release lists no changes.", "list at least one change.\n" + EXAMPLE))
        items = []
    changes = tuple(c for c in (_change(i, path, line, docs, problems) for i in items) if c)
    return Release(version, date, _text(item.get("summary"), "a release's summary", path, line, problems), changes)


def _date(value: object) -> dt.date | None:
    """A release date written YYYY-MM-DD (the data is YAML 1.2: a date is its text), or None."""
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # 2026-13-45
        return None


def load(root: Path, docs: Path | None = None) -> tuple[list[Release], list[Problem]]:
    """The releases, newest first, and every problem with the file (located where possible)."""
    file, docs = root / CHANGES, docs or root / "docs"
    path = rel(file, root)
    data, problems = datafile.read(file, root, path)
    if problems:
        return [], problems
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list) or not data["releases"]:
        return [], [Problem(path, 1, "the changelog has no list of releases.", "start the file like this:\n" + EXAMPLE)]
    releases = [r for n, item in enumerate(data["releases"])
                if (r := _release(item, path, line_of(data["releases"], n), docs, problems))]
    problems += _order_problems(releases, path)
    return releases, problems


def load_upcoming(root: Path, docs: Path | None = None) -> tuple[list[tuple[Path, Change]], list[Problem]]:
    """The changes waiting for the next release (docs/_data/next-release/*.yml, one per file, in
    file-name order) and every problem with them."""
    folder, docs = root / UPCOMING, docs or root / "docs"
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    if len(files) > MAX_UPCOMING:
        return [], [Problem(rel(folder, root), None, f"{len(files)} files wait for the next release (at most "
                            f"{MAX_UPCOMING}).", "gather them into a release: python3 scripts/dev.py release VERSION.")]
    found, problems = [], []
    for file in files:
        path = rel(file, root)
        if file.suffix != ".yml" or not file.is_file():
            problems.append(Problem(path, None, "only .yml files belong in the next-release folder.",
                                    "describe the change in a .yml file:\n" + UPCOMING_EXAMPLE))
            continue
        data, found_problems = datafile.read(file, root, path)
        problems += found_problems
        change = None if found_problems else _change(data, path, 1, docs, problems)
        if change:
            found.append((file, change))
    return found, problems


def _order_problems(releases: list[Release], path: str) -> list[Problem]:
    versions = [r.version for r in releases]
    dates = [r.date for r in releases]
    if len(set(versions)) != len(versions):
        return [Problem(path, None, "two releases have the same version.", "give each release its own version.")]
    if dates != sorted(dates, reverse=True):
        return [Problem(path, None, "the releases are not in order, newest first.", "put the newest release at the top.")]
    return []


def citation_problems(root: Path, releases: list[Release]) -> list[Problem]:
    """CITATION.cff must name the guide's current version and its date, as the changelog does."""
    file = root / "CITATION.cff"
    if not releases or not file.is_file():
        return []
    data, problems = datafile.read(file, root, "CITATION.cff")
    if problems or not isinstance(data, dict):
        return problems or [Problem("CITATION.cff", 1, "the file is not a mapping.", "restore it from the repository.")]
    newest = releases[0]
    if str(data.get("version")) != newest.version or str(data.get("date-released")) != newest.date.isoformat():
        return [Problem("CITATION.cff", None, f"version {data.get('version')} of {data.get('date-released')} is not the "
                        f"newest release in {CHANGES} ({newest.version} of {newest.date.isoformat()}).",
                        f'set version: "{newest.version}" and date-released: "{newest.date.isoformat()}".')]
    return []


def current_version(releases: list[Release]) -> str:
    return releases[0].version if releases else "dev"
