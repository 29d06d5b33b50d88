"""The Content-Security-Policy every page carries (overrides/main.html writes it).

Why: contributors' pull requests are untrusted, and a script that slipped into a page must not
run. The policy allows scripts from the site itself and, inline, only the theme's own scripts,
by hash, from the fixed list in pmlrender/theme_scripts.py (Material's templates at a pinned
version), never from whatever the built HTML happens to contain: the old hook hashed every
inline script it found, so an injected script was approved by the policy meant to stop it.
Styles come only from the site's stylesheets (no 'unsafe-inline': style attributes in content
are refused by the allow-list and blocked here). The policy is one string per build, written by
the template, so the 404 page and the printed edition carry a real one too.

The offline copy and the print edition are opened from file://. No policy names the file: scheme
for scripts, images or frames there (an <iframe src="file:///...">  printed a local file into the
PDF). Measured in Chromium: on a file: page 'self' still matches every file: address, which no
source expression can narrow to one folder, so the HTML allow-list is what keeps addresses inside
the site (it refuses file:, \\host and any relative address that climbs above the site's root);
frame-src is 'none' everywhere (the search shim's worker iframe is about:blank, which frame-src
does not govern), and only styles and fonts name file: offline, for browsers whose 'self' does not
cover file: pages.
"""
from __future__ import annotations

from pmlrender import theme_scripts


def directives(site_url: str | None, offline: bool = False, print_edition: bool = False) -> dict[str, str]:
    """The policy's directives; ``offline`` for the copy opened from file://, ``print_edition``
    for the printable edition (whose page also runs mkdocs-print-site-plugin's one script)."""
    here = "'self'"
    styles = "'self' file:" if offline else here  # appearance only: browsers that do not read 'self' as file:
    return {
        "default-src": here,
        "script-src": " ".join([here, *theme_scripts.hashes(site_url, offline, print_edition)]),
        "style-src": styles,
        "img-src": f"{here} data:",  # Material's stylesheet draws its icons as data: SVG
        "font-src": styles,
        "connect-src": here,
        "worker-src": here,
        # The offline search shim runs its worker in an about:blank iframe, which frame-src does
        # not govern: no frame source is needed anywhere (measured: search works from file://).
        "frame-src": "'none'",
        "child-src": "'none'",
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
