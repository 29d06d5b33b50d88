"""The Content-Security-Policy every page carries (overrides/main.html writes it).

Why: contributors' pull requests are untrusted, and a script that slipped into a page must not
run. The policy allows scripts from the site itself and, inline, only the theme's own scripts,
by hash, from the fixed list in pmlbuild/theme_scripts.py (Material's templates at a pinned
version), never from whatever the built HTML happens to contain: the old hook hashed every
inline script it found, so an injected script was approved by the policy meant to stop it.
Styles come only from the site's stylesheets (no 'unsafe-inline': style attributes in content
are refused by the allow-list and blocked here). The policy is one string per build, written by
the template, so the 404 page and the printed edition carry a real one too.

The offline copy is opened from file://, where a page has no origin 'self' could name for
certain: there the policy names the file: scheme instead, and keeps everything else as strict
(no inline script but the theme's, no other host, no plugins, no base). The offline search runs
its worker in an iframe (the vendored iframe-worker shim), which loads from a blob: address.
"""
from __future__ import annotations

from . import theme_scripts


def directives(site_url: str | None, offline: bool = False, print_edition: bool = False) -> dict[str, str]:
    """The policy's directives; ``offline`` for the copy opened from file://, ``print_edition``
    for the printable edition (whose page also runs mkdocs-print-site-plugin's one script)."""
    here = "'self' file:" if offline else "'self'"
    return {
        "default-src": here,
        "script-src": " ".join([here, *theme_scripts.hashes(site_url, offline, print_edition)]),
        "style-src": here,
        "img-src": f"{here} data:",  # Material's stylesheet draws its icons as data: SVG
        "font-src": here,
        "connect-src": here,
        "worker-src": f"{here} blob:",
        "frame-src": f"{here} blob:" if offline else "'none'",
        "child-src": f"{here} blob:" if offline else "'none'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }


def policy(site_url: str | None, offline: bool = False, print_edition: bool = False) -> str:
    """The policy as the <meta http-equiv="Content-Security-Policy"> content."""
    return "; ".join(f"{name} {value}" for name, value in directives(site_url, offline, print_edition).items())


def policy_for(config) -> str:
    """The policy for a MkDocs configuration (site, offline copy or print edition)."""
    return policy(config.site_url, offline=bool(config.extra.get("offline")), print_edition="print-site" in config.plugins)
