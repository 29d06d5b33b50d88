"""Formatted references: pandoc's output, tidied, kept on disk, and rendered to HTML once.

Why: mkdocs-bibtex otherwise runs pandoc over the whole .bib for each page that cites a key not
yet formatted, and re-serialises the whole database first. Here pandoc runs once per build, on
the .bib file as written, and its output (Markdown for the plugin, HTML for the reference lists)
is kept in .cache/pml-guide keyed by the .bib, the style, pandoc's version and the tidying code,
so an unchanged bibliography is never formatted twice. PML_GUIDE_NO_CACHE=1 bypasses the cache.

When pandoc must run, it starts early (``start``, as the build begins) as a process of its own,
and its output is collected (``finish``) once the build has checked the pages: on two cores the
checks and pandoc run side by side.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from pmlsources import bibtex_seam
from pmlsources.environment import NO_CACHE


def tidy(text: str, pmid: str) -> str:
    """pandoc's Markdown for one reference, as readers should see it."""
    # pandoc keeps BibTeX's protective braces as spans ("[Zhovtis Ryerson]{.nocase}"): unwrap them.
    text = re.sub(r"\[([^\[\]]*)\]\{\.[\w-]+\}", r"\1", text)
    text = re.sub(r"(?<=\d)--(?=\d)", "\u2013", text)  # BibTeX's "1988--2013" is an en dash
    if pmid and "pubmed.ncbi.nlm.nih.gov" not in text:
        text = f"{text} PubMed: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)"
    return text


def to_html(text: str, md: markdown.Markdown | None = None) -> str:
    """One reference's Markdown as inline HTML (no surrounding paragraph); ``md``: a Markdown
    instance to reuse (reset before each reference) instead of a new one for each."""
    html = md.reset().convert(text) if md else markdown.markdown(text)
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html


def cache_file(root: Path, bib_text: str, csl: bytes, pandoc_version: str) -> Path:
    """Where the formatted references of exactly these inputs are kept."""
    tidying = inspect.getsource(tidy).encode()  # a change to the tidying also empties the cache
    digest = hashlib.sha256(bib_text.encode() + csl + pandoc_version.encode() + tidying).hexdigest()[:20]
    return root / ".cache" / "pml-guide" / f"references-{digest}.json"


def read_cache(path: Path, html_allowed: Callable[[str], bool]) -> tuple[dict[str, str], dict[str, str]]:
    """(Markdown, HTML) references from the cache, or two empty dicts: a missing, unreadable,
    corrupt or oddly shaped cache (or a symbolic link) is a miss, never an error. What is read
    is only data; the built pages still pass the HTML allow-list whatever the cache held."""
    if os.environ.get(NO_CACHE) or path.is_symlink():
        return {}, {}
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        markdown_refs, html_refs = cached["markdown"], cached["html"]
        if all(isinstance(k, str) and isinstance(v, str) for d in (markdown_refs, html_refs) for k, v in d.items()) \
                and plain_references(markdown_refs, html_refs, html_allowed):
            return markdown_refs, html_refs
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return {}, {}


def plain_references(markdown_refs: dict[str, str], html_refs: dict[str, str],
                     html_allowed: Callable[[str], bool]) -> bool:
    """True when the cached references look like pandoc's and Markdown's own output: in the
    Markdown no raw HTML (only <https://...> autolinks), in the HTML only inline text elements
    and links that ``html_allowed`` passes (the plugin gives the built-HTML allow-list,
    pmlcheck/html_allowlist.inline_html_allowed). A cache written by anyone else is then a
    miss, and the references are formatted afresh."""
    if any(re.search(r"<(?!https://)", text) for text in markdown_refs.values()):
        return False
    return not any(re.search(r"<(?!/?(?:em|strong|a|span|sup|sub|code)\b)", html) or not html_allowed(html)
                   for html in html_refs.values())


def write_cache(path: Path, markdown_refs: dict[str, str], html_refs: dict[str, str]) -> None:
    """Written through a temporary file and a rename; a cache that cannot be written (read-only
    checkout, a file where the folder should be) only makes the next build slower."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("references-*.json"):
            old.unlink()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps({"markdown": markdown_refs, "html": html_refs}))
        os.replace(tmp, path)
    except OSError:
        pass


def tidied(raw: dict[str, str], pmids: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(Markdown, HTML) of every entry in ``pmids`` from pandoc's raw Markdown."""
    markdown_refs = {key: tidy(raw.get(key, ""), pmid) for key, pmid in pmids.items()}
    md = markdown.Markdown()  # one instance for every reference: a new one each cost 40% more (cold builds)
    return markdown_refs, {key: to_html(text, md) for key, text in markdown_refs.items()}


class PandocError(Exception):
    """pandoc could not format the references (it failed, could not start, or took too long)."""


@dataclass
class Started:
    """What ``start`` found: the references read from the cache, and the pandoc run (if any)
    formatting the entries the cache lacked."""
    reg: Any = None
    bib: Any = None
    cache: Path | None = None
    markdown_refs: dict[str, str] = field(default_factory=dict)
    html_refs: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    run: bibtex_seam.PandocRun | None = None

    def stop(self) -> None:
        """Stop pandoc, if it runs (the build stopped before ``finish``)."""
        if self.run is not None:
            self.run.stop()


def start(reg, bib, root: Path, html_allowed: Callable[[str], bool]) -> Started:
    """Read the cache and, for the entries it lacks, start pandoc in the background (through the
    plugin's registry ``reg``; None: the plugin is switched off and nothing is formatted). A
    cached copy is used only when ``html_allowed`` passes every reference in it (see
    plain_references). PandocError when pandoc cannot start."""
    if reg is None:
        return Started()
    import pypandoc

    bibtex_seam.use_bib_text(reg, bib.text)
    csl = Path(bibtex_seam.csl_file(reg))
    csl = csl if csl.is_absolute() else root / csl
    cache = cache_file(root, bib.text, csl.read_bytes(), pypandoc.get_pandoc_version())
    markdown_refs, html_refs = read_cache(cache, html_allowed)
    bibtex_seam.set_formatted(reg, markdown_refs)
    missing = [key for key in bibtex_seam.entry_keys(reg) if key not in markdown_refs]
    try:
        run = bibtex_seam.start_pandoc(reg, missing) if missing else None
    except OSError as error:
        raise PandocError(f"pandoc could not start: {error}") from None
    return Started(reg, bib, cache, markdown_refs, html_refs, missing, run)


def finish(started: Started, timeout: float = 300) -> dict[str, str]:
    """Give the plugin the tidied Markdown of every entry and return key -> HTML for the
    reference lists, pandoc's output collected if it ran. PandocError when pandoc failed or took
    longer than ``timeout`` seconds."""
    if started.reg is None:
        return {}
    if not started.missing:
        return started.html_refs
    reg, bib = started.reg, started.bib
    try:
        bibtex_seam.format_with_pandoc(reg, started.missing, started.run, timeout)
    except (OSError, RuntimeError, ValueError) as error:  # TimeoutError is an OSError
        raise PandocError(str(error).strip()) from None
    finally:
        started.stop()
    pmids = {key: entry.fields.get("pmid", "").strip() for key, entry in bib.data.entries.items()}
    markdown_refs, html_refs = tidied(bibtex_seam.formatted(reg), pmids)
    bibtex_seam.set_formatted(reg, markdown_refs)
    if started.cache is not None:
        write_cache(started.cache, markdown_refs, html_refs)
    return html_refs

