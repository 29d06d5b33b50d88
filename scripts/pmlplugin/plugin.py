"""The pml-guide MkDocs plugin: the build's steps, in the order MkDocs runs them.

Why it exists: MkDocs and mkdocs-bibtex only warn (or crash with a traceback) on the mistakes
contributors make most. This plugin runs the project's checks before anything is built, so
`mkdocs build` stops with the file, the line and the fix, and it adds what the libraries lack.
Each event handler is a short list of calls to plain, tested functions: sources in
scripts/pmlsources, checks in scripts/pmlcheck, rendering in scripts/pmlrender, and every use of
mkdocs-bibtex's internals in scripts/pmlsources/bibtex_seam.py. To add a step, add one line to
the handler of the moment it belongs to (and the function, with its test, in its room).

It is registered by an entry point in pyproject.toml (`mkdocs.plugins: pml-guide`) and installed
in editable mode by `python3 scripts/dev.py`, as Material's own plugins are; mkdocs.yml lists it
last under `plugins:`, with the paths it reads. What one build knows lives on the instance
(`self.state`, pmlplugin/state.py), so nothing is left over between the rebuilds of `serve`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from pmlcheck import html_allowlist, review_due, seen, seen_record, suite, suite_record, translations
from pmlplugin import built_pages
from pmlplugin.state import BuildState
from pmlrender import (accessible, changes, csp, generated, language, reference_lists, reference_pages, references, search, site,
                       tooltips, trust)
from pmlsources import bibtex_seam, changedata, glossary
from pmlsources.dates import long_date_text_es
from pmlsources.problems import report

BEFORE = ("Nothing was built and no file was changed. "
          "Run `python3 scripts/dev.py check` to see these without building.")
AFTER = "The build stops here: do not publish this site folder. Fix the source that wrote the element named above."


def _stop_on(results: list[tuple[str, list]], then: str = BEFORE) -> None:
    """Stop the build with every located problem, if any check found one."""
    failed = [report(found, what) for what, found in results if found]
    if failed:
        raise PluginError("\n\n".join(failed) + "\n\n" + then)


def _pandoc_failed(state: BuildState, error: Exception) -> PluginError:
    """pandoc failing (or missing, or hung) as a located stop naming the .bib, not a traceback."""
    bib = state.bib.path if state.bib is not None else "the bibliography"
    return PluginError(f"{bib}: pandoc could not format the references: {error}\n    fix: run "
                       "`python3 scripts/dev.py check` for problems in the .bib file; if it finds none, pandoc "
                       "itself failed (it comes with the pinned pypandoc-binary package, requirements.txt).")


def _finished(state: BuildState) -> dict[str, str]:
    """Key -> reference HTML, pandoc's output collected (references.finish)."""
    try:
        return references.finish(state.references)
    except references.PandocError as error:
        raise _pandoc_failed(state, error) from None


def _rewritten_by_mkdocs_serve(config) -> bool:
    """Plain `mkdocs serve` replaces site_url with its own http:// address (dev_addr)."""
    addr = config.dev_addr
    return bool(addr) and (config.site_url or "").startswith(f"http://{addr.host}:{addr.port}/")


class PmlGuideConfig(base.Config):
    """The plugin's settings in mkdocs.yml: the files it reads, relative to mkdocs.yml."""
    bibliography = c.File(exists=True)  # the one .bib file (mkdocs-bibtex's bib_file must name the same)
    glossary = c.File(exists=True)      # glossary.yml (a translation's glossary sits beside it: glossary.es.yml)


class PmlGuidePlugin(BasePlugin[PmlGuideConfig]):
    supports_multiple_instances = False

    def __init__(self):
        # No on_startup or on_shutdown here: MkDocs keeps a plugin that has either across the
        # rebuilds of `serve`, with the modules it imported, so an edited renderer would not show.
        self.state = BuildState(root=Path.cwd(), docs=Path.cwd() / "docs")  # replaced by on_config for every build
        self.citations = reference_lists.Citations()  # replaced by on_config for every build

    @event_priority(100)  # before mkdocs-bibtex reads the .bib, which would crash with a traceback
    def on_config(self, config):
        """Check the bibliography and the glossary before anything is built."""
        if _rewritten_by_mkdocs_serve(config):
            raise PluginError("`mkdocs serve` replaces site_url with its own http:// address, which the checks of a "
                              "published page refuse.\n    fix: preview with `python3 scripts/dev.py serve` "
                              "(scripts/serve.py): the same live preview, built as the site is published.")
        root = Path(config.config_file_path).resolve().parent
        bib_file = Path(self.config.bibliography).resolve()
        bibtex_seam.same_bibliography(config, bib_file)
        state = self.state = BuildState(root=root, docs=Path(config.docs_dir))
        state.bib, state.terms, results = suite.check_sources(root, state.docs, bib_file, Path(self.config.glossary))
        state.hiding = seen.hiding_classes(state.docs)
        state.seen_record = seen_record.SeenRecord(root, state.docs, state.hiding)  # passes of earlier builds
        _stop_on(results)
        bibtex_seam.share_parsed_bibliography(bib_file, state.bib.data)
        self._languages(config)
        config.mdx_configs.setdefault("abbr", {})["glossary"] = state.tooltips["en"]
        config.markdown_extensions.append(tooltips.QuickerAbbr())  # abbr's output, its terms matched as a trie
        self.citations = reference_lists.Citations()  # mkdocs-bibtex's footnotes drawn as marks and one list
        config.markdown_extensions.append(self.citations)
        config.extra["disclaimer_html"] = site.disclaimer_html(state.docs)
        config.extra["csp_policy"] = csp.policy_for(config)
        state.releases = changedata.load(root, state.docs)[0]  # checked with the pages (suite.check_pages)
        config.extra.update(trust.version_values(state.releases))  # the guide's version: set in changes.yml only
        return config

    def _languages(self, config) -> None:
        """The translations (pmlrender/language.py): their glossaries, tooltips, disclaimers and build date."""
        state = self.state
        state.languages = language.load(state.docs)
        state.tooltips["en"] = tooltips.tooltips(state.terms)
        for code in state.languages:
            state.terms_by_language[code] = glossary.load_translated(state.root, state.docs, None)[0]
            state.tooltips[code] = tooltips.tooltips(state.terms_by_language[code], tooltips.plural_es)
            config.extra[f"disclaimer_html_{code}"] = site.disclaimer_html(state.docs, code)
        if "es" in state.languages and config.extra.get("build_date"):  # the offline and printed copies' date
            config.extra["build_date_es"] = long_date_text_es(config.extra["build_date"])

    def on_pre_build(self, *, config):
        """Start formatting the references (mkdocs-bibtex's on_config has run): pandoc, when it must
        run, works in a process of its own while the pages are checked (pmlrender/references.py)."""
        state = self.state
        try:
            state.references = references.start(bibtex_seam.registry(config), state.bib, state.root,
                                                html_allowlist.inline_html_allowed)
        except references.PandocError as error:
            raise _pandoc_failed(state, error) from None

    def on_build_error(self, *, error):
        """A build that stops leaves no pandoc running (`serve` builds again in the same process)."""
        self.state.references.stop()

    def on_files(self, files, config):
        """Check every page, then take the references pandoc formatted (started in on_pre_build)."""
        state = self.state
        state.files = {Path(f.abs_src_path): f for f in files.documentation_pages()}
        files.append(File.generated(config, "feed.xml", content=changes.atom(state.releases, config.site_url or "",
                                                                            changes.PAGE_URL)))
        config.extra["site_shape"] = site.shape_for_templates(state.pages)  # review-status wording (pmlsources/shape.py)
        config.extra["pml_hreflang"] = language.hreflang_sets(state.url_of, tuple(state.languages) or ("es",))  # sitemap.xml
        _stop_on(suite_record.check_pages(state.pages, state.bib, all_pages=state.pages, docs=state.docs, root=state.root,
                                          rendered=False))  # what readers see is checked on each page's HTML (on_page_content)
        state.reference_html = self.citations.rendered = _finished(state)
        return files

    def on_page_read_source(self, *, page, config):
        """Fill a page's generated blocks (the Glossary included) before anything else reads it,
        so their citations resolve as usual."""
        text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        if reference_pages.is_glossary_page(text):
            self.state.glossary_pages.add(page.file.src_uri)
        return site.fill_repo_url(generated.expand(text, self.state.context(page.file.src_uri)), config.repo_url)

    def on_page_markdown(self, markdown_text, *, page, config, files):
        """The page's tooltips and the words around its citation marks are those of its language
        (mkdocs-bibtex's footnotes are drawn while Markdown runs: pmlrender/reference_lists.py)."""
        state = self.state
        lang = state.language(page.file.src_uri)
        config.mdx_configs["abbr"]["glossary"] = state.tooltips.get(lang, state.tooltips["en"])
        self.citations.lang = lang
        return markdown_text

    @event_priority(50)  # before mkdocs-print-site-plugin keeps a copy of the page for the printed edition
    def on_page_content(self, html, *, page, config, files):
        """What readers see is checked (pmlcheck/seen.py; reported in on_env; the citation marks that
        count are those the build drew), then the Bibliography listing, what screen readers need
        (pmlrender/accessible.py), and tooltips on first uses only."""
        state, uri = self.state, page.file.src_uri
        state.seen[uri] = state.seen_record.check_built(html, page.file.abs_src_path, marks=self.citations.take_drawn())
        html = reference_pages.fill_bibliography(html, state.bib.entries, state.reference_html, state.english_pages,
                                                 link=lambda path: state.files[path].url_relative_to(page.file))
        html = accessible.urgent_headings(accessible.heading_names(accessible.tables(html)))
        return tooltips.thin(html, glossary_page=uri in state.glossary_pages)

    def on_env(self, env, *, config, files):
        """Every page's content is built and none written yet: stop here on what readers would see."""
        self.state.seen_record.save()
        _stop_on(seen.results(list(self.state.seen.values()), whole_site=True))
        return env

    def _page_history(self, context, *, page, config, nav):
        """What changed on the page, how to cite it and its JSON-LD (pmlrender/trust.py)."""
        state = self.state
        changes_page = state.file(changes.PAGE)
        link = changes_page.url_relative_to(page.file) if changes_page else ""
        context.update(trust.page_values(page.meta, page.file.src_uri, page.canonical_url or page.url, link,
                                         state.releases, config.site_name, config.site_url or "",
                                         state.language(page.file.src_uri), self._translated_from(page.file.src_uri, config)))
        return context

    def _translated_from(self, uri: str, config) -> str:
        """The published address of the English page a translated page translates ("" for English pages)."""
        state = self.state
        english = language.english_of(uri, tuple(state.languages) or ("es",))
        return (config.site_url or "") + state.url_of[english] if english != uri and english in state.url_of else ""

    def _page_language(self, context, *, page, config, nav):
        """The language switch, hreflang links, a translation's navigation and its behind-the-English line."""
        state = self.state
        uri, codes = page.file.src_uri, tuple(state.languages) or ("es",)
        lang = state.language(uri)
        config.extra["alternate"] = language.alternates(uri, state.url_of, codes)
        state.site_name = state.site_name or config.site_name
        config.site_name = state.languages[lang].site_name or state.site_name if lang in state.languages else state.site_name
        context.update(pml_lang=lang, pml_switch=language.switch(uri, state.url_of, codes), pml_behind=None)
        if lang != "en":
            context["nav"] = state.navs.get(lang, nav)
            item, _problems = translations.pair(Path(page.file.abs_src_path), state.docs, state.root)
            context["pml_behind"] = state.url_of.get(language.english_of(uri, codes)) if item and item.behind else None
        return context

    on_page_context = CombinedEvent(_page_language, _page_history)

    @event_priority(50)  # before mkdocs-print-site-plugin keeps the navigation's order for the printed edition
    def on_nav(self, nav, *, config, files):
        """Each translation's navigation: the English one, with the pages that have a translation.
        A translation's printed edition (mkdocs.print.es.yml: extra.print_language) prints its pages."""
        by_uri = {f.src_uri: f for f in files.documentation_pages()}
        self.state.navs = {code: language.translated_nav(nav, by_uri, lang) for code, lang in self.state.languages.items()}
        return self.state.navs.get(config.extra.get("print_language"), nav)

    def on_post_page(self, output, *, page, config):
        """"Skip to content" leads to the page's title (pmlrender/accessible.py); no hreflang links in
        the head (the sitemap has them: pmlrender/language.py); a translated page's search reads its
        language's own index (es/search/search_index.json); the site's name and language links go
        back to the English for what is rendered next."""
        state = self.state
        output = language.without_hreflang_links(accessible.skip_to_title(output))
        config.site_name, config.extra["alternate"] = state.site_name or config.site_name, []
        lang = state.language(page.file.src_uri)
        return output if lang == "en" else language.search_base(output, lang)

    @event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
    def on_post_build(self, *, config):
        state = self.state
        site.log_notice(review_due.notice(review_due.due(state.pages, date.today(), state.root), date.today()))
        site.log_notice(translations.notice(translations.behind(state.pages, state.docs, state.root), state.root))
        index = Path(config.site_dir) / "search" / "search_index.json"
        for _code, lang in state.languages.items():
            search.write_translation_index(index, lang, state, offline=bool(config.extra.get("offline")))
        search.shape_index(index, [*search.INDEX_SHAPERS, search.reader_words(state)])
        _stop_on([("built pages (HTML allow-list)", built_pages.check(config, state.files, state.root))], then=AFTER)
