"""MkDocs hooks: the thin layer between the build and scripts/pmlcheck.

Why it exists: MkDocs and mkdocs-bibtex only warn (or crash with a traceback) on the mistakes
contributors make most. These hooks run the project's checks before anything is built, so
`mkdocs build` stops with the file, the line and the fix; and they add the few things the
libraries lack (a warm citation cache, PubMed links, a References heading, the generated
Glossary and Bibliography pages, the shared disclaimer). All logic lives in pmlcheck.
"""
from __future__ import annotations

import re
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs_bibtex.citation import Citation, CitationBlock

from pmlbuild import generated
from pmlcheck import bibliography, citations, glossary, reference_lists, suite
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
    """Check the bibliography and the glossary before anything is built.

    The bibliography machinery follows mkdocs-bibtex: in a configuration without the plugin
    (the benchmark's baseline) the hooks leave citations alone and do everything else."""
    root = _root(config)
    bib = None
    if "bibtex" in config.plugins:
        bib, problems = bibliography.load(root / "bibliography.bib", root=root)
        _fail(problems, "bibliography.bib")
        _share_parsed_bibliography(root / "bibliography.bib", bib.data)
    terms, problems = glossary.load(root / "glossary.yml", Path(config.docs_dir), set(bib.entries) if bib else None,
                                    root=root)
    _fail(problems, "glossary.yml")
    _state.clear()  # `mkdocs serve` runs every rebuild through here
    _state.update(root=root, bib=bib, terms=terms, reference_html={}, cited={})
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
    """Format every entry once, add PubMed links, tidy pandoc's markup, and render each
    reference to HTML once.

    mkdocs-bibtex otherwise runs pandoc over the whole .bib for each page that cites a key not
    yet formatted. Here pandoc runs once per build, on the .bib file as written (the plugin would
    first re-serialise the whole database), and its output (Markdown for the plugin, HTML for
    the reference lists) is kept in .cache/ keyed by the .bib, the style and pandoc's version,
    so an unchanged bibliography is never formatted twice. PML_GUIDE_NO_CACHE=1 bypasses it."""
    import hashlib
    import inspect
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
    tidy = inspect.getsource(_tidy_reference).encode()  # a change to the tidying below also empties the cache
    digest = hashlib.sha256(bib.text.encode() + csl.read_bytes() + pypandoc.get_pandoc_version().encode() + tidy).hexdigest()[:20]
    cache = _state["root"] / ".cache" / "pml-guide" / f"references-{digest}.json"
    if cache.exists() and not os.environ.get("PML_GUIDE_NO_CACHE"):
        cached = json.loads(cache.read_text(encoding="utf-8"))
        registry._reference_cache.update(cached["markdown"])
        _state["reference_html"].update(cached["html"])
    keys = [k for k in registry.bib_data.entries if k not in registry._reference_cache]
    if keys:
        registry.validate_citation_blocks([CitationBlock([Citation(key=k)]) for k in keys])
        for key, entry in registry.bib_data.entries.items():
            text = _tidy_reference(registry._reference_cache.get(key, ""), entry.fields.get("pmid", "").strip())
            registry._reference_cache[key] = text
            html = markdown.markdown(text)  # one reference, one paragraph
            _state["reference_html"][key] = html[3:-4] if html.startswith("<p>") and html.endswith("</p>") else html
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("references-*.json"):
            old.unlink()
        cache.write_text(json.dumps({"markdown": registry._reference_cache, "html": _state["reference_html"]}),
                         encoding="utf-8")


def _tidy_reference(text: str, pmid: str) -> str:
    # pandoc keeps BibTeX's protective braces as spans ("[Zhovtis Ryerson]{.nocase}"): unwrap them.
    text = re.sub(r"\[([^\[\]]*)\]\{\.[\w-]+\}", r"\1", text)
    text = re.sub(r"(?<=\d)--(?=\d)", "\u2013", text)  # BibTeX's "1988--2013" is an en dash
    if pmid and "pubmed.ncbi.nlm.nih.gov" not in text:
        text = f"{text} PubMed: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)"
    return text


def on_files(files, config):
    root = _root(config)
    docs = Path(config.docs_dir)
    if _state["bib"] is not None:
        _warm_citation_cache(config)  # the plugin's on_config has run by now
    pages = [Path(f.abs_src_path) for f in files.documentation_pages()]
    _state["pages"] = pages
    _state["files"] = {Path(f.abs_src_path): f for f in files.documentation_pages()}
    results = suite.check_pages(pages, _state["bib"], all_pages=pages, docs=docs, root=root)
    _fail([p for _what, found in results for p in found], "content checks")
    return files


def _bibliography_html(page) -> str:
    """The Bibliography page's listing, with links back to every citing page."""
    titles = {p: front_matter(p).get("title", p.stem) for p in _state["pages"]}
    cited_on = {key: [(titles[p], _state["files"][p].url_relative_to(page.file)) for p in where]
                for key, where in citations.citing_pages(_state["pages"]).items()}
    return reference_lists.bibliography_html(_state["bib"].entries, _state["reference_html"], cited_on)


def on_page_read_source(page, config):
    """Fill the Glossary page from its one source, before anything else (mkdocs-bibtex
    included) sees the page, so the glossary's citations resolve as usual."""
    path = Path(page.file.abs_src_path)
    text = path.read_text(encoding="utf-8-sig")
    if "{repo_url}" in text:  # the repository address lives in mkdocs.yml only
        text = text.replace("{repo_url}", config.repo_url.rstrip("/"))
    if GLOSSARY_MARKER in text:
        _state["glossary_page"] = page.file.src_uri
        return text.replace(GLOSSARY_MARKER, glossary.page_markdown(_state["terms"], page.file.src_uri))
    ctx = generated.Context(root=_state["root"], docs=Path(config.docs_dir), page=page.file.src_uri)
    return generated.expand(text, ctx)


@event_priority(-100)  # after mkdocs-bibtex has turned citations into footnotes
def on_page_markdown(markdown_text, page, config, files):
    """Citations become marks that on_page_content fills in, and the reference list gets a
    heading readers and the table of contents can find (see pmlcheck/reference_lists.py)."""
    markdown_text, _state["cited"][page.file.src_uri] = reference_lists.take_citations(
        markdown_text, _state.get("reference_html", {}))
    return markdown_text


_ABBR = re.compile(r"<abbr title=\"[^\"]*\">(.*?)</abbr>")


@event_priority(50)  # before mkdocs-print-site-plugin keeps a copy of the page for the printed edition
def on_page_content(html_text, page, config, files):
    """Fill in the citations, the reference list and the Bibliography page.

    Glossary tooltips on the first use of each term on a page, as a printed glossary marks
    first uses: a term on every line cluttered the text, added kilobytes and, on a phone, a
    tooltip to mount for each. On the Glossary page itself, where every word is explained
    where it stands, there are none."""
    html_text = reference_lists.fill_citations(html_text, _state["cited"].pop(page.file.src_uri, []),
                                               _state["reference_html"])
    if BIBLIOGRAPHY_MARKER in html_text and _state["bib"] is not None:
        html_text = html_text.replace(BIBLIOGRAPHY_MARKER, _bibliography_html(page))
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


def _references_out_of_search(context, page, config, nav):
    """What Material's search plugin indexes: the page without its reference list (which
    repeats the Bibliography page; the plugin would parse it all only to skip it) and without
    the citation numbers (a search for "12" should not find every page citing 12 sources or more)."""
    if page.content:
        _state["full_content"] = page.content
        start = page.content.find('<div class="footnote"')
        page.content = reference_lists.without_marks(page.content[:start] if start >= 0 else page.content)
    return context


def _references_back(context, page, config, nav):
    if "full_content" in _state:
        page.content = _state.pop("full_content")
    return context


on_page_context = CombinedEvent(event_priority(100)(_references_out_of_search), event_priority(-100)(_references_back))

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
