#!/usr/bin/env python3
"""Build the printable edition of PML Guide: dist/pml-guide-<version>.pdf.

Why: some readers want the guide on paper, for themselves or for a relative. mkdocs.print.yml
(inheriting the offline configuration) joins every page, in navigation order, into one page with
a cover (version, date, disclaimer) and a table of contents, internal links kept working;
headless Chromium then prints it to A4 with page numbers. The print page is checked against the
HTML allow-list like every page, and its Content-Security-Policy approves the theme's scripts and
mkdocs-print-site-plugin's one table-of-contents script only (pmlbuild/csp.py). Chromium never
prints as root: started as root, the printing step runs as `nobody` (print_unprivileged). Needs Debian's chromium and the test
requirements (Playwright): `python3 scripts/dev.py pdf` sets both up and runs this.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
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
NOBODY = 65534  # Debian's `nobody` user and `nogroup` group: the printing step runs as them when started as root
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">PML Guide {version} · page '
          '<span class="pageNumber"></span> of <span class="totalPages"></span></div>')


def print_pdf(page_html: Path, target: Path, version: str) -> None:
    """Headless Chromium prints ``page_html`` (a file: page) to ``target``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page()
        page.goto(page_html.as_uri(), wait_until="load", timeout=120_000)
        page.emulate_media(media="print", color_scheme="light")
        page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=FOOTER.format(version=version),
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()


def print_unprivileged(page_html: Path, target: Path, version: str) -> None:
    """Print as an ordinary user: the page is built from contributors' text and Chromium reads the
    file: addresses it names, so as root it could read (and print) any file of the machine. Run as
    root, the printing step runs as `nobody` (no supplementary groups), reading only the built
    site and what any user may read; the PDF comes back through a folder only it writes."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        print_pdf(page_html, target, version)
        return
    for folder in (page_html.parent, *page_html.parent.parents):
        if folder == Path(tempfile.gettempdir()):
            break
        folder.chmod(folder.stat().st_mode | 0o055)  # readable by the printing user (temporary folders only)
    with tempfile.TemporaryDirectory(prefix="pml-pdf-out-") as out:
        os.chown(out, NOBODY, NOBODY)
        home = Path(out) / "home"
        result = subprocess.run([sys.executable, __file__, "--print-as-nobody", str(page_html), str(Path(out) / "x.pdf"), version],
                                user=NOBODY, group=NOBODY, extra_groups=[], cwd=out, capture_output=True, text=True,
                                env=build_env(HOME=str(home)), timeout=600)
        if result.returncode != 0:
            sys.exit("printing the PDF as an unprivileged user failed:\n" + result.stdout + result.stderr)
        shutil.move(str(Path(out) / "x.pdf"), target)


def main(argv=None) -> int:
    from build_offline import gate_configuration, release_args

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--print-as-nobody"]:  # the unprivileged half of print_unprivileged
        print_pdf(Path(argv[1]), Path(argv[2]), argv[3])
        return 0
    args, version = release_args(__doc__, argv)
    gate_configuration("mkdocs.print.yml")
    start = time.perf_counter()
    env = build_env(PML_GUIDE_BUILD_DATE=dt.date.today().strftime("%-d %B %Y"))
    with tempfile.TemporaryDirectory(prefix="pml-print-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.print.yml", "-d", str(site)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        log = result.stdout + result.stderr
        unexpected = [line for line in log.splitlines()
                      if re.match(r"(WARNING|ERROR)\b", line) and not EXPECTED_WARNING.search(line)]
        if result.returncode != 0 or unexpected:
            sys.exit("the print build failed:\n" + ("\n".join(unexpected) or log))
        if not Path(CHROMIUM).exists():
            sys.exit(f"the PDF needs Debian's chromium at {CHROMIUM}: run `python3 scripts/dev.py pdf`, "
                     "or install it with `sudo apt-get install chromium`.")
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / f"pml-guide-{version}.pdf"
        print_unprivileged(site / "print_page.html", target, version)
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
