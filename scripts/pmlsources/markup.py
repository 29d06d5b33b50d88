"""The one list of SVG the guide lets through: elements and attributes, as SVG spells them.

Why one list: three readers must agree on what a drawing may contain, or a figure the build
writes fails the check on the built page (or a file passes one check and not the other). The
figures the build writes into pages (pmlsources/figuredata.py, drawn by pmlrender/figures.py from docs/assets/figures/), the icon
arrays it draws (pmlrender/iconarray.py), every .svg file published under docs/
(pmlcheck/svgfile.py) and the allow-list over every built page (pmlcheck/html_allowlist.py)
all read these sets and nothing else.

Why so short: it holds what the guide's drawings really use (the figure files, the icon arrays,
the favicon) and what the theme's own icons need (Material's icons are `<svg xmlns viewBox>`
with `<path d>`), nothing more. Every name is room for a mistake or an attack to pass the
checks, so a drawing that needs another element or attribute adds it here, in a reviewed
change, and tests/test_allowlist_markup.py fails on a name nothing draws.
Plain data: this module imports nothing of the project.
"""
from __future__ import annotations

SVG_NS = "http://www.w3.org/2000/svg"

# Shapes, text, grouping and the accessible name (title, desc). No <a>, <use>, <image>, <style>,
# <script>, <foreignObject>, animation or <marker>: nothing that can run, link, load or restyle.
SVG_ELEMENTS = frozenset({"svg", "g", "rect", "circle", "line", "path", "text", "tspan", "title", "desc"})

SVG_ATTRIBUTES = frozenset({
    # the document and its accessible name
    "xmlns", "viewBox", "id", "class", "role", "focusable", "aria-label", "aria-labelledby", "aria-describedby",
    "aria-hidden",
    # geometry
    "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "d",
    # paint
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap",
    "stroke-linejoin",
    # text
    "font-size", "font-weight", "text-anchor",
})

# The same names as an HTML parser reports them in a page (it lower-cases: viewBox is viewbox).
SVG_ATTRIBUTES_IN_HTML = frozenset(name.lower() for name in SVG_ATTRIBUTES)
