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
  `.validate_citation_blocks(blocks)`, which runs pandoc once for every key not yet in that dict,
  through `pypandoc.convert_text(source, to, format, extra_args)` (the module-level name, as
  `mkdocs_bibtex.registry.pypandoc`): `start_pandoc` reads that one call without running it, runs
  it in the background, and `format_with_pandoc` hands the plugin its output when the plugin
  makes exactly that call again (see PandocRun).
tests/test_bibtex_seam.py exercises each of these against the installed version.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import weakref
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


class _Read(Exception):
    """Raised by the stand-in for pypandoc.convert_text once it has read the plugin's call."""


def _blocks(keys: list[str]) -> list:
    return [CitationBlock([Citation(key=key)]) for key in keys]


def _with_convert_text(stand_in, then) -> None:
    """Run ``then()`` with the plugin's pypandoc.convert_text replaced by ``stand_in``."""
    pypandoc = _registry_module.pypandoc
    original = pypandoc.convert_text
    pypandoc.convert_text = stand_in
    try:
        then()
    finally:
        pypandoc.convert_text = original


def _call_shape(source, to, format, extra_args) -> tuple:
    """A pandoc call as compared here: the .bib's path (a new temporary file each time) left out."""
    args = list(extra_args)
    if "--bibliography" in args[:-1]:
        args[args.index("--bibliography") + 1] = "<bib>"
    return source, to, format, tuple(args)


class PandocRun:
    """The plugin's pandoc call for some keys, started in the background (pandoc is a process of
    its own: it formats while the build checks the pages). Its input, output and the .bib it reads
    are files in a temporary folder, removed (and pandoc stopped, if it still runs) by ``stop``,
    which also runs if the run is dropped or the interpreter exits."""

    def __init__(self, shape: tuple, bib_text: str, folder: Path, process: subprocess.Popen):
        self.shape, self.bib_text, self.folder, self.process = shape, bib_text, folder, process
        self._finalizer = weakref.finalize(self, _stop, process, folder)

    def output(self, timeout: float) -> tuple[int, str, str]:
        """(exit status, output, error output), once pandoc has finished; TimeoutError (pandoc
        stopped) when it takes longer than ``timeout`` seconds."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise TimeoutError(f"pandoc did not finish within {timeout:.0f} seconds") from None
        read = lambda name: (self.folder / name).read_bytes().decode("utf-8", errors="replace")  # noqa: E731
        return status, read("out.md"), read("err.txt")

    def stop(self) -> None:
        self._finalizer()


def _stop(process: subprocess.Popen, folder: Path) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def start_pandoc(reg, keys: list[str]) -> PandocRun | None:
    """Start, in the background, the one pandoc call the plugin would make to format ``keys``
    (None when it would make none). The call is read from the plugin itself, then run as
    pypandoc runs it: pandoc from pypandoc, the same arguments, the .bib text the plugin writes,
    the document on standard input, pypandoc's folder added to PATH. OSError if pandoc cannot start."""
    import pypandoc

    calls: list[tuple] = []

    def read(source, to, format, extra_args=(), **more):
        calls.append((_call_shape(source, to, format, extra_args), more))
        raise _Read

    try:
        _with_convert_text(read, lambda: reg.validate_citation_blocks(_blocks(keys)))
    except _Read:
        pass
    if not calls or calls[0][1]:  # no call, or one with options this does not run as pypandoc does
        return None
    (source, to, format, args), _more = calls[0]
    folder = Path(tempfile.mkdtemp(prefix="pml-guide-pandoc-"))
    try:
        (folder / "temp.bib").write_text(reg.bib_data_bibtex, encoding="utf-8")
        (folder / "in.md").write_bytes(source.encode("utf-8"))
        command = [pypandoc.get_pandoc_path(), f"--from={format}", f"--to={to}",
                   *(str(folder / "temp.bib") if arg == "<bib>" else arg for arg in args)]
        env = {**os.environ, "PATH": os.environ.get("PATH", "") + os.pathsep + str(Path(pypandoc.__file__).resolve().parent / "files")}
        with open(folder / "in.md", "rb") as given, open(folder / "out.md", "wb") as out, open(folder / "err.txt", "wb") as err:
            process = subprocess.Popen(command, stdin=given, stdout=out, stderr=err, env=env)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return PandocRun(calls[0][0], reg.bib_data_bibtex, folder, process)


def format_with_pandoc(reg, keys: list[str], run: PandocRun | None = None, timeout: float = 300) -> None:
    """Have the plugin format ``keys`` (afterwards in ``formatted(reg)``): with the output of
    ``run`` when the plugin makes exactly the call ``run`` made, on the same .bib text, and pandoc
    finished cleanly (no error output); otherwise the plugin runs pandoc itself, as it always did
    (so pandoc's errors and warnings reach the build as they did without a background run).
    TimeoutError when ``run`` takes longer than ``timeout`` seconds."""
    if not keys:
        return
    if run is None:
        reg.validate_citation_blocks(_blocks(keys))
        return
    try:
        status, output, errors = run.output(timeout)
        original = _registry_module.pypandoc.convert_text

        def replay(source, to, format, extra_args=(), **more):
            same = (_call_shape(source, to, format, extra_args) == run.shape and not more
                    and reg.bib_data_bibtex == run.bib_text and status == 0 and not errors.strip())
            return output if same else original(source, to, format, extra_args=extra_args, **more)

        _with_convert_text(replay, lambda: reg.validate_citation_blocks(_blocks(keys)))
    finally:
        run.stop()
