"""Finding the Markdown pages of the site and splitting off their front matter."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
INCLUDES_DIR = "_includes"

from pmlsources.yamlsafe import YamlLoader as YamlLoader  # the one loader of front matter (MkDocs' own, PyYAML)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def content_pages(docs: Path = DOCS) -> list[Path]:
    """Every page the site builds (shared snippets under docs/_includes are not pages)."""
    return sorted(p for p in docs.rglob("*.md") if INCLUDES_DIR not in p.relative_to(docs).parts)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line number of the body's first line)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    body_start_line = text[: match.end()].count("\n") + 1
    return match.group(1), text[match.end():], body_start_line


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines of a page a reader reads as prose: (line number, text).

    Leaves out front matter, fenced code, snippet include lines and HTML comments.
    """
    _, body, first = split_front_matter(text)
    out: list[tuple[int, str]] = []
    in_fence = False
    in_comment = False
    for offset, line in enumerate(body.split("\n")):
        number = first + offset
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if in_comment:
            if "-->" in stripped:
                in_comment = False
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("--8<--"):
            continue
        out.append((number, line))
    return out


def front_matter(path: Path) -> dict:
    """A page's front matter as a dict ({} when it has none or it is not valid YAML)."""
    return dict(_front_matter(str(path), path.stat().st_mtime_ns))


@lru_cache(maxsize=4096)  # keyed by modification time, so `mkdocs serve` sees every edit
def _front_matter(path: str, _mtime_ns: int) -> dict:
    """Through pmlsources.yamlsafe (no aliases, no duplicate keys, no invisible characters); any
    problem gives {} here: the front-matter check reports it, located, before anything is built."""
    from pmlsources import yamlsafe

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    front, _body, _ = split_front_matter(text)
    data, problems = yamlsafe.load(front or "", path, first_line=2)
    return data if isinstance(data, dict) and not problems else {}


# What a site build needs from the repository; copies for tests and benchmarks take these only.
SITE_SOURCES = ("docs", "overrides", "scripts", "mkdocs.yml", "mkdocs.offline.yml", "mkdocs.print.yml",
                "bibliography.bib", "glossary.yml", "glossary.es.yml", "american-medical-association.csl", "CONTRIBUTING.md")


def copy_site_sources(dest: Path) -> Path:
    """Copy everything a build reads into ``dest`` (a throwaway project to break or to time)."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


_TRAILING_ID = re.compile(r"\{[^{}#]*+#([\w-]++)[^{}]*+\}\s*+$")  # "## Title {#anchor .class}"


_EXPLICIT_ID = re.compile(r"\{[^{}#]*+#([\w-]++)[^{}]*+\}|\bid=\"([\w-]++)\"")


def anchors(text: str) -> set[str]:
    """The anchors a page's Markdown gives, as the toc extension writes them: every heading's (its
    `{#id}` or its slug, links and emphasis taken out, closing #s dropped) and every `{#id}` or
    `id="..."` elsewhere. Code blocks and front matter are left out (pages.prose_lines). The one
    way the checks find a page's anchors (links, search words)."""
    found = set()
    for _n, line in prose_lines(text):
        heading = _HEADING.match(line)
        if heading:
            title = heading.group(2).rstrip(" \t#") or heading.group(2)[:1]
            brace = title.rfind("{")
            explicit = _TRAILING_ID.match(title, brace) if brace != -1 else None
            plain = re.sub(r"\[([^\[\]]*+)\]\([^()]*+\)", r"\1", title)  # [text](link) -> text
            found.add(explicit.group(1) if explicit else slugify(re.sub(r"[*_`]", "", plain), "-"))
        for match in _EXPLICIT_ID.finditer(line):
            found.add(match.group(1) or match.group(2))
    return found
