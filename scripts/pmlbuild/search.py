"""What Material's search plugin indexes: the page as readers search it.

Why: the reference list at the foot of a page repeats the Bibliography page (the search plugin
would parse it all only to skip it), and citation numbers would make a search for "12" find
every page citing 12 sources or more. The build gives the search plugin the page without
either, then puts the full page back before the theme renders it.

Two seams for changes to the index:
- `indexed_html(html)`: the HTML the search plugin reads for one page;
- `INDEX_SHAPERS`: functions run, in order, over the finished search_index.json (a dict, as
  Material writes it) after the search plugin writes it and before the offline plugin copies it.
  Add one to reshape the whole index; `shape_index` does the reading and writing.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from pmlcheck import reference_lists

INDEX_SHAPERS: list[Callable[[dict], dict]] = []


def indexed_html(html: str | None) -> str | None:
    """``html`` without its reference list and citation numbers (None and "" stay as they are)."""
    if not html:
        return html
    start = html.find('<div class="footnote"')
    return reference_lists.without_marks(html[:start] if start >= 0 else html)


def shape_index(path: Path, shapers: list[Callable[[dict], dict]] | None = None) -> bool:
    """Run ``shapers`` (default INDEX_SHAPERS) over the index at ``path``; True if it was rewritten."""
    shapers = INDEX_SHAPERS if shapers is None else shapers
    if not shapers or not path.exists():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    for shape in shapers:
        index = shape(index)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
