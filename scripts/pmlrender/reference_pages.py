"""The Glossary and Bibliography pages' generated parts.

Why: both pages list what lives in one source (glossary.yml, bibliography.bib), so they are
written at build time, never by hand. The Glossary is a generated block (Markdown, so its
citations resolve as on any page). The Bibliography listing is HTML written after Markdown has
run (through Markdown, a thousand entries made it the slowest page of the site), so its marker
is left in the page as a comment and filled in by `fill_bibliography`.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from collections.abc import Callable

from pmlrender import generated
from pmlsources.bibliography import citing_pages
from pmlsources.glossary import Term
from pmlrender import reference_lists
from pmlsources.marks import SEARCH_EXCLUDE
from pmlsources.pages import front_matter

BIBLIOGRAPHY_MARKER = "<!-- generated: bibliography -->"


@generated.block("glossary")
def glossary_block(ctx: generated.Context, _arg: str) -> str:
    """The A-Z Glossary (ctx.extra["terms"], the checked glossary of the page's language)."""
    return page_markdown(ctx.extra.get("terms", []), ctx.page, GLOSSARY_WORDS.get(ctx.extra.get("language", "en")))


# The Glossary page's labels on a translated glossary page (WORDS has the English).
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
                for key, where in citing_pages(pages).items()}
    return html.replace(BIBLIOGRAPHY_MARKER, reference_lists.bibliography_html(entries, rendered, cited_on))


WORDS = {"letters": "Glossary letters", "also": "Also called", "say": "Say it", "more": "Read more about"}


def page_markdown(terms: list[Term], page_path: str, words: dict[str, str] | None = None) -> str:
    """The A-Z Glossary page body. ``page_path`` is the glossary page's path under docs/;
    ``words``: its labels in the page's language (WORDS in English)."""
    words = {**WORDS, **(words or {})}
    here = PurePosixPath(page_path).parent
    ordered = sorted(terms, key=lambda t: t.term.casefold())
    letters = sorted({t.letter for t in ordered})
    jump = " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters)
    out = [f'<nav class="glossary-letters" aria-label="{words["letters"]}" markdown>\n{jump}\n</nav>\n']
    for letter in letters:
        out.append(f"## {letter} {{#letter-{letter.lower()}}}\n")
        out.append('<dl class="glossary" markdown>')
        for t in (t for t in ordered if t.letter == letter):
            out.append(f'<dt id="{t.anchor}" markdown>{t.term}</dt>')
            details = []
            if t.aliases:
                details.append(f"{words['also']}: " + ", ".join(t.aliases) + ".")
            if t.pronunciation:
                details.append(f"<span {SEARCH_EXCLUDE}>{words['say']}: *{t.pronunciation}*.</span>")
            cite = f" [{'; '.join('@' + k for k in t.sources)}]" if t.sources else ""
            body = t.definition
            if cite and body.endswith("."):
                body = body[:-1] + cite + "."
            elif cite:
                body += cite
            # Search finds a term by its name and other names: its definition is shown on every
            # page that uses it, and would make the Glossary the answer to every question.
            out.append('<dd markdown>')
            out.append(f"<span {SEARCH_EXCLUDE}>{body}</span>\n")
            if details:
                out.append(" ".join(details) + "\n")
            if t.read_more:
                target = PurePosixPath(t.read_more)
                link = _relative(target, here)
                elsewhere = words.get("other_language", "") if not t.read_more.startswith(f"{page_path.split('/')[0]}/") else ""
                out.append(f"<span {SEARCH_EXCLUDE}>[{words['more']} {t.term}{elsewhere}]({link})</span>\n")
            out.append("</dd>")
        out.append("</dl>\n")
    return "\n".join(out)


def _relative(target: PurePosixPath, start: PurePosixPath) -> str:
    import os.path
    return os.path.relpath(str(target), str(start) if str(start) else ".").replace("\\", "/")
