"""MkDocs hooks: the build's steps, in the order MkDocs runs them.

Why it exists: MkDocs and mkdocs-bibtex only warn (or crash with a traceback) on the mistakes
contributors make most. These hooks run the project's checks before anything is built, so
`mkdocs build` stops with the file, the line and the fix, and they add what the libraries lack.
Each handler is a short list of calls to plain, tested functions: checks in scripts/pmlcheck,
build-time rendering in scripts/pmlbuild, and every use of mkdocs-bibtex's internals in
scripts/pmlbuild/bibtex_seam.py. To add a step, add one line to the handler of the moment it
belongs to (and the function, with its test, in pmlbuild or pmlcheck).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

from pmlbuild import bibtex_seam, built_pages, changes, csp, generated, reference_pages, references, search, site, tooltips, trust
from pmlbuild.state import BuildState
from pmlcheck import glossary, reference_lists, review_due, suite
from pmlcheck.problems import report

state = BuildState(root=Path.cwd(), docs=Path.cwd() / "docs")  # replaced by on_config for every build


BEFORE = ("Nothing was built and no file was changed. "
          "Run `python3 scripts/dev.py check` to see these without building.")
AFTER = "The build stops here: do not publish this site folder. Fix the source that wrote the element named above."


def _stop_on(results: list[tuple[str, list]], then: str = BEFORE) -> None:
    """Stop the build with every located problem, if any check found one."""
    failed = [report(found, what) for what, found in results if found]
    if failed:
        raise PluginError("\n\n".join(failed) + "\n\n" + then)


@event_priority(100)  # before mkdocs-bibtex reads the .bib, which would crash with a traceback
def on_config(config):
    """Check the bibliography and the glossary before anything is built."""
    global state
    root = Path(config.config_file_path).resolve().parent
    state = BuildState(root=root, docs=Path(config.docs_dir))
    state.bib, state.terms, results = suite.check_sources(root, state.docs)
    _stop_on(results)
    bibtex_seam.share_parsed_bibliography(root / "bibliography.bib", state.bib.data)
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary.tooltips(state.terms)
    config.extra["disclaimer_html"] = site.disclaimer_html(state.docs)
    config.extra["csp_policy"] = csp.policy_for(config)
    state.releases = changes.load(root, state.docs)[0]  # checked with the pages (suite.check_pages)
    config.extra.update(trust.version_values(state.releases))  # the guide's version: set in changes.yml only
    return config


def on_files(files, config):
    """Format the references once (mkdocs-bibtex's on_config has run), then check every page."""
    state.reference_html = references.prepare(bibtex_seam.registry(config), state.bib, state.root)
    state.files = {Path(f.abs_src_path): f for f in files.documentation_pages()}
    files.append(File.generated(config, "feed.xml", content=changes.atom(state.releases, config.site_url or "", changes.PAGE_URL)))
    config.extra["site_shape"] = site.shape_for_templates(state.pages)  # review-status wording (pmlcheck/shape.py)
    _stop_on(suite.check_pages(state.pages, state.bib, all_pages=state.pages, docs=state.docs, root=state.root))
    return files


def on_page_read_source(page, config):
    """Fill a page's generated blocks (the Glossary included) before anything else reads it,
    so their citations resolve as usual."""
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    text = site.fill_repo_url(text, config.repo_url)
    if reference_pages.is_glossary_page(text):
        state.glossary_page = page.file.src_uri
    return generated.expand(text, state.context(page.file.src_uri))


@event_priority(-100)  # after mkdocs-bibtex has turned citations into footnotes
def on_page_markdown(markdown_text, page, config, files):
    """Citations become marks that on_page_content fills in (see pmlcheck/reference_lists.py)."""
    markdown_text, state.cited[page.file.src_uri] = reference_lists.take_citations(markdown_text,
                                                                                    state.reference_html)
    return markdown_text


@event_priority(50)  # before mkdocs-print-site-plugin keeps a copy of the page for the printed edition
def on_page_content(html, page, config, files):
    """Citations, reference list, Bibliography listing, then tooltips on first uses only."""
    uri = page.file.src_uri
    html = reference_lists.fill_citations(html, state.cited.pop(uri, []), state.reference_html)
    html = reference_pages.fill_bibliography(html, state.bib.entries, state.reference_html, state.pages,
                                             link=lambda path: state.files[path].url_relative_to(page.file))
    return tooltips.thin(html, glossary_page=uri == state.glossary_page)


def _search_reads_less(context, page, config, nav):
    """Material's search plugin indexes page.content: hand it the page as readers search it."""
    state.full_content, page.content = page.content, search.indexed_html(page.content, page.file.src_uri)
    return context


def _full_page_back(context, page, config, nav):
    page.content = state.full_content
    return context


def _page_history(context, page, config, nav):
    """What changed on the page, how to cite it and its JSON-LD (pmlbuild/trust.py)."""
    changes_page = state.file(changes.PAGE)
    link = changes_page.url_relative_to(page.file) if changes_page else ""
    context.update(trust.page_values(page.meta, page.file.src_uri, page.canonical_url or page.url, link,
                                     state.releases, config.site_name, config.site_url or ""))
    return context


on_page_context = CombinedEvent(event_priority(100)(_search_reads_less), _page_history,
                                event_priority(-100)(_full_page_back))


@event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
def on_post_build(config):
    site.log_notice(review_due.notice(review_due.due(state.pages, date.today(), state.root), date.today()))
    search.shape_index(Path(config.site_dir) / "search" / "search_index.json", [*search.INDEX_SHAPERS, search.reader_words(state)])
    _stop_on([("built pages (HTML allow-list)", built_pages.check(config, state.files, state.root))], then=AFTER)
