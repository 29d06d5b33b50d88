#!/usr/bin/env python3
"""Build the printable edition of PML Guide: dist/pml-guide-<version>.pdf (with --language es,
the Spanish edition: dist/guia-lmp-<version>.pdf).

Why: some readers want the guide on paper, for themselves or for a relative. mkdocs.print.yml
(inheriting the offline configuration) joins every page, in navigation order, into one page with
a cover (version, date, disclaimer) and a table of contents, internal links kept working;
headless Chromium then prints it to A4 with page numbers. The print page is checked against the
HTML allow-list like every page, and its Content-Security-Policy approves the theme's scripts and
mkdocs-print-site-plugin's one table-of-contents script only (pmlbuild/csp.py). Needs Debian's chromium and the test
requirements (Playwright): `python3 scripts/dev.py pdf` sets both up and runs this.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pmlbuild.environment import CHROMIUM, build_env  # scripts/ is on the path: this file runs from it

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# print-site adds each page's title as a heading when the page has no <h1> of its own (ours
# never do: the title comes from front matter), and says so once per page. Any other warning fails.
EXPECTED_WARNING = re.compile(r"\[mkdocs-print-site\] '.*' file is missing a leading h1 tag")
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">PML Guide {version} · page '
          '<span class="pageNumber"></span> of <span class="totalPages"></span></div>')
# --language es: the Spanish edition (decisions/0002-languages.md), its configuration, file and footer.
EDITIONS = {"en": ("mkdocs.print.yml", "pml-guide-{version}.pdf", FOOTER),
            "es": ("mkdocs.print.es.yml", "guia-lmp-{version}.pdf",
                   FOOTER.replace("PML Guide", "Guía de la LMP").replace("· page", "· página").replace(" of ", " de "))}


def main(argv=None) -> int:
    from build_offline import release_args

    args, version = release_args(__doc__, argv, language=True)
    config, name, footer = EDITIONS[args.language]
    start = time.perf_counter()
    env = build_env(PML_GUIDE_BUILD_DATE=dt.date.today().strftime("%-d %B %Y"))
    with tempfile.TemporaryDirectory(prefix="pml-print-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", config, "-d", str(site)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        log = result.stdout + result.stderr
        unexpected = [line for line in log.splitlines()
                      if re.match(r"(WARNING|ERROR)\b", line) and not EXPECTED_WARNING.search(line)]
        if result.returncode != 0 or unexpected:
            sys.exit("the print build failed:\n" + ("\n".join(unexpected) or log))
        if not Path(CHROMIUM).exists():
            sys.exit(f"the PDF needs Debian's chromium at {CHROMIUM}: run `python3 scripts/dev.py pdf`, "
                     "or install it with `sudo apt-get install chromium`.")
        from playwright.sync_api import sync_playwright

        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / name.format(version=version)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page()
            page.goto((site / "print_page.html").as_uri(), wait_until="load")
            page.emulate_media(media="print", color_scheme="light")
            page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=footer.format(version=version),
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            browser.close()
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
