"""Formatted references: pandoc's output, tidied, kept on disk, and rendered to HTML once.

Why: mkdocs-bibtex otherwise runs pandoc over the whole .bib for each page that cites a key not
yet formatted, and re-serialises the whole database first. Here pandoc runs once per build, on
the .bib file as written, and its output (Markdown for the plugin, HTML for the reference lists)
is kept in .cache/pml-guide keyed by the .bib, the style, pandoc's version and the tidying code,
so an unchanged bibliography is never formatted twice. PML_GUIDE_NO_CACHE=1 bypasses the cache.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

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


def prepare(reg, bib, root: Path, html_allowed: Callable[[str], bool]) -> dict[str, str]:
    """Format every entry of ``bib`` once (through the plugin's registry ``reg``), give the
    plugin the tidied Markdown, and return key -> HTML for the reference lists. A cached copy is
    used only when ``html_allowed`` passes every reference in it (see plain_references)."""
    if reg is None:  # the plugin is switched off: nothing is formatted
        return {}
    import pypandoc

    bibtex_seam.use_bib_text(reg, bib.text)
    csl = Path(bibtex_seam.csl_file(reg))
    csl = csl if csl.is_absolute() else root / csl
    cache = cache_file(root, bib.text, csl.read_bytes(), pypandoc.get_pandoc_version())
    markdown_refs, html_refs = read_cache(cache, html_allowed)
    bibtex_seam.set_formatted(reg, markdown_refs)
    missing = [key for key in bibtex_seam.entry_keys(reg) if key not in markdown_refs]
    if missing:
        bibtex_seam.format_with_pandoc(reg, missing)
        pmids = {key: entry.fields.get("pmid", "").strip() for key, entry in bib.data.entries.items()}
        markdown_refs, html_refs = tidied(bibtex_seam.formatted(reg), pmids)
        bibtex_seam.set_formatted(reg, markdown_refs)
        write_cache(cache, markdown_refs, html_refs)
    return html_refs
