"""MkDocs hooks: the thin layer between the build and scripts/pmlcheck.

Why it exists: MkDocs and mkdocs-bibtex only warn (or crash with a traceback) on the mistakes
contributors make most. These hooks run the project's checks before anything is built, so
`mkdocs build` stops with the file, the line and the fix; and they add the few things the
libraries lack (a warm citation cache, PubMed links, a References heading, the generated
Glossary and Bibliography pages, the shared disclaimer). All logic lives in pmlcheck.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.citation import Citation, CitationBlock

from pmlcheck import bibliography, citations, glossary, suite
from pmlcheck.pages import front_matter
from pmlcheck.problems import report

GLOSSARY_MARKER = "<!-- generated: glossary -->"
BIBLIOGRAPHY_MARKER = "<!-- generated: bibliography -->"
_state: dict = {}


def _fail(problems, what):
    if problems:
        raise PluginError(report(problems, what) + "\n\nNothing was built and no file was changed. "
                          "Run `python scripts/check_all.py` to see these without building.")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)  # before mkdocs-bibtex reads the .bib, which would crash with a traceback
def on_config(config):
    root = _root(config)
    bib, problems = bibliography.load(root / "bibliography.bib", root=root)
    _fail(problems, "bibliography.bib")
    terms, problems = glossary.load(root / "glossary.yml", Path(config.docs_dir), set(bib.entries), root=root)
    _fail(problems, "glossary.yml")
    _state.update(root=root, bib=bib, terms=terms)
    _share_parsed_bibliography(root / "bibliography.bib", bib.data)
    # Tooltips: Markdown's abbr extension takes the whole glossary from configuration.
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltips(terms)
    # The disclaimer is written once, in docs/_includes/disclaimer.md, and rendered by overrides/.
    text = (Path(config.docs_dir) / "_includes" / "disclaimer.md").read_text(encoding="utf-8")
    config.extra["disclaimer_html"] = markdown.markdown(text)
    return config


def _share_parsed_bibliography(path: Path, data) -> None:
    """mkdocs-bibtex would parse bibliography.bib a second time (slow with pybtex: about 0.4 s
    per 1,000 entries). Hand it the copy our check has just parsed and validated."""
    import mkdocs_bibtex.registry as reg

    original = getattr(reg.parse_file, "__wrapped__", reg.parse_file)

    def parse_file(file, *args, **kwargs):
        return data if Path(file).resolve() == path.resolve() else original(file, *args, **kwargs)

    parse_file.__wrapped__ = original
    reg.parse_file = parse_file


def _warm_citation_cache(config):
    """Format every entry once, then add PubMed links and tidy pandoc's markup.

    mkdocs-bibtex otherwise runs pandoc over the whole .bib for each page that cites a key not
    yet formatted. Here pandoc runs once per build, on the .bib file as written (the plugin would
    first re-serialise the whole database), and its output is kept in .cache/ keyed by the
    .bib, the style and pandoc's version, so an unchanged bibliography is never formatted twice.
    Set PML_GUIDE_NO_CACHE=1 to bypass the cache."""
    import hashlib
    import json
    import os

    import pypandoc

    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if registry is None or not hasattr(registry, "_reference_cache"):
        return
    bib = _state["bib"]
    registry.bib_data_bibtex = bib.text  # the plugin's cached_property: skip re-serialising
    csl = Path(registry.csl_file)
    if not csl.is_absolute():
        csl = _state["root"] / csl
    digest = hashlib.sha256(bib.text.encode() + csl.read_bytes() + pypandoc.get_pandoc_version().encode()).hexdigest()[:20]
    cache = _state["root"] / ".cache" / "pml-guide" / f"references-{digest}.json"
    if cache.exists() and not os.environ.get("PML_GUIDE_NO_CACHE"):
        registry._reference_cache.update(json.loads(cache.read_text(encoding="utf-8")))
    keys = [k for k in registry.bib_data.entries if k not in registry._reference_cache]
    if keys:
        registry.validate_citation_blocks([CitationBlock([Citation(key=k)]) for k in keys])
        for key, entry in registry.bib_data.entries.items():
            # pandoc keeps BibTeX's protective braces as spans ("[Zhovtis Ryerson]{.nocase}"): unwrap them.
            text = re.sub(r"\[([^\[\]]*)\]\{\.[\w-]+\}", r"\1", registry._reference_cache.get(key, ""))
            pmid = entry.fields.get("pmid", "").strip()
            if pmid and "pubmed.ncbi.nlm.nih.gov" not in text:
                text = f"{text} PubMed: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)"
            registry._reference_cache[key] = text
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("references-*.json"):
            old.unlink()
        cache.write_text(json.dumps(registry._reference_cache), encoding="utf-8")


def on_files(files, config):
    root = _root(config)
    docs = Path(config.docs_dir)
    _warm_citation_cache(config)  # the plugin's on_config has run by now
    pages = [Path(f.abs_src_path) for f in files.documentation_pages()]
    _state["pages"] = pages
    _state["uris"] = {Path(f.abs_src_path): f.src_uri for f in files.documentation_pages()}
    results = suite.check_pages(pages, _state["bib"], all_pages=pages, docs=docs, root=root)
    _fail([p for _what, found in results for p in found], "content checks")
    return files


def _page_link(target: Path, from_uri: str) -> str:
    import os.path
    return os.path.relpath(_state["uris"][target], str(PurePosixPath(from_uri).parent) or ".").replace("\\", "/")


def _bibliography_markdown(page, config) -> str:
    registry = config.plugins["bibtex"].registry
    titles = {p: front_matter(p).get("title", p.stem) for p in _state["pages"]}
    cited = citations.citing_pages(_state["pages"])
    entries = sorted(registry.bib_data.entries, key=lambda k: registry._reference_cache.get(k, k).casefold())
    out = [f"{len(entries)} sources, sorted by first author.\n"]
    for key in entries:
        links = ", ".join(f"[{titles[p]}]({_page_link(p, page.file.src_uri)})" for p in cited.get(key, []))
        where = f"Cited on: {links}." if links else "Not cited on a page: " + registry.bib_data.entries[key].fields.get("uncited", "")
        out.append(f'<div class="bib-entry" id="source-{key}" markdown>\n\n{registry._reference_cache.get(key, key)}\n\n'
                   f'<span class="bib-cited-on">{where}</span>\n\n</div>\n')
    return "\n".join(out)


def on_page_read_source(page, config):
    """Fill the Glossary and Bibliography pages from their one source, before anything else
    (mkdocs-bibtex included) sees the page, so the glossary's citations resolve as usual."""
    path = Path(page.file.abs_src_path)
    text = path.read_text(encoding="utf-8-sig")
    if "{repo_url}" in text:  # the repository address lives in mkdocs.yml only
        text = text.replace("{repo_url}", config.repo_url.rstrip("/"))
    if GLOSSARY_MARKER in text:
        _state["glossary_page"] = page.file.src_uri
        return text.replace(GLOSSARY_MARKER, glossary.page_markdown(_state["terms"], page.file.src_uri))
    if BIBLIOGRAPHY_MARKER in text:
        return text.replace(BIBLIOGRAPHY_MARKER, _bibliography_markdown(page, config))
    return text


@event_priority(-100)  # after mkdocs-bibtex has turned citations into footnotes
def on_page_markdown(markdown_text, page, config, files):
    """Give the per-page reference list a heading that readers, screen readers and the
    table of contents can find (mkdocs-bibtex renders the list with no heading)."""
    # Adjacent citations: drop the space mkdocs-bibtex puts between them, so the CSS can
    # separate them with a comma ("1,2" rather than "1 2").
    markdown_text = re.sub(r"(\[\^[\w-]+\]) (?=\[\^[\w-]+\])", r"\1", markdown_text)
    if re.search(r"^\[\^[^\]]+\]:", markdown_text, re.MULTILINE):
        markdown_text = markdown_text.rstrip() + '\n\n## References {#references data-search-exclude="true"}\n'
    return markdown_text


_ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>")


def on_page_content(html_text, page, config, files):
    """Keep reference lists out of search. Glossary tooltips on the first use of each term on a page, as a printed glossary marks
    first uses: a term on every line cluttered the text, added kilobytes and, on a phone, a
    tooltip to mount for each. On the Glossary page itself, where every word is explained
    where it stands, there are none."""
    # Each page's reference list repeats the Bibliography page: keep it out of the search index.
    html_text = html_text.replace('<div class="footnote">', '<div class="footnote" data-search-exclude="true">', 1)
    if page.file.src_uri == _state.get("glossary_page"):
        return _ABBR.sub(r"\1", html_text)
    seen: set[str] = set()

    def first_only(match):
        word = match.group(1)
        if word.casefold() in seen:
            return word
        seen.add(word.casefold())
        return match.group(0)

    return _ABBR.sub(first_only, html_text)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


@event_priority(-100)  # last, after anything else that rewrites the page
def on_post_page(output, page, config):
    """Allow exactly this page's inline scripts (Material's) in its Content-Security-Policy."""
    import base64
    import hashlib

    if "PML-CSP-SCRIPT-HASHES" not in output:
        return output
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
                     for body in _INLINE_SCRIPT.findall(output)})
    return output.replace("PML-CSP-SCRIPT-HASHES", " ".join(hashes))
