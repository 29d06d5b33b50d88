"""The checks of what readers see (pmlcheck/seen.py) on a built page, not run again on a page
whose HTML and everything else they read are what they were when the page last passed.

Why: those checks were a tenth of a warm build, and most pages of a rebuild are unchanged. A
page that passes gives no problem and its words for the reading grade; what decides that is the
page's HTML as Markdown produced it, where the page is (its file, its rules from its folder and
the navigation, its language), the classes the CSS hides, the shared snippets and data (the
warning boxes' words), mkdocs.yml, and the code of the checks and of the sources they read. The
key of a page is a SHA-256 of all of them: the per-page part (path, rules, language, HTML), and a
build-wide part (`base`: every file of scripts/pmlcheck and scripts/pmlsources, docs/_includes
and docs/_data, mkdocs.yml, the hiding classes and Python's version). Any change to any of these
is a new key, and the page is checked.

Only passes are kept (a page with a problem is always checked, so its messages locate their own
source lines). The record is data only: JSON signed with this user's key (pmlsources/localcache.py),
so a .cache/ from elsewhere vouches for nothing; PML_GUIDE_NO_CACHE=1 and fresh clones read none.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from pmlsources import localcache, shape

from pmlcheck import seen

_SCRIPTS = Path(__file__).resolve().parents[1]


def base(root: Path, docs: Path, hiding: frozenset[str]) -> str:
    """The build-wide part of every page's key (see the module's docstring)."""
    files = sorted([*(_SCRIPTS / "pmlcheck").glob("*.py"), *(_SCRIPTS / "pmlsources").glob("*.py"),
                    *(p for folder in ("_includes", "_data") for p in (docs / folder).rglob("*") if p.is_file()),
                    root / "mkdocs.yml", docs.parent / "mkdocs.yml"])
    extra = "\0".join([*sorted(hiding), sys.version, str(root), str(docs)]).encode()
    return hashlib.sha256(localcache.code_digest(*files) + extra).hexdigest()


class SeenRecord:
    """One build's use of the record: what earlier builds found passing, and what this one did."""

    def __init__(self, root: Path, docs: Path, hiding: frozenset[str]):
        self.root, self.docs, self.hiding = root, docs, hiding
        self.secret = localcache.secret()
        self.base = base(root, docs, hiding)
        self.path = root / ".cache" / "pml-guide" / f"seen-{self.base[:20]}.json"
        data = localcache.read_signed(self.path, self.secret)
        pages = data.get("pages") if isinstance(data, dict) and data.get("base") == self.base else None
        self.known: dict[str, list[str]] = {k: v for k, v in pages.items() if _entry(v)} if isinstance(pages, dict) else {}
        self.passed: dict[str, list[str]] = {}

    def check_built(self, html: str, source: str | None, marks: frozenset[str] = frozenset()) -> seen.Seen:
        """seen.check_built's result for the page at ``source`` (``marks``: the ids of the citation
        marks the build drew on it); from the record when this exact key passed."""
        if not source or self.secret is None:
            return seen.check_built(html, source, self.root, self.docs, self.hiding, marks)
        page = Path(source)
        where = "\0".join([source, repr(shape.rules_for(page, self.docs)), shape.language_of(page, self.docs),
                           *sorted(marks)])
        key = hashlib.sha256(f"{self.base}\0{where}\0".encode() + html.encode("utf-8", "surrogatepass")).hexdigest()
        hit = self.known.get(key)
        if hit is not None:
            self.passed[key] = hit
            return seen.Seen([], hit[0], hit[1])
        found = seen.check_built(html, source, self.root, self.docs, self.hiding, marks)
        if not found.problems:
            self.passed[key] = [found.grade_text, found.grade_path]
        return found

    def save(self) -> None:
        """Keep this build's passes (a page no longer built, or changed, is dropped)."""
        if self.passed != self.known:
            localcache.write_signed(self.path, {"base": self.base, "pages": self.passed}, self.secret)


def _entry(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
