"""The explanatory diagrams' sources: docs/_data/figures.yml (each figure's caption and steps,
with their translations) and the SVG files in docs/assets/figures/, loaded and validated once.

Why here: the checks (pmlcheck/blocks.py) and the drawing (pmlrender/figures.py) read the same
validated figures. Contributors' SVG is untrusted: only the shapes and attributes of the one SVG
list (pmlsources/markup.py) are let through.
"""
from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from pmlsources import data as datafile
from pmlsources.data import line_of
from pmlsources.datawords import DEFAULT, TRANSLATED, data_words, fix_for, same_numbers, translated
from pmlsources.markup import SVG_ATTRIBUTES, SVG_ELEMENTS, SVG_NS
from pmlsources.problems import Problem


FOLDER = "assets/figures"


MAX_GZIP = 15 * 1024
# One list for figures, every .svg file and the built-page allow-list (pmlsources/markup.py):
# presentation attributes and ARIA; styling beyond them (italic, colours) goes in classes.
ELEMENTS = SVG_ELEMENTS
ATTRIBUTES = SVG_ATTRIBUTES
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SAFE_VALUE = re.compile(r"^[^()&<>:\\]*$")  # no url(...), no javascript:


@dataclass(frozen=True)
class Figure:
    id: str
    caption: str
    steps: tuple[str, ...]
    words: dict = field(default_factory=dict, compare=False)  # language -> {"caption": ..., "steps": [...]}
    line: int | None = field(default=None, compare=False)     # its line in figures.yml

    def in_language(self, lang: str) -> Figure:
        """The figure with its caption and steps in ``lang`` (English where it has no translation)."""
        words = self.words.get(lang) or {}
        return replace(self, caption=str(words.get("caption", self.caption)).strip(),
                       steps=tuple(s.strip() for s in words.get("steps", self.steps)))


def svg_path(docs: Path, ident: str, lang: str = DEFAULT) -> Path:
    """docs/assets/figures/<id>.svg, or <id>.<lang>.svg for a translated page."""
    return docs / FOLDER / (f"{ident}.svg" if lang == DEFAULT else f"{ident}.{lang}.svg")


def svg_problems(text: str, path: str, ident: str) -> list[Problem]:
    """What is not allowed in a figure's SVG, each with the fix."""
    def problem(message: str, fix: str) -> list[Problem]:
        return [Problem(path, None, message, fix)]

    if re.search(r"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", text, re.IGNORECASE):
        return problem("the SVG has a DOCTYPE, an entity or a stylesheet.", "remove it; draw with plain shapes.")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return [Problem(path, exc.position[0], f"the SVG is not well-formed XML ({exc}).", "fix the markup there.")]
    found = []
    for el in root.iter():
        name = el.tag.replace("{%s}" % SVG_NS, "")
        if name not in ELEMENTS:
            found += problem(f"the element <{name}> is not allowed in a figure.",
                             f"use only: {', '.join(sorted(ELEMENTS))}.")
        for attr, value in el.attrib.items():
            if attr not in ATTRIBUTES and attr != "xmlns":
                found += problem(f"<{name}> has the attribute '{attr}', which is not allowed.",
                                 "style with a class (docs/assets/css/pml-guide.css) or a presentation attribute.")
            elif not _SAFE_VALUE.match(value) and attr not in ("d", "points", "transform", "viewBox"):
                found += problem(f"<{name} {attr}=...> has a value that is not allowed: {value[:40]!r}.",
                                 "use plain numbers, names and words (no url()).")
    if root.get("role") != "img" or root.get("aria-labelledby") != f"{ident}-title":
        found += problem("the <svg> lacks role=\"img\" or aria-labelledby naming its title.",
                         f'write <svg role="img" aria-labelledby="{ident}-title" ...>.')
    if root.find(f"{{{SVG_NS}}}title[@id='{ident}-title']") is None:
        found += problem("the SVG has no <title> as its first words.", f'add <title id="{ident}-title">...</title>.')
    if len(gzip.compress(text.encode("utf-8"), 9)) > MAX_GZIP:
        found += problem("the SVG is over 15 KB once compressed.", "simplify the drawing.")
    return found


def load(docs: Path) -> tuple[dict[str, Figure], list[Problem]]:
    """docs/_data/figures.yml: each figure's caption and text version, by id."""
    path = docs / "_data" / "figures.yml"
    shown = "docs/_data/figures.yml"
    if not path.is_file():
        return {}, [Problem(shown, None, "the file is missing.", "restore docs/_data/figures.yml.")]
    data, problems = datafile.read(path, shown=shown)
    if problems:
        return {}, problems
    items = data.get("figures") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return {}, [Problem(shown, 1, "the file has no `figures:` list.", "put the figures in a list under `figures:`.")]
    figures: dict[str, Figure] = {}
    for n, item in enumerate(items, start=1):
        line = line_of(items, n - 1)
        ident = item.get("id") if isinstance(item, dict) else None
        caption = item.get("caption") if isinstance(item, dict) else None
        steps = item.get("steps", []) if isinstance(item, dict) else None
        if not (isinstance(ident, str) and _ID.match(ident) and isinstance(caption, str) and isinstance(steps, list)
                and all(isinstance(s, str) for s in steps)) or ident in figures:
            problems.append(Problem(shown, line, f"figure {n} needs a unique kebab-case `id`, a `caption` and a list "
                                    "of `steps` (text).", "see the first figure in the file for the shape."))
            continue
        found: list[Problem] = []
        data_words(item, ("caption", "steps"), lambda m, f, found=found, line=line, ident=ident: found.append(
            Problem(shown, line, f"figure '{ident}': {m}", f)))  # called within this iteration: bound to it
        problems += found
        words = {lang: translated(item, lang) for lang in TRANSLATED
                 if translated(item, lang) and not found}
        figures[ident] = Figure(ident, caption.strip(), tuple(s.strip() for s in steps), words, line)
    return figures, problems


def svg_words(text: str) -> str:
    """The words an SVG shows or says: its title, description and text labels, one per line
    (empty for markup that does not parse: svg_problems reports it)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return ""
    kinds = {f"{{{SVG_NS}}}{k}" for k in ("title", "desc", "text")}
    return "\n".join(" ".join("".join(el.itertext()).split()) for el in root.iter() if el.tag in kinds)


def translation_problems(fig: Figure, path: str, line: int, docs: Path, lang: str) -> list[Problem]:
    """A figure on a page in ``lang``: its caption and steps in figures.yml's `es:` mapping, and its
    own drawing <id>.<lang>.svg, allowed as every SVG is, with exactly the English drawing's numbers."""
    words = fig.words.get(lang) or {}
    absent = [f for f in ("caption", "steps") if not words.get(f)]
    found = [Problem("docs/_data/figures.yml", fig.line, f"figure '{fig.id}' has no {lang} words ({', '.join(absent)}), "
                     f"which {path}:{line} shows.", fix_for(absent, lang))] if absent else []
    svg = svg_path(docs, fig.id, lang)
    shown = f"docs/{FOLDER}/{svg.name}"
    if not svg.is_file():
        return found + [Problem(path, line, f"the figure '{fig.id}' has no drawing in this page's language ({shown}).",
                                f"copy docs/{FOLDER}/{fig.id}.svg to {shown} and translate its <title>, <desc> and "
                                "<text> labels, keeping the shapes and ids.")]
    text = svg.read_text(encoding="utf-8")
    found += svg_problems(text, shown, fig.id)
    english = svg_words((docs / FOLDER / f"{fig.id}.svg").read_text(encoding="utf-8"))
    same_numbers(english, svg_words(text), "its labels", lang,
                 lambda m, f: found.append(Problem(shown, None, m, f)))
    return found


def unknown_keys(texts: list[str], docs: Path) -> list[str]:
    """Citation keys in ``texts`` that bibliography.bib (beside docs/) does not define: the
    citation library would only warn, without saying which data file the key came from."""
    bib = docs.parent / "bibliography.bib"
    known = set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"), re.MULTILINE)) \
        if bib.is_file() else set()
    cited = [k for t in texts for k in re.findall(r"@([\w-]+)", " ".join(re.findall(r"\[[^\]]*@[^\]]*\]", t)))]
    return sorted({k for k in cited if k not in known})
