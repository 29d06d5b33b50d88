"""SVG files under docs/, checked as the browser will read them: as XML documents of the site.

Why: MkDocs publishes every .svg under docs/ as it is, whether a page names it or not, and an
SVG opened by its own address is a document on the site's origin: a <script>, an event handler
or a link in it runs or navigates there, outside any page's Content-Security-Policy. So every
.svg may hold only the elements and attributes of the one SVG list in
pmlsources/markup.py (the same list the figures and the built pages use), in the SVG
namespace, with plain values; no DOCTYPE or entity (an entity can also grow without limit), no
processing instruction (an XML stylesheet). Read with expat, which gives each element its line.
"""
from __future__ import annotations

import re
import xml.parsers.expat

from pmlsources.markup import SVG_ATTRIBUTES, SVG_ELEMENTS, SVG_NS
from pmlsources.problems import Problem

# Plain values: no url() (the list has nothing a url() could point to), no scheme, no markup or entity.
_SAFE_VALUE = re.compile(r"^[^()&<>:\\]*$")
_GEOMETRY = {"d", "points", "transform", "viewBox"}  # numbers, commands and transform functions
_FIX = "draw with plain shapes and text only (see docs/assets/figures/ for examples)."


class _Stop(Exception):
    pass


def _element(name: str, attrs: dict[str, str], line: int, path: str) -> list[Problem]:
    namespace, _, local = name.rpartition(" ")
    found = []
    if namespace != SVG_NS or local not in SVG_ELEMENTS:
        found.append(Problem(path, line, f"the element <{local}> is not allowed in an SVG file.",
                             f"use only: {', '.join(sorted(SVG_ELEMENTS))}; {_FIX}"))
    for attr, value in attrs.items():
        if " " in attr or attr not in SVG_ATTRIBUTES:
            found.append(Problem(path, line, f"<{local}> has the attribute '{attr.rpartition(' ')[2]}', which is not allowed.",
                                 "style with a class or a presentation attribute; no links, scripts or event handlers."))
        elif attr not in _GEOMETRY and attr != "xmlns" and not _SAFE_VALUE.match(value):
            found.append(Problem(path, line, f"<{local} {attr}=...> has a value that is not allowed: {value[:40]!r}.",
                                 "use plain numbers, names and words (no url())."))
    return found


def check(text: str, path: str) -> list[Problem]:
    """Every problem in one SVG file, each with its line."""
    problems: list[Problem] = []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def refuse(what: str) -> None:
        problems.append(Problem(path, parser.CurrentLineNumber, f"the SVG has {what}.",
                                "remove it: " + _FIX))
        raise _Stop

    parser.StartDoctypeDeclHandler = lambda *a: refuse("a DOCTYPE")
    parser.EntityDeclHandler = lambda *a: refuse("an entity declaration")
    parser.ProcessingInstructionHandler = lambda *a: refuse("a processing instruction (<?...?>)")
    parser.StartElementHandler = lambda name, attrs: problems.extend(
        _element(name, attrs, parser.CurrentLineNumber, path))
    try:
        parser.Parse(text, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as exc:
        problems.append(Problem(path, exc.lineno, f"the SVG is not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}).",
                                "fix the markup on that line."))
    return problems
