"""The Glossary and Bibliography pages' generated parts.

Why: both pages list what lives in one source (glossary.yml, bibliography.bib), so they are
written at build time, never by hand. The Glossary is a generated block (Markdown, so its
citations resolve as on any page). The Bibliography listing is HTML written after Markdown has
run (through Markdown, a thousand entries made it the slowest page of the site), so its marker
is left in the page as a comment and filled in by `fill_bibliography`.
"""
from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from pmlbuild import generated
from pmlcheck import citations, glossary, reference_lists
from pmlcheck.pages import front_matter

BIBLIOGRAPHY_MARKER = "<!-- generated: bibliography -->"


@generated.block("glossary")
def glossary_block(ctx: generated.Context, _arg: str) -> str:
    """The A-Z Glossary (ctx.extra["terms"], the checked glossary of the page's language)."""
    return glossary.page_markdown(ctx.extra.get("terms", []), ctx.page, GLOSSARY_WORDS.get(ctx.extra.get("language", "en")))


# The Glossary page's labels on a translated glossary page (glossary.WORDS has the English).
GLOSSARY_WORDS = {"es": {"letters": "Letras del glosario", "also": "También se llama", "say": "Se pronuncia",
                         "more": "Más información sobre",
                         "other_language": " (en inglés)"}}  # a read_more page that has no Spanish translation yet


def is_glossary_page(text: str) -> bool:
    return any(name == "glossary" for _line, name, _arg in generated.markers(text))


def fill_bibliography(html: str, entries: dict, rendered: dict[str, str], pages: list[Path],
                      link: Callable[[Path], str]) -> str:
    """The Bibliography page's listing, with links (``link(page)``, relative to this page) back
    to every citing page, in place of the marker. Pages without the marker are returned as they are."""
    if BIBLIOGRAPHY_MARKER not in html:
        return html
    cited_on = {key: [(front_matter(p).get("title", p.stem), link(p)) for p in where]
                for key, where in citations.citing_pages(pages).items()}
    return html.replace(BIBLIOGRAPHY_MARKER, reference_lists.bibliography_html(entries, rendered, cited_on))
