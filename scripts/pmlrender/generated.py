"""Generated blocks: Markdown written into a page at build time from the project's data.

Why: a figure or a list that lives in a data file (for example the natalizumab risk estimates in
docs/_data/) must never be typed a second time into a page. A page asks for it with a marker on
a line of its own:

    <!-- generated: natalizumab-risk-table -->
    <!-- generated: icon-array pooled -->

and the build replaces the marker with what the named function returns. A function registers
itself with `@block("name")` and takes the build's context and the marker's argument (the rest
of the marker, possibly empty). Modules that define blocks are listed in BLOCK_MODULES, so the
registry is filled before any page is read.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from pmlsources.marks import BEGIN, BLOCK_NAMES, END, HANDLED_BY_THE_PLUGIN, MARKER, markers  # noqa: F401 (read by the blocks)

# Each module here defines blocks with @block; add a module's dotted name to register its blocks.
BLOCK_MODULES: list[str] = ["pmlrender.iconarray", "pmlrender.figures", "pmlrender.risk", "pmlrender.changes",
                           "pmlrender.reference_pages", "pmlrender.site", "pmlrender.download"]


@dataclass
class Context:
    """What a block may read: the repository root, the docs folder, the page being built."""
    root: Path
    docs: Path
    page: str = ""  # the page's path inside docs/, as "patients/outlook.md"
    extra: dict = field(default_factory=dict)  # anything else a block needs (glossary terms, ...)

    @property
    def language(self) -> str:
        """The page's language ("en", "es"), from its path: blocks write their words in it."""
        from pmlrender.language import language_of

        return self.extra.get("language") or language_of(self.page)


Block = Callable[[Context, str], str]
_BLOCKS: dict[str, Block] = {}


def block(name: str) -> Callable[[Block], Block]:
    """Register ``fn`` as the block called ``name``."""
    if name not in BLOCK_NAMES:
        raise ValueError(f"the generated block '{name}' is not listed in BLOCK_NAMES (pmlsources/marks.py): add it there")

    def register(fn: Block) -> Block:
        _BLOCKS[name] = fn
        return fn
    return register


def registered() -> dict[str, Block]:
    for module in BLOCK_MODULES:
        importlib.import_module(module)
    return dict(_BLOCKS)


def expand(text: str, ctx: Context) -> str:
    """``text`` with every marker replaced by its block's Markdown (unknown markers are left for
    ``check`` to report)."""
    blocks = registered()

    def render(match: re.Match) -> str:
        fn = blocks.get(match.group(1))
        if not fn:
            return match.group(0)
        # Marked, so the checks of what readers see (pmlcheck/seen.py) know these figures come from
        # data files whose every row names its source (checked there), not from the page's sentences.
        return f"<!-- {BEGIN} -->\n\n{fn(ctx, (match.group(2) or '').strip())}\n\n<!-- {END} -->"

    return MARKER.sub(render, text)
