"""The inline scripts the theme ships: a fixed list, for the Content-Security-Policy and the
HTML allow-list.

Why: the policy used to approve every inline <script> found in the final HTML, so any script
that reached a page (through a glossary term, a BibTeX field, a snippet or a tampered cache)
was approved by the very policy meant to stop it. The approved scripts now come from Material's
own templates at a pinned version, kept in material_inline_scripts.json (regenerate it with
`python scripts/pmlbuild/theme_scripts.py` after upgrading Material, and review the diff);
tests/test_hostile_input.py recomputes it from the installed templates. Two of the scripts
contain the page's base URL, so each is approved in the few forms a page of this site can have
(".", "..", "../..", ... and the site's own path, used by the 404 page) and never in a form
taken from a page.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).with_name("material_inline_scripts.json")
TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
             "partials/javascripts/content.html", "partials/javascripts/announce.html",
             "partials/javascripts/outdated.html", "partials/javascripts/consent.html")
MAX_DEPTH = 8  # pages nested deeper than this under docs/ would need their form approved
_INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_BASE_URL = re.compile(r"\{\{\s*(?:config\.extra\.scope\s*\|\s*d\(base_url\)|base_url)\s*\}\}")


def installed_version() -> str:
    from importlib.metadata import version

    return version("mkdocs-material")


def extract(templates: Path | None = None) -> dict:
    """The inline scripts of TEMPLATES in the installed Material, as the data file holds them."""
    if templates is None:
        import material

        templates = Path(material.__file__).parent / "templates"
    scripts = [{"template": name, "body": body}
               for name in TEMPLATES for body in _INLINE.findall((templates / name).read_text(encoding="utf-8"))]
    return {"material": installed_version(), "scripts": scripts}


def pinned() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def base_urls(site_url: str | None) -> list[str]:
    """Every base URL a page of the site can be rendered with."""
    urls = ["."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)]
    path = urlsplit(site_url or "").path or "/"
    return urls + [path if path.endswith("/") else path + "/"]


def bodies(site_url: str | None) -> set[str]:
    """The exact text of every approved inline script."""
    out = set()
    for script in pinned()["scripts"]:
        if _BASE_URL.search(script["body"]):
            out.update(_BASE_URL.sub(url, script["body"]) for url in base_urls(site_url))
        else:
            out.add(script["body"])
    return out


def sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def hashes(site_url: str | None) -> list[str]:
    """The CSP source expressions approving the theme's inline scripts, sorted."""
    return sorted({sha256(body) for body in bodies(site_url)})


if __name__ == "__main__":
    DATA.write_text(json.dumps(extract(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {DATA} for mkdocs-material {installed_version()}", file=sys.stderr)
