"""The markup a page may carry that the project draws itself: the one list of SVG elements and
attributes.

Why here: the figures (pmlsources/figuredata.py, drawn by pmlrender/figures.py), every .svg file
under docs/ (pmlcheck/svgfile.py) and the built-page allow-list (pmlcheck/html_allowlist.py) must
agree on it; when each kept its own, they drifted apart. Checks and renderers both read it here.
"""
from __future__ import annotations

SVG_NS = "http://www.w3.org/2000/svg"
SVG = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan", "title",
       "desc", "defs", "marker"}
SVG_ELEMENTS = SVG
# The one list of SVG attributes, as SVG spells them: the built-page allow-list (lower-cased, as
# an HTML parser reports them), the figure files (pmlsources/figuredata.py) and every .svg file under
# docs/ (pmlcheck/svgfile.py) all read it.
SVG_ATTRIBUTES = (
    "id", "class", "role", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "dx", "dy", "cx", "cy",
    "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "clip-rule", "stroke", "stroke-width",
    "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "opacity", "transform", "text-anchor", "font-size", "font-weight", "font-style",
    "font-family", "font-variant", "letter-spacing", "word-spacing", "text-decoration", "dominant-baseline",
    "alignment-baseline", "baseline-shift", "paint-order", "textLength", "lengthAdjust", "vector-effect",
    "shape-rendering", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-label", "focusable",
    "preserveAspectRatio", "marker-start", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX",
    "refY", "orient", "version", "xmlns",
)
