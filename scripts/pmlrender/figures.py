"""Explanatory diagrams (how PML happens, myelin, the path to a diagnosis, IRIS over time),
written into the page itself at build time.

Why inline and not <img>: an SVG inside the page takes the theme's colours (currentColor and
Material's CSS variables) in the light and dark schemes and in print, and its labels are real
text that a screen reader and the page's search can read; an <img> would show the same dark
lines on a dark page. Why from a file: each drawing is kept as one plain SVG file in
docs/assets/figures/, reviewed like code, and its words (a caption and a step-by-step text
version, each step cited) live in docs/_data/figures.yml. A page asks for one with a marker:

    <!-- generated: figure how-pml-happens -->

A translated page (docs/es/...) gets the same drawing with its words in its language: the
caption and steps of the figure's `es:` mapping in figures.yml, and the SVG file
docs/assets/figures/<id>.es.svg (the same shapes, its labels translated; the same checks). A
Spanish page asking for a figure without them stops the build with the file and the fix: a
Spanish reader is never shown English words in a picture (pmlrender/wording.py).

Contributors' SVG is untrusted: only plain shapes and text are let through (no scripts, links,
style attributes or <style>, foreign content or external references), so nothing in a picture
can run, load another host or need 'unsafe-inline' in the Content-Security-Policy.
"""
from __future__ import annotations

import html
import re

from pmlsources.figuredata import Figure, load, svg_path, svg_problems

from pmlrender import generated, wording



# The words the page writes around every figure, by language.
SUMMARY = {"en": "The picture in words", "es": "La imagen en palabras"}
NOT_SHOWN = {"en": 'The picture "{}" could not be shown.', "es": "No se pudo mostrar la imagen «{}»."}


def inline_svg(text: str) -> str:
    """The SVG as it goes into the page: no XML declaration, comments or blank lines (a blank
    line would end Markdown's HTML block)."""
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def figure_html(fig: Figure, svg_text: str, lang: str = wording.DEFAULT) -> str:
    steps = "".join(f"<li>{html.escape(s)}</li>" for s in fig.steps)
    summary = SUMMARY.get(lang, SUMMARY[wording.DEFAULT])
    words = (f'<details class="pml-figure-text"><summary>{summary}</summary><ol>{steps}</ol></details>'
             if steps else "")
    return (f'<figure class="pml-figure" id="figure-{fig.id}">\n{inline_svg(svg_text)}\n'
            f'<figcaption>{html.escape(fig.caption)}{words}</figcaption>\n</figure>\n')


@generated.block("figure")
def figure_block(ctx: generated.Context, arg: str) -> str:
    """The figure in the page's language (the build has checked that its words and drawing exist)."""
    lang = ctx.language
    figures, _problems = load(ctx.docs)
    svg = svg_path(ctx.docs, arg, lang)
    fig = figures.get(arg)
    if (fig is None or not svg.is_file() or svg_problems(svg.read_text(encoding="utf-8"), str(svg), arg)
            or (lang != wording.DEFAULT and lang not in fig.words)):
        message = NOT_SHOWN.get(lang, NOT_SHOWN[wording.DEFAULT]).format(html.escape(arg))
        return f'<p class="pml-figure-problem">{message}</p>\n'
    return figure_html(fig.in_language(lang), svg.read_text(encoding="utf-8"), lang)
