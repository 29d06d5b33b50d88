#!/usr/bin/env python3
"""Build the offline copy of PML Guide: dist/pml-guide-offline-<version>.zip.

Why: many readers need the guide where the network is poor, on a ward, or with no connection at
all. The zip holds the whole site built with Material's offline plugin (mkdocs.offline.yml, which
inherits mkdocs.yml): unzipped anywhere, index.html opens from the folder and navigation, search,
tooltips, citations and dark mode work without any network request. Every page shows the
version and build date. Like every build, it fails if a page breaks the HTML allow-list
(pmlcheck/html_allowlist.py), and every page carries a Content-Security-Policy made for file://
(pmlbuild/csp.py: the theme's own scripts only, the search shim's iframe included).

The version is the guide's own (the newest release in docs/_data/changes.yml). A release refuses
a page whose review is overdue; an ordinary build only lists pages due for review.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from pmlbuild.environment import build_env  # scripts/ is on the path: this file runs from it
from pmlcheck.dates import long_date

ROOT = Path(__file__).resolve().parents[1]


def build(version: str, out_dir: Path) -> Path:
    env = build_env(PML_GUIDE_BUILD_DATE=long_date(dt.date.today()))
    name = f"pml-guide-{version}"
    with tempfile.TemporaryDirectory(prefix="pml-offline-") as tmp:
        site = Path(tmp) / name
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.offline.yml",
                                 "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"the offline build failed:\n{result.stdout}{result.stderr}")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"pml-guide-offline-{version}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(site.rglob("*")):
                if path.is_file() and path.suffix != ".gz" and path.name != "sitemap.xml":
                    zf.write(path, path.relative_to(site.parent))
    return target


def gate_configuration(name: str) -> None:
    """Read the configuration ``name`` (and what it INHERITs) safely before MkDocs does
    (pmlcheck/configsafe.py): no Python tags, !ENV only for the build date."""
    from pmlcheck import configsafe
    from pmlcheck.problems import report

    problems = configsafe.check(ROOT / name, ROOT)
    if problems:
        sys.exit(report(problems, "configuration") + "\n\nNothing was built: MkDocs never read this configuration.")


def release_args(doc: str, argv=None, language: bool = False) -> tuple[argparse.Namespace, str]:
    """--version and --out, shared by build_offline.py and build_pdf.py (and --language, for the PDF)."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0], epilog=doc.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", help="the release being built (a git tag); must be the guide's version, the newest "
                                     "release in docs/_data/changes.yml (default: that version)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    if language:
        p.add_argument("--language", choices=("en", "es"), default="en",
                       help="es: the Spanish edition (Guía de la LMP), from mkdocs.print.es.yml")
    args = p.parse_args(argv)
    return args, release_version(args.version)


def release_version(asked: str | None) -> str:
    """The guide's version, after the checks only a release makes: the version asked for (a git
    tag) is the changelog's newest, and no page's review is overdue (pmlcheck/review_due.py)."""
    from pmlbuild import changes
    from pmlcheck import review_due
    from pmlcheck.pages import content_pages
    from pmlcheck.problems import report

    releases, problems = changes.load(ROOT)
    if problems:
        sys.exit(report(problems, "docs/_data/changes.yml"))
    version = changes.current_version(releases)
    if asked and asked != version:
        sys.exit(f"--version {asked} is not the guide's version, {version} (the newest release in docs/_data/changes.yml).\n"
                 f"    fix: add release {asked} at the top of docs/_data/changes.yml and in CITATION.cff, or tag {version}.")
    overdue = review_due.release_problems(content_pages(ROOT / "docs"), dt.date.today(), ROOT)
    if overdue:
        sys.exit(report(overdue, "pages whose review is overdue, translations behind") + "\n\nA release ships no page "
                 "whose review is overdue, and no translation whose English figures changed since.")
    return version


def main(argv=None) -> int:
    args, version = release_args(__doc__, argv)
    gate_configuration("mkdocs.offline.yml")
    start = time.perf_counter()
    target = build(version, args.out)
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
