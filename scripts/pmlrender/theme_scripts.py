"""The inline scripts the theme ships: a fixed list, for the Content-Security-Policy and the
HTML allow-list.

Why: the policy used to approve every inline <script> found in the final HTML, so any script
that reached a page (through a glossary term, a BibTeX field, a snippet or a tampered cache)
was approved by the very policy meant to stop it. The approved scripts now come from Material's
own templates at a pinned version, kept in material_inline_scripts.json (regenerate it with
`python scripts/pmlrender/theme_scripts.py` after upgrading Material, and review the diff);
tests/test_hostile_input.py recomputes it from the installed templates. Two of the scripts
contain the page's base URL, so each is approved in the few forms a page of this site can have
(".", "..", "../..", ... and the site's own path, used by the 404 page) and never in a form
taken from a page. The offline copy's search runs in an iframe whose one inline script the
vendored iframe-worker shim writes; it is approved the same way, for the offline copy only.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).with_name("material_inline_scripts.json")
SHIM = Path(__file__).resolve().parents[2] / "docs" / "assets" / "vendor" / "iframe-worker-shim.js"
TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
             "partials/javascripts/content.html", "partials/javascripts/announce.html",
             "partials/javascripts/outdated.html", "partials/javascripts/consent.html")
MAX_DEPTH = 8  # pages nested deeper than this under docs/ would need their form approved
_INLINE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_BASE_URL = re.compile(r"\{\{\s*(?:config\.extra\.scope\s*\|\s*d\(base_url\)|base_url)\s*\}\}")


def installed_version() -> str:
    return version("mkdocs-material")


def extract(templates: Path | None = None) -> dict:
    """The inline scripts of TEMPLATES in the installed Material, as the data file holds them."""
    if templates is None:
        import material

        templates = Path(material.__file__).parent / "templates"
    scripts = [{"template": name, "body": body}
               for name in TEMPLATES for body in _INLINE.findall((templates / name).read_text(encoding="utf-8"))]
    worker = _found(r'"search": "(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"',
                    (templates / "base.html").read_text(encoding="utf-8"), "Material's base.html").group(1)
    return {"material": installed_version(), "scripts": scripts, "search_worker": worker,
            "offline_scripts": [{"source": "docs/assets/vendor/iframe-worker-shim.js", "body": shim_script()}],
            "print_site": version("mkdocs-print-site-plugin"), "print_scripts": [{"source": "mkdocs_print_site_plugin/plugin.py",
                                                                              "body": print_site_script()}]}


def print_site_script() -> str:
    """The inline script mkdocs-print-site-plugin writes into print_page.html (it builds the
    printed table of contents), as it stands with add_table_of_contents on."""
    import mkdocs_print_site_plugin.plugin as plugin

    source = Path(plugin.__file__).read_text(encoding="utf-8")
    template = _found(r'<script type="text/javascript">(.*?)</script>', source, plugin.__file__, re.DOTALL).group(1)
    return template % "remove_material_navigation();remove_mkdocs_theme_navigation();generate_toc();"


def shim_script(shim: Path = SHIM) -> str:
    """The inline script the vendored iframe-worker shim writes into its iframe (the offline
    copy's search worker), with {{ worker }} where the worker's address goes: its two helper
    functions are written in as their source text."""
    text = shim.read_text(encoding="utf-8")
    post = _found(r'function c\(s,n\)\{parent\.postMessage\(s,n\|\|"\*"\)\}', text, str(shim)).group(0)
    imports = _found(r"function d\(\.\.\.s\)\{.*?\}(?=var o=class)", text, str(shim)).group(0)
    return (f'postMessage={post};importScripts={imports};addEventListener("error",({{error}})=>'
            '{parent.dispatchEvent(new ErrorEvent("error",{filename:"{{ worker }}",error}))})')


def _found(pattern: str, text: str, where: str, flags: int = 0) -> re.Match[str]:
    """The match a pinned script is cut from; a theme or plugin update that moved it stops here,
    naming the file, instead of failing later with an AttributeError."""
    match = re.search(pattern, text, flags)
    if match is None:
        raise ValueError(f"{where} no longer contains the script this project pins ({pattern[:40]}...): "
                         "the theme or plugin changed; see this module's docstring.")
    return match


def pinned() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def base_urls(site_url: str | None) -> list[str]:
    """Every base URL a page of the site can be rendered with."""
    urls = ["."] + ["/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)]
    path = urlsplit(site_url or "").path or "/"
    return urls + [path if path.endswith("/") else path + "/"]


def bodies(site_url: str | None, offline: bool = False, print_edition: bool = False) -> set[str]:
    """The exact text of every approved inline script (``offline``: also the search shim's;
    ``print_edition``: also mkdocs-print-site-plugin's)."""
    data, out = pinned(), set[str]()
    out.update(script["body"] for script in (data["print_scripts"] if print_edition else []))
    for script in data["scripts"]:
        if _BASE_URL.search(script["body"]):
            out.update(_BASE_URL.sub(url, script["body"]) for url in base_urls(site_url))
        else:
            out.add(script["body"])
    for script in data["offline_scripts"] if offline else []:
        for url in base_urls(site_url):
            worker = data["search_worker"] if url == "." else url.rstrip("/") + "/" + data["search_worker"]
            out.add(script["body"].replace("{{ worker }}", worker))
    return out


def sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def hashes(site_url: str | None, offline: bool = False, print_edition: bool = False) -> list[str]:
    """The CSP source expressions approving the theme's inline scripts, sorted."""
    return sorted({sha256(body) for body in bodies(site_url, offline, print_edition)})


if __name__ == "__main__":
    DATA.write_text(json.dumps(extract(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {DATA} for mkdocs-material {installed_version()}", file=sys.stderr)
