"""Generated blocks on a page, checked before the build draws them: every marker names a block,
and every picture or table it asks for has its data, its drawing and its words.

Why: a marker naming no block would leave a silent gap in the page, and a picture whose data
row, SVG file or Spanish words are missing would be drawn wrong or not at all; each is a located
problem instead, with the data file's line where the fault is there. The data are loaded and
validated once (pmlsources: icondata, figuredata, riskdata); the pictures are drawn by pmlrender.
"""
from __future__ import annotations

from pathlib import Path

from pmlsources import figuredata, icondata, riskdata
from pmlsources.data import line_of
from pmlsources.datawords import DEFAULT, fix_for, missing
from pmlsources.marks import BLOCK_NAMES, HANDLED_BY_THE_PLUGIN, markers
from pmlsources.problems import Problem


def unknown_blocks(text: str, path: str) -> list[Problem]:
    """A marker naming no known block is a located problem, not a silent gap in the page."""
    return [Problem(path, line, f"the generated block '{name}' does not exist.",
                    f"use one of: {', '.join(sorted(BLOCK_NAMES))}; or remove the marker.")
            for line, name, _arg in markers(text) if name not in BLOCK_NAMES and name not in HANDLED_BY_THE_PLUGIN]


def icon_arrays(text: str, path: str, docs: Path, root: Path | None = None, lang: str = DEFAULT) -> list[Problem]:
    """Every icon-array marker of a page, checked before the build draws it; on a translated page
    (``lang``), every row it draws has its words in that language."""
    out = []
    for line, name, arg in markers(text):
        if name != "icon-array":
            continue
        stem, rows, problems = icondata.comparison(docs, arg, root)
        out += [p if p.path else Problem(path, line, p.message, p.fix) for p in problems]
        for row in rows:
            absent = icondata.untranslated(row, lang)
            if absent:
                out.append(Problem(f"docs/_data/{stem}.yml", row.line, f"the row '{row.id}' has no {lang} words "
                                   f"({', '.join(absent)}), which {path}:{line} shows.", fix_for(absent, lang)))
    return out


def figures(text: str, path: str, docs: Path, lang: str = DEFAULT) -> list[Problem]:
    """Every figure marker of a page: a known figure, an SVG file that passes svg_problems, and
    on a translated page (``lang``) its translated words and drawing."""
    wanted = [(line, arg) for line, name, arg in markers(text) if name == "figure"]
    if not wanted:
        return []
    known, problems = figuredata.load(docs)
    for line, ident in wanted:
        svg = docs / figuredata.FOLDER / f"{ident}.svg"
        if ident not in known or not svg.is_file():
            problems.append(Problem(path, line, f"no figure '{ident}' (in docs/_data/figures.yml and {figuredata.FOLDER}/).",
                                    f"use one of: {', '.join(known)}."))
            continue
        problems += figuredata.svg_problems(svg.read_text(encoding="utf-8"), f"docs/{figuredata.FOLDER}/{ident}.svg", ident)
        fig = known[ident]
        if lang != DEFAULT:
            problems += figuredata.translation_problems(fig, path, line, docs, lang)
        for key in figuredata.unknown_keys([fig.caption, *fig.steps], docs):
            problems.append(Problem("docs/_data/figures.yml", None, f"figure '{ident}' cites '{key}', which is not "
                                    "in bibliography.bib.", "cite a key from bibliography.bib, or add the source there."))
    return problems


# The risk tables a page may ask for, and the rows each shows.
RISK_TABLES = {"natalizumab-risk-table": "estimates", "natalizumab-risk-by-time": "by_time"}


def risk_tables(text: str, path: str, root: Path, lang: str = DEFAULT) -> list[Problem]:
    """On a translated page (``lang``), every row a risk table shows has its words in that language."""
    wanted = [(line, name) for line, name, _arg in markers(text) if name in RISK_TABLES]
    if lang == DEFAULT or not wanted:
        return []
    data, _problems = riskdata.load(root)  # the data's own problems are reported once, by the data check
    out = []
    for line, name in wanted:
        kind = RISK_TABLES[name]
        for row in getattr(data, kind):
            absent = missing(row, lang, riskdata.READER_WORDS[kind])
            if absent:
                out.append(Problem(riskdata.DATA_FILE.as_posix(), line_of(row),
                                   f"the row '{row['id']}' in {kind} has no {lang} words ({', '.join(absent)}), "
                                   f"which the table on {path}:{line} shows.", fix_for(absent, lang)))
    return out
