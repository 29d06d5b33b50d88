"""Links between pages: the target page exists and the #anchor is a heading on it.

Why: MkDocs reports a broken link without its line or a suggestion; this names the line and
the closest existing page or heading, so a contributor can fix it in one go.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath

from pmlsources.pages import DOCS, anchors, prose_lines
from pmlsources.problems import Problem, rel

# Possessive and bounded by the next bracket: linear on a line of 150,000 "[" or "{".
_LINK = re.compile(r"(?<!!)\[[^\[\]]*+\]\(([^()\s]++)(?:\s++\"[^\"]*+\")?\)")
# Anchors made by the build rather than written in the page.
GENERATED_ANCHORS = re.compile(r"^(references|term-[\w-]+|letter-[\w-]+|source-[\w-]+|fn:[\w-]+)$")


def check_files(paths: list[Path], docs: Path = DOCS, root: Path | None = None) -> list[Problem]:
    docs = docs.resolve()
    pages = sorted(p.resolve().relative_to(docs).as_posix() for p in docs.rglob("*.md") if "_includes" not in p.parts)
    known = set(pages)  # membership in a set: a list made this quadratic in the site's pages
    cache: dict[str, set[str]] = {}
    problems = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        here = PurePosixPath(path.resolve().relative_to(docs).as_posix())
        shown = rel(path, root or docs.parent)
        for number, line in prose_lines(text):
            for match in _LINK.finditer(line):
                target = match.group(1)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                    continue  # https:, mailto: and the like
                page_part, _, anchor = target.partition("#")
                if page_part and not page_part.endswith(".md"):
                    continue  # assets and other files: MkDocs checks those
                resolved = str(PurePosixPath(*_normalise(here.parent / page_part).parts)) if page_part else str(here)
                if resolved not in known:
                    close = difflib.get_close_matches(resolved, pages, n=1, cutoff=0.5)
                    hint = f"did you mean '{_relative(close[0], here.parent)}'? " if close else ""
                    problems.append(Problem(shown, number, f"the link '{target}' points to a page that does not exist.",
                                            f"{hint}Link to an existing .md file, relative to this page."))
                    continue
                if anchor and not GENERATED_ANCHORS.match(anchor):
                    if resolved not in cache:
                        cache[resolved] = anchors((docs / resolved).read_text(encoding="utf-8"))
                    if anchor not in cache[resolved]:
                        close = difflib.get_close_matches(anchor, sorted(cache[resolved]), n=1, cutoff=0.5)
                        hint = f"did you mean '#{close[0]}'? " if close else ""
                        problems.append(Problem(shown, number, f"the link '{target}' points to a section that is not on '{resolved}'.",
                                                f"{hint}Use the heading's anchor: its words in lower case joined by hyphens."))
    return problems


def _normalise(path: PurePosixPath) -> PurePosixPath:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def _relative(target: str, start: PurePosixPath) -> str:
    import os.path
    return os.path.relpath(target, str(start) or ".").replace("\\", "/")
