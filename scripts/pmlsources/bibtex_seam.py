"""The seam onto mkdocs-bibtex: every use of the plugin's code and internals, in this one file.

Why: mkdocs-bibtex reads the guide's `[@key]` citations and runs pandoc to format references,
but the project is archived (4.4.0 is its last release) and MkDocs 2 will not run it. The build
reaches into it in a few places to make it fast and to reuse its citation parser; if the
plugin changes, breaks or is replaced (see the platform decision record, decisions/), this file
is the only one to read and change. The plugin (pmlplugin), pmlrender and pmlcheck never import mkdocs_bibtex.

What this relies on, as written in mkdocs-bibtex 4.4.0 (mkdocs_bibtex/citation.py, registry.py):
- `citation.CitationBlock.from_markdown(text)`: blocks with `.citations`, each with a `.key`
  (the plugin's own parser, so the checks see exactly the citations the plugin sees);
- `registry.parse_file`: the module-level name (imported from pybtex) that every registry's
  `__init__` calls once per .bib file; replaced here to hand over an already parsed copy;
- the plugin instance's `.registry`: a `PandocRegistry` (because mkdocs.yml sets `csl_file`) with
  `.bib_data` (pybtex BibliographyData), `.csl_file` (as written in mkdocs.yml),
  `.bib_data_bibtex` (a functools.cached_property: the .bib text given to pandoc, so assigning
  it skips re-serialising the database), the PRIVATE dict `._reference_cache` (key -> Markdown
  reference, which `reference_text()` returns and `inline_text()` requires) and
  `.validate_citation_blocks(blocks)`, which runs pandoc once for every key not yet in that dict.
tests/test_bibtex_seam.py exercises each of these against the installed version.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import mkdocs_bibtex.registry as _registry_module
from mkdocs_bibtex.citation import Citation, CitationBlock

VERSION = "4.4.0"  # the version this file was written against (pinned in requirements.txt)


def citation_keys(text: str) -> list[str]:
    """The keys cited in ``text``, in order, parsed as mkdocs-bibtex parses them."""
    return [citation.key for block in CitationBlock.from_markdown(text) for citation in block.citations]


def share_parsed_bibliography(path: Path, data) -> None:
    """Make the plugin use ``data`` (pybtex BibliographyData already parsed and checked) for
    ``path`` instead of parsing the file again (pybtex: about 0.4 s per 1,000 entries)."""
    original = getattr(_registry_module.parse_file, "__wrapped__", _registry_module.parse_file)

    def parse_file(file, *args, **kwargs):
        return data if Path(file).resolve() == path.resolve() else original(file, *args, **kwargs)

    cast(Any, parse_file).__wrapped__ = original  # a function attribute mypy does not model
    _registry_module.parse_file = parse_file


def same_bibliography(config, bib_file: Path) -> None:
    """mkdocs-bibtex's `bib_file` must be the file the pml-guide plugin checks (both are set in
    mkdocs.yml), or the checks would pass one file while the citations come from another."""
    plugin = config.plugins.get("bibtex")
    theirs = getattr(plugin, "config", {}).get("bib_file") if plugin is not None else None
    if theirs and Path(config.config_file_path).parent.joinpath(theirs).resolve() != bib_file.resolve():
        from mkdocs.exceptions import PluginError

        raise PluginError(f"mkdocs-bibtex reads {theirs} but the pml-guide plugin checks {bib_file.name}.\n"
                          "    fix: give `bibtex: bib_file:` and `pml-guide: bibliography:` the same file in mkdocs.yml.")


def registry(config):
    """The plugin's pandoc registry for this build, or None (plugin disabled, or no CSL file)."""
    plugin = config.plugins.get("bibtex")
    found = getattr(plugin, "registry", None)
    return found if found is not None and hasattr(found, "_reference_cache") else None


def csl_file(reg) -> str:
    return reg.csl_file


def entry_keys(reg) -> list[str]:
    return list(reg.bib_data.entries)


def use_bib_text(reg, text: str) -> None:
    """Give pandoc the .bib as written, instead of the plugin's re-serialised copy."""
    reg.bib_data_bibtex = text


def formatted(reg) -> dict[str, str]:
    """Key -> Markdown reference, for every reference the plugin has formatted so far."""
    return dict(reg._reference_cache)


def set_formatted(reg, references: dict[str, str]) -> None:
    """Make the plugin use these Markdown references (from our cache, or tidied) as its own."""
    reg._reference_cache.update(references)


def format_with_pandoc(reg, keys: list[str]) -> None:
    """Have the plugin run pandoc once over ``keys`` (afterwards in ``formatted(reg)``)."""
    if keys:
        reg.validate_citation_blocks([CitationBlock([Citation(key=key)]) for key in keys])
