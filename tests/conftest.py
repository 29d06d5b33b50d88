"""Shared fixtures: the real site built once, throwaway copies for bad-input builds, a browser."""
from __future__ import annotations

import functools
import hashlib
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from pmlbuild.environment import CHROMIUM, build_env  # noqa: E402  (named once, for every tool)

ENV = build_env()
from pmlbuild import changes  # noqa: E402

# The guide's version: the newest release in docs/_data/changes.yml (release builds use no other).
VERSION = changes.current_version(changes.load(ROOT)[0])


def mkdocs_build(project: Path, site: Path, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *(extra or [])],
                          cwd=project, capture_output=True, text=True, env=ENV, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once with --strict into a temporary directory."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return {"dir": site, "log": result.stdout + result.stderr}


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


@pytest.fixture
def project_copy(tmp_path):
    """A throwaway copy of the site sources, to break on purpose."""
    from pmlcheck.pages import copy_site_sources

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
