"""The allow-list run over a finished build: what the configuration allows, and where each
built page came from.

Why: pmlcheck/html_allowlist.py knows nothing of MkDocs; this turns a build's configuration
into its Policy (the scripts mkdocs.yml lists, the theme's inline scripts) and its files into
the map from built page back to source page, so a failure names the Markdown file to fix.
Used by the build plugin (site, offline copy and print edition all run it) and by
scripts/check_all.py --site on a site built earlier.
"""
from __future__ import annotations

from pathlib import Path

from pmlcheck import html_allowlist, svgfile
from pmlcheck.allowlist_memo import Memo
from pmlcheck.allowlist_verdicts import Verdicts
from pmlsources.problems import Problem

from pmlrender import csp, theme_scripts


def _script_paths(entries) -> set[str]:
    """Site paths of configured scripts, with the .min.js name the minify plugin writes."""
    paths = set()
    for entry in entries or []:
        path = str(getattr(entry, "path", entry)).lstrip("./")
        paths.update({path, path[:-3] + ".min.js"} if path.endswith(".js") and not path.endswith(".min.js") else {path})
    return paths


def policy(extra_javascript, polyfills, site_url: str | None, print_edition: bool = False, csp_text: str = "",
           served_origin: str = "") -> html_allowlist.Policy:
    """The allow-list's Policy. ``served_origin`` ("http://127.0.0.1:8000") only for the preview
    server, whose pages name their own loopback address; never for a build that is published."""
    return html_allowlist.Policy(script_files=_script_paths(extra_javascript) | _script_paths(polyfills),
                                 inline_scripts=theme_scripts.bodies(site_url, print_edition=print_edition),
                                 site_url=site_url or "", print_edition=print_edition, csp=csp_text,
                                 served_origin=served_origin)


def policy_for(config, served_origin: str = "") -> html_allowlist.Policy:
    """The Policy of a MkDocs configuration (site, offline copy or print edition)."""
    return policy(config.extra_javascript, config.extra.get("polyfills"), config.site_url,
                  print_edition="print-site" in config.plugins, csp_text=csp.policy_for(config),
                  served_origin=served_origin)


class _Sources(dict):
    """Built page -> (its source as a contributor names it, its path), worked out only for a page
    the allow-list finds something on (resolving every page's path cost more than the check)."""

    def __init__(self, paths: dict[str, Path], root: Path):
        super().__init__(paths)
        self.root = root

    def get(self, built, default=None):
        path = super().get(built)
        if path is None:
            return default
        resolved = path.resolve()
        return (str(resolved.relative_to(self.root)) if resolved.is_relative_to(self.root) else str(path), path)


def check(config, files: dict, root: Path, served_origin: str = "") -> list[Problem]:
    """Every HTML file of the build in ``config.site_dir``; ``files`` maps source path -> MkDocs File.
    ``served_origin``: see ``policy`` (the preview server only)."""
    sources = _Sources({f.dest_uri: Path(path) for path, f in files.items()}, root)
    site = Path(config.site_dir)
    verdicts = Verdicts(policy := policy_for(config, served_origin), root / ".cache" / "pml-guide")
    problems = html_allowlist.check_site(site, policy, sources, Memo(policy), verdicts)
    verdicts.save()
    return problems + svg_files(site)


def svg_files(site: Path) -> list[Problem]:
    """Every .svg the build published (from docs/, the theme's overrides or a plugin), checked as
    the documents they are when opened by their own address (pmlcheck/svgfile.py)."""
    problems = []
    for path in sorted(site.rglob("*.svg")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.relative_to(site).as_posix(), None, f"the file could not be read ({exc}).", "rebuild the site."))
            continue
        problems += svgfile.check(text, path.relative_to(site).as_posix())
    return problems


def check_dir(site: Path, root: Path, config_file: str = "mkdocs.yml") -> list[Problem]:
    """The allow-list over a site built earlier (``check_all.py --site DIR``), with the policy of
    ``config_file`` and each page traced back to docs/ by its address."""
    from mkdocs.config import load_config

    from pmlsources import configsafe

    unsafe = configsafe.check(root / config_file, root)  # MkDocs' own loader runs Python tags
    if unsafe:
        return unsafe
    config = load_config(str(root / config_file))
    docs = Path(config.docs_dir)
    sources = {}
    for page in docs.rglob("*.md"):
        stem = page.relative_to(docs).with_suffix("")
        built = stem.parent / "index.html" if stem.name in ("index", "README") else (
            stem / "index.html" if config.use_directory_urls else stem.with_suffix(".html"))
        sources[built.as_posix()] = (page.relative_to(root).as_posix(), page)
    return html_allowlist.check_site(site, policy := policy_for(config), sources, Memo(policy)) + svg_files(site)
