#!/usr/bin/env python3
"""Preview PML Guide while editing: build, serve on localhost, rebuild on every save.

Why not plain `mkdocs serve`: MkDocs 1.6.1's serve rewrites `site_url` to its own
http://127.0.0.1:PORT/ address, so every page's canonical link became an http: address and the
HTML allow-list (rightly) refused the build; it also exits when the first build fails, and after a
failed rebuild it holds every request until the mistake is fixed ("the server will appear
stuck"). This runs MkDocs' own build and live-reload server with three differences:

- the site is built exactly as it is published (the configured `site_url`, the same checks and
  the same allow-list), so the preview is what readers will get and no rule is loosened for it;
- a build that stops (a broken citation, a bad glossary entry, a page the allow-list refuses)
  prints the located message and the server keeps running: every address then shows that message
  and reloads itself every two seconds, until a save fixes the mistake and the site is back;
- the page reloads itself after each rebuild under the site's Content-Security-Policy: the
  reload script is a file from the server ('self'), not the inline script MkDocs injects, which
  the policy blocks.

Watched: docs/, mkdocs.yml and everything under `watch:` in mkdocs.yml (bibliography.bib,
glossary.yml, the citation style, overrides/, scripts/). A save under scripts/ rebuilds with the
project's code as it is now (its modules are loaded afresh), so an edited check or renderer shows
at once. Run it with `python3 scripts/dev.py
serve [--addr 127.0.0.1:8000]`, which sets up .venv first.
"""
from __future__ import annotations

import argparse
import html
import importlib
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import _SCRIPT_TEMPLATE, LiveReloadServer

ROOT = Path(__file__).resolve().parents[1]
RELOAD_JS = "/livereload.js"
ERROR_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="2"><title>PML Guide: the build stopped</title></head>
<body><h1>The build stopped</h1><p>Fix the file named below and save it: this page reloads by itself.</p>
<pre style="white-space:pre-wrap">{messages}</pre></body></html>"""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with its reload script served as a file (see the docstring)
    and a page that shows why the last build stopped."""

    error_html: bytes | None = None

    def _inject_js_into_html(self, content, epoch):
        body_end = content.rfind(b"</body>")
        body_end = len(content) if body_end < 0 else body_end
        tag = b'<script src="%s?epoch=%d"></script>' % (RELOAD_JS.encode(), epoch)
        return content[:body_end] + tag + content[body_end:]

    def _serve_request(self, environ, start_response):
        if environ.get("PATH_INFO") == RELOAD_JS:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            epoch = (query.get("epoch") or ["0"])[0]
            script = _SCRIPT_TEMPLATE.substitute(epoch=int(epoch) if epoch.isdigit() else 0, request_id=id(environ))
            start_response("200 OK", [("Content-Type", "application/javascript"), ("Cache-Control", "no-store")])
            return [script.encode()]
        return super()._serve_request(environ, start_response)


class _Messages(logging.Handler):
    """The warnings and errors of one build, for the page that says why it stopped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


PROJECT_PACKAGES = ("pmlsources", "pmlcheck", "pmlrender", "pmlplugin")  # pyproject.toml's packages


def forget_project_code() -> None:
    """Drop the project's modules (scripts/pml*/) from this process, so the next configuration
    loads the pml-guide plugin, and everything it imports, from the files as they are now: an
    edit to a check or a renderer shows on the next rebuild, without restarting the preview."""
    for name in [n for n in sys.modules if n.split(".")[0] in PROJECT_PACKAGES]:
        del sys.modules[name]
    importlib.invalidate_caches()  # a module file added since the last build is found too


def make_builder(get_config, server: PreviewServer, serve_url: str):
    """build() as MkDocs serve runs it; a failed build leaves an error page instead of stalling."""
    log = logging.getLogger("mkdocs")

    def builder(config=None):
        messages = _Messages()
        log.addHandler(messages)
        try:
            if config is None:  # a rebuild after a save: the project's code as it is now on disk
                forget_project_code()
            build(config or get_config(), serve_url=serve_url)
            server.error_html = None
            return
        except SystemExit as e:  # mkdocs' Abort: the located messages are already printed above
            messages.lines.append(str(e))
        except Exception as e:  # a bug in a build step, not a content mistake: show where
            log.exception("the build crashed")
            messages.lines.append(f"{type(e).__name__}: {e}")
        finally:
            log.removeHandler(messages)
        log.error("The preview keeps running: fix the file named above and save it to rebuild.")
        for child in Path(server.root).iterdir():  # no stale or half-built page is served
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        server.error_html = ERROR_PAGE.format(messages=html.escape("\n".join(messages.lines))).encode()

    return builder


def serve(config_file: Path, addr: str) -> int:
    site_dir = tempfile.mkdtemp(prefix="pml-guide-preview-")

    def get_config():
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=addr, strict=True)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir,
                           mount_path=urlsplit(config.site_url or "/").path)
    server.builder = make_builder(get_config, server, server.url)
    server.error_handler = lambda code: server.error_html if code == 404 else None
    try:
        server.builder(config)  # type: ignore[call-arg]  # MkDocs types it without the config it is called with
        for path in [config.docs_dir, config.config_file_path, *config.watch]:
            server.watch(path)
        server = config.plugins.on_serve(server, config=config, builder=server.builder)
        print(f"[serve] PML Guide preview: {server.url}  (Ctrl+C to stop)", flush=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _log_like_mkdocs() -> None:
    from mkdocs.__main__ import ColorFormatter

    log = logging.getLogger("mkdocs")
    log.setLevel(logging.INFO)
    log.propagate = False
    stream = logging.StreamHandler(sys.stdout)
    plain = not sys.stdout.isatty() or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb"
    stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s") if plain else ColorFormatter())
    log.addHandler(stream)


def _stop(signum, frame):
    """SIGTERM stops as Ctrl+C does (the temporary folder is removed); a second signal waits."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on (default 127.0.0.1:8000)")
    p.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="default: mkdocs.yml")
    args = p.parse_args(argv)
    if not re.fullmatch(r"[\w.\-]+:\d{1,5}|\[[0-9a-fA-F:]+\]:\d{1,5}", args.addr):
        p.error(f"--addr {args.addr!r}: give an address and a port, like 127.0.0.1:8000")
    _log_like_mkdocs()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stop)
    return serve(args.config_file.resolve(), args.addr)


if __name__ == "__main__":
    sys.exit(main())
