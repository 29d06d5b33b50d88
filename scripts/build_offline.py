#!/usr/bin/env python3
"""Build the offline copies of PML Guide: dist/pml-guide-offline-<version>.zip (English) and
dist/guia-lmp-sin-conexion-<version>.zip (the Spanish edition, Guía de la LMP), from one build.

Why: many readers need the guide where the network is poor, on a ward, or with no connection at
all. The zip holds the whole site built with Material's offline plugin (mkdocs.offline.yml, which
inherits mkdocs.yml): unzipped anywhere, index.html opens from the folder and navigation, search,
tooltips, citations and dark mode work without any network request. Every page shows the
version and build date. Like every build, it fails if a page breaks the HTML allow-list
(pmlcheck/html_allowlist.py), and every page carries a Content-Security-Policy made for file://
(pmlrender/csp.py: the theme's own scripts only, the search shim's iframe included).

Both zips hold the same site (the Spanish pages are at es/index.html, with their own search). The
English zip's folder opens at its index.html; the Spanish zip's folder holds only the start file
inicio.html and the site's folder sitio/, and inicio.html opens sitio/es/index.html, so a Spanish
reader who unzips it sees one file to open, and it opens in Spanish (decisions/0003-languages.md).
File and folder names: pmlrender/download.py. --language en or es builds only that one.

The version is the guide's own (the newest release in docs/_data/changes.yml). A release refuses
a page whose review is overdue and a translation whose English page's figures changed since it
was translated (both zips carry every page); an ordinary build only lists pages due for review.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from pmlrender import download
from pmlsources.environment import build_env  # scripts/ is on the path: this file runs from it
from pmlsources.dates import long_date

ROOT = Path(__file__).resolve().parents[1]


def build(version: str, out_dir: Path, languages: tuple[str, ...] = ("en", "es")) -> list[Path]:
    """Build the offline site once and zip it for each of ``languages``: the zips' paths."""
    env = build_env(PML_GUIDE_BUILD_DATE=long_date(dt.date.today()))
    with tempfile.TemporaryDirectory(prefix="pml-offline-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.offline.yml",
                                 "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            sys.exit(f"the offline build failed:\n{result.stdout}{result.stderr}")
        out_dir.mkdir(parents=True, exist_ok=True)
        return [write_zip(site, out_dir, download.EDITIONS[code], version) for code in languages]


def write_zip(site: Path, out_dir: Path, edition: download.Edition, version: str) -> Path:
    """The zip of one language: one folder holding the site (and, for a translation, its start file)."""
    folder = edition.folder.format(version=version)
    inside = f"{folder}/{edition.site}" if edition.site else folder
    target = out_dir / edition.zip.format(version=version)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        if edition.site:
            zf.writestr(f"{folder}/{edition.start}", start_page(edition, version))
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".gz" and path.name != "sitemap.xml":
                zf.write(path, f"{inside}/{path.relative_to(site).as_posix()}")
    return target


def start_page(edition: download.Edition, version: str) -> str:
    """The Spanish zip's start file: it opens the Spanish home page at once (a refresh, no script:
    nothing to approve in a Content-Security-Policy), and says where it leads if a browser waits."""
    home, english = f"{edition.site}/es/index.html", f"{edition.site}/index.html"
    v = html.escape(version)
    return f"""<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta http-equiv="refresh" content="0; url={home}">
<title>Guía de la LMP, copia sin conexión (versión {v})</title>
</head>
<body>
<h1>Guía de la LMP</h1>
<p>Copia sin conexión de la Guía de la LMP, versión {v}.</p>
<p><a href="{home}">Abrir la Guía de la LMP en español</a></p>
<p lang="en"><a href="{english}" hreflang="en">PML Guide in English</a></p>
</body>
</html>
"""


def gate_configuration(name: str) -> None:
    """Read the configuration ``name`` (and what it INHERITs) safely before MkDocs does
    (pmlsources/configsafe.py): no Python tags, !ENV only for the build date."""
    from pmlsources import configsafe
    from pmlsources.problems import report

    problems = configsafe.check(ROOT / name, ROOT)
    if problems:
        sys.exit(report(problems, "configuration") + "\n\nNothing was built: MkDocs never read this configuration.")


def release_args(doc: str, argv=None, language: str = "en") -> tuple[argparse.Namespace, str]:
    """--version, --out and --language, shared by build_offline.py and build_pdf.py; ``language``
    is --language's default ("": both languages)."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0], epilog=doc.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", help="the release being built (a git tag); must be the guide's version, the newest "
                                     "release in docs/_data/changes.yml (default: that version)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    p.add_argument("--language", choices=tuple(download.EDITIONS), default=language or None,
                   help="es: only the Spanish edition (Guía de la LMP); en: only the English "
                        f"(default: {language or 'both'})")
    args = p.parse_args(argv)
    return args, release_version(args.version)


def release_version(asked: str | None) -> str:
    """The guide's version, after the checks only a release makes: the version asked for (a git
    tag) is the changelog's newest, and no page's review is overdue (pmlcheck/review_due.py)."""
    from pmlsources import changedata
    from pmlcheck import review_due
    from pmlsources.pages import content_pages
    from pmlsources.problems import report

    releases, problems = changedata.load(ROOT)
    if problems:
        sys.exit(report(problems, "docs/_data/changes.yml"))
    version = changedata.current_version(releases)
    if asked and asked != version:
        sys.exit(f"--version {asked} is not the guide's version, {version} (the newest release in docs/_data/changes.yml).\n"
                 f"    fix: add release {asked} at the top of docs/_data/changes.yml and in CITATION.cff, or tag {version}.")
    overdue = review_due.release_problems(content_pages(ROOT / "docs"), dt.date.today(), ROOT)
    if overdue:
        sys.exit(report(overdue, "pages whose review is overdue, translations behind") + "\n\nA release ships no page "
                 "whose review is overdue, and no translation whose English figures changed since.")
    return version


def main(argv=None) -> int:
    args, version = release_args(__doc__, argv, language="")
    gate_configuration("mkdocs.offline.yml")
    start = time.perf_counter()
    targets = build(version, args.out, (args.language,) if args.language else tuple(download.EDITIONS))
    for target in targets:
        print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB)")
    print(f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
