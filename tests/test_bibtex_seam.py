"""The seam onto mkdocs-bibtex (scripts/pmlsources/bibtex_seam.py), against the installed plugin.

Why: the seam relies on the plugin's internals (a private dict, a module-level name, a cached
property). If an upgrade changes any of them, these tests fail here, naming what moved, rather
than the build slowing down or losing its references without a word.
"""
from __future__ import annotations

import ast
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from pmlsources import bibtex_seam

ROOT = Path(__file__).resolve().parents[1]
BIB = "@article{smith2020pml,\n  author = {Smith, Ann},\n  title = {A study of {PML}},\n  journal = {J Tests},\n  year = {2020}\n}\n"


def test_the_installed_plugin_is_the_version_the_seam_was_written_for():
    assert metadata.version("mkdocs-bibtex") == bibtex_seam.VERSION


def test_no_other_file_imports_the_plugin():
    package = bibtex_seam._registry_module.__name__.split(".")[0]  # the plugin's package, as the seam imports it
    importers = set()
    for path in sorted((ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == package or n.startswith(package + ".") for n in names):
                importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"scripts/pmlsources/bibtex_seam.py"}


def test_citation_keys_are_parsed_as_the_plugin_parses_them():
    assert bibtex_seam.citation_keys("PML is rare [@a2020; @b-2] and [see @c, p. 3].") == ["a2020", "b-2", "c"]
    assert bibtex_seam.citation_keys("Write to me@example.org.") == []


@pytest.fixture
def registry(tmp_path):
    """The plugin as MkDocs loads it from a configuration (so this test never imports it)."""
    from mkdocs.config import load_config

    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: t\nplugins:\n  - bibtex:\n      bib_file: {bib}\n"
                           f"      csl_file: {ROOT / 'american-medical-association.csl'}\n")
    config = load_config(config_file=str(config_file))
    config.plugins["bibtex"].on_config(config)
    return bibtex_seam.registry(config), bib


def test_the_plugin_is_handed_the_parsed_bibliography(tmp_path):
    from pybtex.database import parse_string

    module = bibtex_seam._registry_module  # the plugin module whose parse_file the seam replaces
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB)
    parsed = parse_string(BIB, "bibtex")
    original = getattr(module.parse_file, "__wrapped__", module.parse_file)
    try:
        bibtex_seam.share_parsed_bibliography(bib, parsed)
        assert module.parse_file(str(bib)) is parsed  # the plugin's own call, answered without parsing
        other = tmp_path / "other.bib"
        other.write_text(BIB.replace("smith2020pml", "other2021"))
        assert list(module.parse_file(str(other)).entries) == ["other2021"]  # any other file is parsed as before
    finally:
        module.parse_file = original


def test_the_registry_formats_with_pandoc_and_takes_our_references(registry):
    reg, bib = registry
    assert bibtex_seam.entry_keys(reg) == ["smith2020pml"]
    assert Path(bibtex_seam.csl_file(reg)).name == "american-medical-association.csl"
    bibtex_seam.use_bib_text(reg, bib.read_text())
    assert reg.bib_data_bibtex == BIB  # the cached property pandoc reads
    assert bibtex_seam.formatted(reg) == {}
    bibtex_seam.format_with_pandoc(reg, ["smith2020pml"])
    assert "Smith A" in bibtex_seam.formatted(reg)["smith2020pml"]
    bibtex_seam.set_formatted(reg, {"smith2020pml": "Tidied."})
    assert bibtex_seam.formatted(reg) == {"smith2020pml": "Tidied."}
    assert reg.reference_text(SimpleNamespace(key="smith2020pml")) == "Tidied."  # what the plugin writes into pages


def test_no_registry_when_the_plugin_is_off():
    assert bibtex_seam.registry(SimpleNamespace(plugins={})) is None


# pandoc started early (start_pandoc) and its output handed to the plugin (format_with_pandoc).

BIB2 = BIB + "@article{jones2021jc,\n  author = {Jones, Bob},\n  title = {The {JC} virus},\n  journal = {J Tests},\n  year = {2021}\n}\n"


def _fresh(registry, text: str = BIB):
    reg, _bib = registry
    reg._reference_cache.clear()
    bibtex_seam.use_bib_text(reg, text)
    return reg


def test_a_background_run_gives_the_plugin_what_its_own_pandoc_call_gives(registry, monkeypatch):
    reg = _fresh(registry)
    bibtex_seam.format_with_pandoc(reg, ["smith2020pml"])
    own = bibtex_seam.formatted(reg)
    reg = _fresh(registry)
    run = bibtex_seam.start_pandoc(reg, ["smith2020pml"])
    assert run is not None and run.folder.is_dir() and bibtex_seam.formatted(reg) == {}  # nothing formatted yet
    pypandoc = bibtex_seam._registry_module.pypandoc
    monkeypatch.setattr(pypandoc, "convert_text", lambda *a, **k: pytest.fail("pandoc ran a second time"))
    bibtex_seam.format_with_pandoc(reg, ["smith2020pml"], run)
    assert bibtex_seam.formatted(reg) == own and "Smith A" in own["smith2020pml"]
    assert not run.folder.exists() and run.process.poll() is not None  # nothing left behind


def test_a_changed_call_or_bib_is_formatted_by_the_plugin_itself(registry):
    """The background output is used only for the very call it answers: a .bib changed since
    (or other keys) makes the plugin run pandoc as it always did."""
    reg = _fresh(registry)
    run = bibtex_seam.start_pandoc(reg, ["smith2020pml"])
    bibtex_seam.use_bib_text(reg, BIB2.replace("{A study of {PML}}", "{Another title}"))
    bibtex_seam.format_with_pandoc(reg, ["smith2020pml"], run)
    assert "Another title" in bibtex_seam.formatted(reg)["smith2020pml"]
    reg = _fresh(registry)
    run = bibtex_seam.start_pandoc(reg, ["smith2020pml"])
    assert run is not None
    bibtex_seam.format_with_pandoc(reg, [], run)  # nothing asked: nothing formatted...
    assert bibtex_seam.formatted(reg) == {}
    run.stop()  # ...and the run stopped by its owner
    assert not run.folder.exists()


def test_pandoc_that_hangs_is_stopped_after_the_timeout(registry, tmp_path):
    import subprocess
    import sys

    reg = _fresh(registry)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    folder = tmp_path / "run"
    folder.mkdir()
    run = bibtex_seam.PandocRun((), BIB, folder, sleeper)
    with pytest.raises(TimeoutError, match="within 1 seconds"):
        bibtex_seam.format_with_pandoc(reg, ["smith2020pml"], run, timeout=1)
    assert sleeper.poll() is not None and not folder.exists()


def test_a_dropped_run_stops_pandoc_and_removes_its_folder(registry):
    import gc

    reg = _fresh(registry)
    run = bibtex_seam.start_pandoc(reg, ["smith2020pml"])
    assert run is not None
    process, folder = run.process, run.folder
    del run
    gc.collect()
    assert process.poll() is not None and not folder.exists()


def test_a_build_that_stops_leaves_no_pandoc_and_no_folder(project_copy, tmp_path, monkeypatch, caplog):
    """As `serve` rebuilds in one process: a build stopped by a page check, with pandoc started
    early (nothing cached), stops pandoc and removes its folder (the plugin's on_build_error)."""
    import tempfile

    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    page = project_copy / "docs" / "patients" / "what-is-pml.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA claim [@nosuchsource2020].\n", encoding="utf-8")
    monkeypatch.setenv("PML_GUIDE_NO_CACHE", "1")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(project_copy)
    config = load_config(str(project_copy / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):
        build.build(config)
    assert "unknown citation key 'nosuchsource2020'" in caplog.text  # stopped by the page checks
    run = config.plugins["pml-guide"].state.references.run
    assert run is not None and run.process.poll() is not None  # pandoc had started, and was stopped
    assert not list(tmp_path.glob("pml-guide-pandoc-*"))
