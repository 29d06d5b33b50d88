"""Shared fixtures: each site variant built once per test run, throwaway copies for bad-input
builds, a browser; and how the suite is scheduled and timed.

The site, the offline copy and the print edition are each built once per run, by the README's
own commands (`dev.py build`, `dev.py offline`, `dev.py pdf`, so those are tested too), into a
folder shared by the pytest-xdist workers: whichever worker needs a variant first builds it under
a file lock, the others wait and reuse it (built_once). Tests marked `slow` get a longer time
limit than pytest.ini's default and are scheduled first, so the longest ones do not end the run
on one worker.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from pmlsources.environment import CHROMIUM, build_env  # noqa: E402  (named once, for every tool)

ENV = build_env()

from pmlsources import changedata  # noqa: E402

# The guide's version: the newest release in docs/_data/changes.yml (release builds use no other).
VERSION = changedata.current_version(changedata.load(ROOT)[0])


def mkdocs_build(project: Path, site: Path, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *(extra or [])],
                          cwd=project, capture_output=True, text=True, env=ENV, timeout=600)


SLOW_TIMEOUT = 600  # seconds, for tests marked slow (the default is pytest.ini's `timeout`)
BUILD_TIMEOUT = 900  # one build of a variant, waiting for the machine included


def pytest_collection_modifyitems(config, items):
    """Slow tests first (xdist hands the first quarter out round robin, so they spread over the
    workers), the one needing the print edition first of all: it builds the longest. Each slow test
    gets SLOW_TIMEOUT unless it names its own limit."""
    def rank(item):
        if item.get_closest_marker("slow") is None:
            return 2
        return 0 if "pdf_file" in getattr(item, "fixturenames", ()) else 1

    for item in items:
        if item.get_closest_marker("slow") and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT))
    items.sort(key=rank)  # stable: the order within each rank is the files' order


def shared_root(tmp_path_factory) -> Path:
    """A folder for this whole test run: the xdist workers' temporary folders are inside it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` once per test run, by the first worker that asks; the others wait for it
    and reuse the folder. A failed build is remembered, so every test that needs it fails at once
    with the build's own message instead of building again."""
    from filelock import FileLock

    root = shared_root(tmp_path_factory)
    folder, done, failed = root / name, root / f"{name}.done", root / f"{name}.failed"
    with FileLock(str(root / f"{name}.lock"), timeout=BUILD_TIMEOUT):
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            try:
                make(folder)
            except BaseException as e:  # pytest.fail raises a BaseException
                failed.write_text(f"building {name} failed:\n{e}", encoding="utf-8")
                raise
            done.touch()
    return folder


def dev(*args: str, timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess:
    """``python3 scripts/dev.py ARGS`` as a contributor runs it (its output captured)."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "dev.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, env=ENV, timeout=timeout)


def _dev_or_fail(*args: str) -> str:
    result = dev(*args)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"`dev.py {' '.join(args)}` failed ({result.returncode}):\n{log}", pytrace=False)
    return log


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per run with `python3 scripts/dev.py build` (--strict)."""
    def make(folder):
        (folder / "build.log").write_text(_dev_or_fail("build", "--out", str(folder / "site")), encoding="utf-8")

    folder = built_once(tmp_path_factory, "site", make)
    return {"dir": folder / "site", "log": (folder / "build.log").read_text(encoding="utf-8")}


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory):
    """The offline copy, built once per run with `python3 scripts/dev.py offline`, and unzipped
    as a reader does: {"zip", "folder", "index"}."""
    def make(folder):
        _dev_or_fail("offline", "--out", str(folder / "dist"))
        with zipfile.ZipFile(folder / "dist" / f"pml-guide-offline-{VERSION}.zip") as zf:
            zf.extractall(folder / "unzipped")

    folder = built_once(tmp_path_factory, "offline", make)
    unzipped = folder / "unzipped" / f"pml-guide-{VERSION}"
    return {"zip": folder / "dist" / f"pml-guide-offline-{VERSION}.zip", "folder": unzipped,
            "index": unzipped / "index.html"}


@pytest.fixture(scope="session")
def pdf_file(tmp_path_factory):
    """The printable edition, built once per run with `python3 scripts/dev.py pdf`."""
    folder = built_once(tmp_path_factory, "print", lambda f: _dev_or_fail("pdf", "--out", str(f)))
    return folder / f"pml-guide-{VERSION}.pdf"


@pytest.fixture(scope="session")
def site_pages(built_site):
    """Every built HTML page except the 404 page: {relative path: html}."""
    site = built_site["dir"]
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html")) if p.name != "404.html"}


def tree_digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(path)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def release_build(script: str, out: Path, timeout: int = 600) -> None:
    """Run a release builder (build_offline.py, build_pdf.py) as a maintainer would, into ``out``."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--out", str(out)],
                            capture_output=True, text=True, env=ENV, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr


# The English patients' pages, the guide's own first: a batch of bad-input cases plants each case
# that may go on any patients' page on a page of its own, in this order.
PATIENT_PAGES = ["docs/patients/what-is-pml.md"] + sorted(
    str(f.relative_to(ROOT)) for f in (ROOT / "docs" / "patients").glob("*.md") if f.name != "what-is-pml.md")


def assign_pages(cases: dict[str, str | list[str] | None]) -> dict[str, str]:
    """{case: page} for a batch: a case with a page of its own (a string) keeps it; a case that may
    go on one of a list of pages, or (None) on any patients' page, gets the first one that no other
    case of the batch has."""
    pages = {name: page for name, page in cases.items() if isinstance(page, str)}
    for name, choices in sorted(((n, c) for n, c in cases.items() if not isinstance(c, str)), key=lambda nc: nc[1] is None):
        free = [page for page in (choices or PATIENT_PAGES) if page not in pages.values()]
        if not free:
            pytest.fail(f"test set-up: no page left for {name!r} in its batch: {list(cases)}", pytrace=False)
        pages[name] = free[0]
    return {name: pages[name] for name in cases}


def file_digests(project: Path) -> dict[str, str]:
    """{relative path: sha256} of every file in a project copy (what a planted case touched)."""
    return {str(f.relative_to(project)): "link to " + os.readlink(f) if f.is_symlink() else hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(project.rglob("*")) if f.is_file() or f.is_symlink()}


def plant_apart(project: Path, plants: dict[str, object], may_share: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Run each ``plants[name](project)`` in turn; {name: the files it changed, created or removed}.
    Fails the set-up if two cases touch the same file: in a batch, the file a message names must
    say which case it belongs to (the unchanged copy has no problem: the control tests). Files in
    ``may_share`` are exempt: only for cases whose expected message names what they planted (a
    glossary term, a BibTeX key), not just the file."""
    touched, owner = {}, {}
    for name, plant in plants.items():
        before = file_digests(project)
        plant(project)
        after = file_digests(project)
        touched[name] = sorted(f for f in before.keys() | after.keys() if before.get(f) != after.get(f))
        for f in touched[name]:
            if f in owner and f not in may_share:
                pytest.fail(f"test set-up: cases {owner[f]!r} and {name!r} both change {f}; put them in different batches",
                            pytrace=False)
            owner[f] = name
    return touched


def batch_run(tmp_path_factory, name: str, make) -> dict:
    """One throwaway copy of the project for a batch of bad-input cases, made and checked (or built)
    once per test run by ``make(project, folder)`` (it returns a JSON-able dict), shared by every
    case of the batch and every xdist worker. Only the set-up failing is remembered as a failure;
    a refusal is the expected result, returned to each case to find its own message in."""
    import json
    from pmlsources.pages import copy_site_sources

    def run(folder: Path) -> None:
        result = make(copy_site_sources(folder / "project"), folder)
        (folder / "result.json").write_text(json.dumps(result), encoding="utf-8")

    folder = built_once(tmp_path_factory, f"batch-{name}", run)
    return json.loads((folder / "result.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def clean_copy_build(tmp_path_factory):
    """An unchanged copy of the site sources built once per run (`mkdocs build --strict`), for the
    bad-input control (the copy builds, so each failure is its breakage) and for the cases that need
    the caches a real build writes (.cache/pml-guide, keyed by content, so any copy reads them):
    {"project", "returncode", "log"}."""
    import json
    from pmlsources.pages import copy_site_sources

    def make(folder: Path) -> None:
        result = mkdocs_build(copy_site_sources(folder / "project"), folder / "site")
        (folder / "result.json").write_text(json.dumps({"returncode": result.returncode, "log": result.stdout + result.stderr}),
                                            encoding="utf-8")

    folder = built_once(tmp_path_factory, "clean-copy", make)
    return {"project": folder / "project", **json.loads((folder / "result.json").read_text(encoding="utf-8"))}


@pytest.fixture
def project_copy(tmp_path):
    """A throwaway copy of the site sources, to break on purpose."""
    from pmlsources.pages import copy_site_sources

    return copy_site_sources(tmp_path / "project")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served on 127.0.0.1 (a free port), as a static host would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site["dir"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (Playwright's own browser download is never used)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `python3 scripts/dev.py test`, which installs it, "
                    "or `sudo apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def searched(html: str) -> str:
    """What Material's own search parser indexes of ``html``: every section's title and text."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(section.title) + " " + "".join(section.text) for section in parser.data)


# --- axe-core in both colour schemes, one page load ----------------------------------------------

# prefers-color-scheme -> the scheme Material draws (mkdocs.yml: the palette follows the system's).
SCHEMES = {"light": "default", "dark": "slate"}

# Once the page is drawn in the scheme asked for (Material's palette follows prefers-color-scheme
# and redraws in place, with data-md-color-switching set until it has; waited for up to 15 s),
# axe's serious and critical violations; or {drawn: the scheme it is drawn in} if it never is.
# ``rules``: null for every rule, or the ids of the only rules to run.
AXE_SERIOUS_IN = """async ([scheme, rules]) => {
    const drawn = () => document.body.getAttribute('data-md-color-scheme') === scheme
        && !document.body.hasAttribute('data-md-color-switching');
    for (let waited = 0; !drawn() && waited < 15000; waited += 20) await new Promise(r => setTimeout(r, 20));
    if (!drawn()) return {drawn: document.body.getAttribute('data-md-color-scheme')};
    const r = await axe.run(document, rules ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}
                                            : {resultTypes: ['violations']});
    return {violations: r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))};
}"""


# What a colour scheme changes: only colours (Material swaps its colour variables; the page's
# markup stays the same), so in the scheme a page is switched to, only axe's colour rules run.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_in_both_schemes(page, site: str, path: str, scheme: str, found: dict, checked: dict) -> str:
    """Serious and critical axe violations of the page ``site + path`` in both schemes from one
    load: every rule in ``scheme`` (the one it loads in), then, switched to the other as a
    reader's system setting does (emulated prefers-color-scheme), the colour rules. The next page
    loads in that other one, so each scheme gets every rule on every other page and the colour
    rules on every page. A page not drawn in the scheme asked for is a failure. Adds to
    ``found[scheme][path]`` and ``checked[scheme]``; returns the scheme the page ends in (the one
    the next page loads in)."""
    page.goto(site + path, wait_until="load")
    other = "dark" if scheme == "light" else "light"
    for current in (scheme, other):
        if current == other:
            page.emulate_media(color_scheme=current)
        result = page.evaluate(AXE_SERIOUS_IN, [SCHEMES[current], COLOUR_RULES if current == other else None])
        checked[current] += 1
        if "drawn" in result:
            found[current][path or "/"] = [f"the page is not drawn in the {current} scheme (data-md-color-scheme={result['drawn']!r})"]
        elif result["violations"]:
            found[current][path or "/"] = result["violations"]
    return other


def axe_report(found: dict, limit: int = 6000) -> str:
    """The violations of every scheme that has some, each page with its rules (cut at ``limit``)."""
    return "\n".join(f"{scheme} scheme: serious/critical axe violations:\n" + json.dumps(pages, indent=1)[:limit]
                     for scheme, pages in found.items() if pages)
