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
from typing import Callable

from pmlcheck.problems import Problem

MARKER = re.compile(r"^<!-- generated: ([a-z0-9-]+)(?: ([^>]*?))? -->[ \t]*$", re.MULTILINE)
# Each module here defines blocks with @block; add a module's dotted name to register its blocks.
BLOCK_MODULES: list[str] = ["pmlbuild.iconarray", "pmlbuild.figures", "pmlbuild.risk", "pmlbuild.changes",
                           "pmlbuild.reference_pages", "pmlbuild.site", "pmlbuild.download"]
# Comments around each expanded block in the page's Markdown (a page may not write them itself:
# pmlcheck/citations.py refuses them).
BEGIN, END = "pml-generated-begin", "pml-generated-end"
# Markers the hook fills itself, at another stage of the build (the Bibliography listing, as HTML).
HANDLED_BY_THE_HOOK = {"bibliography"}


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
        from .language import language_of

        return self.extra.get("language") or language_of(self.page)


Block = Callable[[Context, str], str]
_BLOCKS: dict[str, Block] = {}


def block(name: str) -> Callable[[Block], Block]:
    """Register ``fn`` as the block called ``name``."""
    def register(fn: Block) -> Block:
        _BLOCKS[name] = fn
        return fn
    return register


def registered() -> dict[str, Block]:
    for module in BLOCK_MODULES:
        importlib.import_module(module)
    return dict(_BLOCKS)


def markers(text: str) -> list[tuple[int, str, str]]:
    """(line number, block name, argument) of every marker in ``text``."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1), (m.group(2) or "").strip())
            for m in MARKER.finditer(text)]


def check(text: str, path: str) -> list[Problem]:
    """A marker naming no known block is a located problem, not a silent gap in the page."""
    blocks = registered()
    return [Problem(path, line, f"the generated block '{name}' does not exist.",
                    f"use one of: {', '.join(sorted(blocks)) or '(none registered)'}; or remove the marker.")
            for line, name, _arg in markers(text) if name not in blocks and name not in HANDLED_BY_THE_HOOK]


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
