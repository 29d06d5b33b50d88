#!/usr/bin/env python3
"""Build the offline copy of PML Guide: dist/pml-guide-offline-<version>.zip.

Why: many readers need the guide where the network is poor, on a ward, or with no connection at
all. The zip holds the whole site built with Material's offline plugin (mkdocs.offline.yml, which
inherits mkdocs.yml): unzipped anywhere, index.html opens from the folder and navigation, search,
tooltips, citations and dark mode work without any network request. Every page shows the
version and build date. Like every build, it fails if a page breaks the HTML allow-list
(pmlcheck/html_allowlist.py), and every page carries a Content-Security-Policy made for file://
(pmlbuild/csp.py: the theme's own scripts only, the search shim's iframe included).

The version defaults to `git describe --tags --always` (or "dev" outside git).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def version_from_git() -> str:
    out = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "dev"


def build(version: str, out_dir: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PML_GUIDE_VERSION=version,
               PML_GUIDE_BUILD_DATE=dt.date.today().strftime("%-d %B %Y"))
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


def release_args(doc: str, argv=None) -> tuple[argparse.Namespace, str]:
    """--version and --out, shared by build_offline.py and build_pdf.py."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0], epilog=doc.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", help="version printed on every page and in the file name (default: from git)")
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    args = p.parse_args(argv)
    return args, args.version or version_from_git()


def main(argv=None) -> int:
    args, version = release_args(__doc__, argv)
    start = time.perf_counter()
    target = build(version, args.out)
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
