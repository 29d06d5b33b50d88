#!/usr/bin/env python3
"""Serve a built site on localhost the way a static host does: gzip and cache headers.

Why: Python's http.server sends every file uncompressed and uncached, so page-weight and
Lighthouse numbers measured through it describe no real host. This server compresses text
files with gzip when the browser accepts it, caches assets for a year and HTML for no time, and
sends nothing anywhere else. Used by scripts/benchmark.py (Lighthouse) and runnable alone:

    python3 scripts/static_server.py site/ --port 8000
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class Handler(http.server.SimpleHTTPRequestHandler):
    _gz_cache: dict = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        if path.endswith("/") or path.endswith(".html"):
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "public, max-age=31536000")
        super().end_headers()

    def send_head(self):
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts_gzip and local.is_file() and local.suffix in COMPRESSIBLE and not self.path.endswith("/..") \
                and (self.path.endswith("/") or not Path(self.translate_path(self.path)).is_dir()):
            body = self._gz_cache.get(local)
            if body is None:
                body = self._gz_cache[local] = gzip.compress(local.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(local)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Bytes(body)
        return super().send_head()


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def start(site: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `site` in a background thread; returns the server and its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("site", type=Path, help="a built site folder")
    p.add_argument("--port", type=int, default=8000)
    args = p.parse_args(argv)
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} has no index.html: build the site first (mkdocs build -d {args.site}).")
    server, url = start(args.site, args.port)
    print(f"serving {args.site} at {url} (Ctrl+C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
